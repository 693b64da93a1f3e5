"""A report made of a voice recording only (what MediaRecorder produces: WebM/Opus), stored as
audio without its metadata; a Uyghur name with a middle dot in a named report."""

import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qingfeng.audit.models import AuditEntry
from qingfeng.intake.models import Report
from tests.intake.helpers import jpeg_with_gps, report_data


def voice_webm(tmp_path, title="secret-title-here") -> bytes:
    out = tmp_path / "voice.webm"
    command = [
        "ffmpeg", "-v", "error", "-nostdin", "-y", "-f", "lavfi", "-i",
        "sine=frequency=440:duration=1", "-c:a", "libopus", "-metadata", f"title={title}",
        str(out),
    ]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True)
    data = out.read_bytes()
    assert title.encode() in data
    return data


@pytest.fixture
def village_url(world):
    return reverse("intake:village_report", kwargs={"code": world.village_a1.code})


def test_a_recording_alone_is_a_report_stored_as_audio_without_metadata(
    client, world, village_url, tmp_path
):
    voice = SimpleUploadedFile("voice.webm", voice_webm(tmp_path), content_type="audio/webm")
    response = client.post(village_url, {**report_data(description=""), "audio": voice})
    assert response.status_code == 302, response.content.decode()[:2000]
    report = Report.objects.get()
    assert report.description == ""
    (attachment,) = report.attachments.all()
    assert attachment.kind == "audio" and attachment.content_type == "audio/webm"
    stored = attachment.file.read()
    assert stored[:4] == b"\x1a\x45\xdf\xa3" and b"secret-title-here" not in stored


def test_a_report_with_nothing_is_refused_with_a_clear_message(client, world, village_url):
    response = client.post(village_url, report_data(description=""))
    assert response.status_code == 400
    assert "请说明发生了什么，或者添加照片、录音或视频。" in response.content.decode()
    assert not Report.objects.exists()


def test_a_uyghur_name_with_a_middle_dot_is_kept(client, world, village_url):
    name = "阿不都热合曼·艾买提"
    response = client.post(
        village_url,
        report_data(identity="named", name=name, phone="13912345678"),
    )
    assert response.status_code == 302
    assert Report.objects.get().reveal_name() == name


def test_a_uyghur_name_in_its_own_script_is_kept(client, world, village_url):
    name = "ئابدۇراخمان·ئەخمەت"
    client.cookies["django_language"] = "ug"
    response = client.post(
        village_url,
        report_data(identity="named", name=name, phone="13912345678"),
    )
    assert response.status_code == 302
    assert Report.objects.get().reveal_name() == name


def test_a_recording_without_a_kind_is_accepted_and_the_township_sorts_it(
    client, world, village_url, tmp_path
):
    page = client.get(village_url).content.decode()
    assert "如果发送录音或视频，这一项可以不选，由乡镇帮您分类。" in page  # the form says so
    voice = SimpleUploadedFile("voice.webm", voice_webm(tmp_path), content_type="audio/webm")
    data = report_data(description="")
    del data["kind"]
    response = client.post(village_url, {**data, "audio": voice})
    assert response.status_code == 302, response.content.decode()[:2000]
    problem = Report.objects.get().problem
    # filed as an opinion: it goes to the township commission, which listens and sorts it
    assert problem.kind == "suggestion"
    assert problem.handling_unit.kind == "township_commission"
    assert problem.title == "录音反映，未选类别"
    assert problem.description.startswith("反映人发送了录音，没有选择类别")
    entry = AuditEntry.objects.get(action="intake.report.submit")
    assert entry.data["kind_chosen"] is False


def test_without_a_recording_the_kind_is_still_asked(client, world, village_url):
    data = report_data()
    del data["kind"]
    response = client.post(village_url, data)
    assert response.status_code == 400
    assert "请选择反映的是哪类事情" in response.content.decode()
    assert not Report.objects.exists()
    # a photo is not a recording: a photo alone still needs a kind
    response = client.post(village_url, {**data, "photo": jpeg_with_gps()})
    assert response.status_code == 400
    assert not Report.objects.exists()


def test_a_uyghur_page_still_writes_the_office_note_in_chinese(
    client, world, village_url, tmp_path
):
    client.cookies["django_language"] = "ug"
    voice = SimpleUploadedFile("voice.webm", voice_webm(tmp_path), content_type="audio/webm")
    data = report_data(description="")
    del data["kind"]
    assert client.post(village_url, {**data, "audio": voice}).status_code == 302
    assert Report.objects.get().problem.title == "录音反映，未选类别"
