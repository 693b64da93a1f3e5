import io
import re

from django.urls import reverse
from PIL import Image

from qingfeng.audit.models import AuditEntry
from qingfeng.intake import codes
from qingfeng.intake.models import Report, ReportAttachment
from qingfeng.ledger.models import Problem
from tests.intake.helpers import GPS_IFD, jpeg_with_gps, report_data


def _submit(client, world, **extra):
    url = reverse("intake:village_report", kwargs={"code": world.village_a1.code})
    return client.post(url, report_data(**extra))


def _code(client) -> str:
    html = client.get(reverse("intake:done")).content.decode()
    return re.search(r'data-copy="(\d{16})"', html).group(1)


def test_it_shows_the_form_with_the_three_kinds_explained(client, world):
    url = reverse("intake:village_report", kwargs={"code": world.village_a1.code})
    html = client.get(url).content.decode()
    assert "检举控告" in html and "民生诉求" in html and "意见建议" in html
    assert 'capture="environment"' in html and "csrfmiddlewaretoken" in html


def test_it_takes_a_report_and_shows_the_code_once(client, world):
    response = _submit(client, world)
    assert response.status_code == 302 and response["Location"] == reverse("intake:done")
    code = _code(client)
    assert len(code) == 16
    report = Report.objects.get()
    assert report.code_hash == codes.code_hash(code) and code not in report.code_hash
    assert report.problem.source == Problem.Source.REPORT
    assert report.problem.handling_unit.name == "甲镇纪委"
    # Shown once: a second visit goes to the tracking page.
    assert client.get(reverse("intake:done"))["Location"] == reverse("intake:track")


def test_a_photo_is_stored_and_served_without_exif_or_gps(client, login, world):
    _submit(client, world, photo=jpeg_with_gps())
    attachment = ReportAttachment.objects.get()
    stored = attachment.file.read()
    assert b"Exif" not in stored and b"PhoneMaker" not in stored
    office = login(world.township_a_official)
    served = b"".join(office.get(reverse("office:intake:attachment", kwargs={"pk": attachment.pk})))
    image = Image.open(io.BytesIO(served))
    assert image.format == "JPEG" and not image.getexif().get_ifd(GPS_IFD)
    assert b"PhoneMaker" not in served
    assert AuditEntry.objects.filter(action="intake.attachment.view").exists()


def test_a_file_that_claims_to_be_a_jpeg_but_is_not_is_refused(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 not a photo", content_type="image/jpeg")
    response = _submit(client, world, photo=fake)
    assert response.status_code == 400
    assert "“photo.jpg”文件名表明是 JPEG 照片，但内容不是 JPEG 图片。" in response.content.decode()
    assert not Report.objects.exists()


def test_a_named_reporters_identity_is_encrypted(client, world):
    _submit(client, world, identity="named", name="王小二", phone="13912345678")
    report = Report.objects.get()
    assert report.reveal_name() == "王小二" and report.reporter_phone == "13912345678"
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT reporter_name_sealed, reporter_phone FROM intake_report")
        raw = " ".join(cursor.fetchone())
    assert "王小二" not in raw and "13912345678" not in raw


def test_a_named_report_needs_name_and_phone(client, world):
    response = _submit(client, world, identity="named", name="", phone="")
    assert response.status_code == 400 and not Report.objects.exists()


def test_a_report_about_a_public_record_is_an_objection(client, world):
    from qingfeng.core import extensions as ext

    ext.register_reference(
        "testrecord", lambda key: ext.Reference("testrecord", key, "三季度财务公开", "/x/")
    )
    url = reverse("intake:village_report", kwargs={"code": world.village_a1.code})
    assert "三季度财务公开" in client.get(url + "?about=testrecord:7").content.decode()
    client.post(url, report_data(about="testrecord:7"))
    report = Report.objects.get()
    assert report.about == "testrecord:7" and report.problem.source == "objection"


def test_an_unknown_reference_is_ignored(client, world):
    url = reverse("intake:village_report", kwargs={"code": world.village_a1.code})
    client.post(url, report_data(about="nothing:1"))
    assert Report.objects.get().about == ""


def test_submissions_are_rate_limited_per_client(client, world):
    for _ in range(5):
        assert _submit(client, world).status_code == 302
    assert _submit(client, world).status_code == 429
    assert Report.objects.count() == 5


def test_a_village_page_links_to_the_form_and_tracking(client, world):
    html = client.get(reverse("portal:village", kwargs={"code": world.village_a1.code}))
    html = html.content.decode()
    assert reverse("intake:village_report", kwargs={"code": world.village_a1.code}) in html
    assert reverse("intake:track") in html


def test_the_village_can_be_chosen(client, world):
    html = client.get(reverse("intake:choose") + f"?township={world.township_a.code}")
    assert "东村" in html.content.decode()
