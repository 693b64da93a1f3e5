"""Topics in the test world: a candidate, an adopted topic led by the world's department."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from qingfeng.topics import services


def proposal(village, title="校车不安全", category="education", **extra):
    return services.proposal_submit(
        village=village,
        category=category,
        title=title,
        description=extra.pop("description", "孩子每天坐三轮车上学。"),
        **extra,
    )


def candidate(world, village=None, actor=None):
    return services.proposal_merge(
        actor=actor or world.county_official, proposal=proposal(village or world.village_a1)
    )


def adopted(world, village=None, regions=None, adopted_at=None):
    topic = candidate(world, village)
    return services.topic_adopt(
        actor=world.county_official,
        topic=topic,
        title="农村学生交通安全",
        problem="偏远村学生乘坐无资质车辆上学。",
        goal="本学期开通校车。",
        lead_unit=world.department,
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
        regions=[village or world.village_a1] if regions is None else regions,
        now=adopted_at,
    )


def days_ago(n: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=n)
