"""Building clues and cases in the test world through the services."""

from __future__ import annotations

from qingfeng.cases import selectors, services
from qingfeng.orgs.models import OrgUnit, Person
from qingfeng.orgs.roles import Role
from tests.conftest import make_user


def township_a_unit(world):
    return world.township_a_official.org_unit


def second_cadre(world, username="bella", village=None):
    """Another cadre of township A's commission (the approver), living in village A2."""
    person = Person.objects.create(name=f"{username}本人", region=village or world.village_a2)
    user = make_user(username, Role.TOWNSHIP_CADRE, township_a_unit(world), [world.township_a])
    user.person = person
    user.save()
    return user


def clue_in_a1(world, *, actor=None, post="村委会主任", person=None, name="王某"):
    return services.clue_create(
        actor=actor or world.township_a_official,
        region=world.village_a1,
        source="report",
        subject_level="village_cadre",
        summary="反映村委会主任优亲厚友。",
        subjects=[
            {
                "person": person,
                "name": name,
                "post": post,
                "village_committee": "村委会" in post,
                "party_member": True,
            }
        ],
    )


def approved(world, clue, method, approver, **kw):
    handler = world.township_a_official
    services.clue_assign(actor=handler, clue=clue, handler=handler)
    services.disposal_propose(actor=handler, clue=clue, method=method, **kw)
    services.disposal_decide(
        actor=approver, disposal=selectors.current_disposal(clue), approve=True
    )
    clue.refresh_from_db()
    return clue


def case_in_investigation(world, approver, investigators=None):
    clue = approved(world, clue_in_a1(world), "check", approver, plan="调取材料")
    handler = world.township_a_official
    services.disposal_check_result(
        actor=handler, disposal=selectors.current_disposal(clue), report="属实", result="file"
    )
    case = clue.case
    services.case_approve_filing(actor=approver, case=case)
    services.case_set_investigators(
        actor=handler, case=case, investigators=investigators or [handler]
    )
    services.case_add_evidence(actor=handler, case=case, description="会议记录")
    case.refresh_from_db()
    return case


def unit_b(world):
    return OrgUnit.objects.get(name="乙乡纪委")
