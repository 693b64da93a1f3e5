"""A report with a photo inside the test world and one in the foreign county."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from qingfeng.intake import services
from qingfeng.intake.models import ReportAttachment
from tests.scoped_objects import scoped_object_factory

FILE = "tests/scoped-object.jpg"  # one fixed file, so the URL walk leaves nothing behind


def _report(village):
    report, _code = services.report_submit(
        village=village,
        kind="livelihood",
        description="补贴没有到账",
        anonymous=False,
        name="王五",
        phone="13900001111",
    )
    if not default_storage.exists(FILE):
        default_storage.save(FILE, ContentFile(b"\xff\xd8\xff\xe0 test"))
    ReportAttachment.objects.create(
        report=report, kind="image", content_type="image/jpeg", file=FILE, size=9, sha256="0"
    )


@scoped_object_factory
def intake_objects(world, foreign):
    _report(world.village_a1)
    _report(foreign["village"])
