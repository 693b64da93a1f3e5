"""Monitors, a visit, an assigned round with a finding, inside the test world and in the foreign
county, for tests/office/test_every_url.py."""

from __future__ import annotations

import datetime as dt

from qingfeng.inspections import monitoring, projects, services
from qingfeng.orgs.models import Region
from qingfeng.orgs.services import region_set_supervision
from tests.inspections.helpers import county_round, monitor_in, world_monitors
from tests.scoped_objects import scoped_object_factory


@scoped_object_factory
def inspections_objects(world, foreign):
    a1, _a2, _b1 = world_monitors(world)
    round_ = county_round(world)
    services.round_assign(actor=world.admin, round_=round_)
    check = round_.assignments.first()
    services.finding_raise(
        actor=world.admin, assignment=check, category=round_.checklist[0], description="台账缺页"
    )
    monitoring.visit_log(
        actor=world.admin,
        monitor=a1,
        visited_on=dt.date(2026, 2, 3),
        place="村委会",
        group="aid",
        heard="低保户反映补贴按时到账",
        findings=[],
    )
    overseer = foreign["overseer"]
    town, village = foreign["township"], foreign["village"]
    second = Region.objects.create(code="330102100202", name="外二村", parent=town)
    monitor_in(overseer, village, "外监督甲")
    monitor_in(overseer, second, "外监督乙")
    outside = services.round_create(
        actor=overseer,
        region=foreign["county"],
        kind="cross",
        name="外县交叉检查",
        starts_on=dt.date(2026, 1, 5),
        ends_on=dt.date(2026, 1, 25),
        villages=[village, second],
    )
    plan = services.round_assign(actor=overseer, round_=outside)
    assert not plan.unassigned


def _project_and_cadence(actor, region, village):
    project = projects.project_create(
        actor=actor,
        region=region,
        kind="project",
        title="农村集体三资专项监督",
        survey="走访摸底",
        scope="全部村",
        method="查账、走访",
        villages=[village],
    )
    projects.task_add(
        actor=actor,
        project=project,
        title="清查集体资产",
        owner="乡镇纪委",
        started_on=dt.date(2026, 1, 5),
    )
    region_set_supervision(
        actor=actor, region=village, elevated=True, reason="信访集中", risk_tags=[]
    )
    projects.cadence_set(actor=actor, village=village, every="week", since=dt.date(2026, 1, 5))


@scoped_object_factory
def supervision_projects(world, foreign):
    _project_and_cadence(world.admin, world.county, world.village_a1)
    _project_and_cadence(foreign["overseer"], foreign["county"], foreign["village"])
