"""The report form as a first-time resident meets it: the app's own messages beside the fields
(no browser popups), a recording or a photo alone is a report, and the done page says what
happens next."""

import io
import re
import wave

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qingfeng.intake.models import Report
from tests.intake.helpers import jpeg_with_gps, report_data


def _url(world):
    return reverse("intake:village_report", kwargs={"code": world.village_a1.code})


def _wav() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x00\x01" * 8000)
    return SimpleUploadedFile("voice.wav", buffer.getvalue(), content_type="audio/x-wav")


def test_the_form_leaves_checking_to_the_app(client, world):
    html = client.get(_url(world)).content.decode()
    assert re.search(r"<form [^>]*data-upload-progress novalidate>", html)


def test_an_empty_report_gets_a_chinese_message_beside_the_description(client, world):
    response = client.post(_url(world), report_data(description=""))
    html = response.content.decode()
    assert response.status_code == 400 and not Report.objects.exists()
    message = "请说明发生了什么，或者添加照片、录音或视频。"
    assert html.index(message) < html.index('name="description"')
    assert html.index(message) > html.index("<legend>")  # beside its field, not only at the top


def test_a_voice_recording_alone_is_a_report(client, world):
    response = client.post(_url(world), report_data(description="", audio=_wav()))
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.attachments.get().kind == "audio"
    assert report.problem.title == "仅有照片、录音或视频的反映"


def test_a_photo_alone_is_a_report(client, world):
    assert (
        client.post(_url(world), report_data(description="", photo=jpeg_with_gps())).status_code
        == 302
    )
    assert Report.objects.get().attachments.count() == 1


def test_a_missing_name_is_asked_for_beside_the_name_field(client, world):
    html = client.post(_url(world), report_data(identity="named")).content.decode()
    assert html.index("实名反映请填写姓名。") < html.index('name="name"')


def test_the_done_page_says_who_handles_it_and_by_when(client, world):
    client.post(_url(world), report_data(kind="suggestion"))
    problem = Report.objects.get().problem
    html = client.get(reverse("intake:done")).content.decode()
    assert "接下来怎么办" in html and "由<strong>甲镇纪委</strong>办理" in html
    assert f"{problem.due_date:%Y-%m-%d}" in html
    code = re.search(r'data-copy="(\d{16})"', html).group(1)
    groups = " ".join(f"<span>{code[i : i + 4]}</span>" for i in range(0, 16, 4))
    assert groups in html  # four groups that each stay whole


def test_photos_show_as_thumbnails_on_the_problem_page_in_scope_only(client, login, world):
    from PIL import Image

    from qingfeng.intake.models import ReportAttachment

    client.post(_url(world), report_data(photo=jpeg_with_gps()))
    attachment = ReportAttachment.objects.get()
    problem = attachment.report.problem
    office = login(world.township_a_official)
    page = office.get(reverse("office:ledger:problem", kwargs={"pk": problem.pk})).content.decode()
    thumb = reverse("office:intake:attachment", kwargs={"pk": attachment.pk}) + "?size=thumb"
    assert f'<img src="{thumb}"' in page
    response = office.get(thumb)
    assert response["Content-Type"] == "image/jpeg"
    assert max(Image.open(io.BytesIO(response.content)).size) <= 320
    assert login(world.township_b_official).get(thumb).status_code == 404
