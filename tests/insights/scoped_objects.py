"""A finished report inside the test world (township A) and one in the foreign county, for
tests/office/test_every_url.py. (Villages, the other objects insights pages take, come
with the world.)"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.utils import timezone

from qingfeng.insights.models import SupervisionReport
from tests.scoped_objects import scoped_object_factory


def _report(region):
    report = SupervisionReport(
        kind="monthly",
        period="2026-11",
        area_param=region.code,
        area_name=region.name,
        scope_code=region.code,
        status="done",
        progress=1.0,
        created_at=timezone.now(),
    )
    report.file.save(f"test-{region.code}.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    report.save()
    return report


@scoped_object_factory
def insights_reports(world, foreign):
    _report(world.township_a)
    _report(foreign["township"])
