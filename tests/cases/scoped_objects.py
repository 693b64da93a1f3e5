"""A clue with an attachment and a case, and a zone meeting, inside the test world (village
A1) and in the foreign county, for tests/office/test_every_url.py."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.utils import timezone

from qingfeng.cases.models import Attachment, Case, Clue, Meeting, Subject
from qingfeng.orgs.models import OrgUnit, Zone
from tests.scoped_objects import scoped_object_factory


def _clue_with_everything(village, unit, zone, n):
    now = timezone.now()
    clue = Clue.objects.create(
        number=f"XS2026-{n:04d}",
        year=2026,
        seq=n,
        commission=unit,
        scope_code=unit.region.code,
        region=village,
        source="report",
        subject_level="village_cadre",
        summary="测试线索",
        received_on=now.date(),
        created_at=now,
    )
    Subject.objects.create(clue=clue, name="王某")
    Attachment.objects.create(
        clue=clue, file=ContentFile(b"x", name="a.txt"), name="a.txt", added_at=now
    )
    Case.objects.create(
        clue=clue,
        number=f"LA2026-{n:04d}",
        scope_code=clue.scope_code,
        stage="investigation",
        proposed_by_id=None or _any_user_id(),
        stage_started=now.date(),
        created_at=now,
    )
    Meeting.objects.create(
        zone=zone, held_on=now.date(), attendees="甲", decisions="乙", created_at=now
    )


def _any_user_id():
    from qingfeng.orgs.models import User

    return User.objects.order_by("pk").first().pk


@scoped_object_factory
def cases_objects(world, foreign):
    unit_a = OrgUnit.objects.get(name="甲镇纪委")
    _clue_with_everything(world.village_a1, unit_a, world.zone_a, 1)
    _clue_with_everything(foreign["village"], foreign["unit"], Zone.objects.get(name="外片区"), 2)
