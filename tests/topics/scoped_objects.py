"""A resident's proposal with a phone, and an adopted topic led by a department, inside the
test world (village A1) and in the foreign county, for tests/office/test_every_url.py."""

from __future__ import annotations

from qingfeng.orgs.models import OrgUnit
from qingfeng.orgs.roles import Role
from qingfeng.topics import services
from tests.conftest import make_user
from tests.scoped_objects import scoped_object_factory


def _topic(village, leader, unit):
    proposal = services.proposal_submit(
        village=village,
        category="water",
        title="自来水经常停",
        description="夏天经常停水",
        phone="13900002222",
    )
    services.proposal_submit(
        village=village, category="roads", title="村道坑洼", description="路坏了"
    )
    topic = services.proposal_merge(actor=leader, proposal=proposal)
    services.topic_adopt(
        actor=leader,
        topic=topic,
        title="农村饮水",
        problem="停水",
        goal="不停水",
        lead_unit=unit,
        period_start=topic.created_at.date(),
        period_end=topic.created_at.date(),
        regions=[village],
    )


@scoped_object_factory
def topics_objects(world, foreign):
    _topic(world.village_a1, world.county_official, world.department)
    county = foreign["county"]
    department = OrgUnit.objects.create(
        name="外县民政局", kind=OrgUnit.Kind.DEPARTMENT, region=county
    )
    leader = make_user("outside-leader", Role.COUNTY_LEADER, department, [county])
    _topic(foreign["village"], leader, department)
