"""更正类别: a problem filed under the wrong kind gets the right one before it is accepted, with
that kind's routing and acceptance limit; the reporter sees the correction, not the reason."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from qingfeng.audit.models import AuditEntry
from qingfeng.ledger import deadlines, services
from qingfeng.ledger.models import Notification, ProblemEvent
from qingfeng.orgs.models import OrgUnit
from qingfeng.orgs.roles import Role
from tests.conftest import make_user
from tests.ledger.helpers import at, new_problem

pytestmark = pytest.mark.django_db


def _committee(world):
    committee = OrgUnit.objects.create(
        name="东村村民委员会", kind=OrgUnit.Kind.VILLAGE_COMMITTEE, region=world.village_a1
    )
    member = make_user("gina", Role.VILLAGE_SUPERVISOR, committee, [world.village_a1])
    return committee, member


def test_a_livelihood_request_filed_as_an_accusation_moves_to_the_village_committee(world):
    committee, member = _committee(world)
    problem = new_problem(world.village_a1, kind="accusation")  # about nobody in particular
    assert problem.handling_unit.name == "甲镇纪委"
    now = at("2026-11-04")
    services.problem_reclassify(
        actor=world.township_a_official,
        problem=problem,
        kind="livelihood",
        reason="反映的是低保金发放，不是举报干部",
        now=now,
    )
    problem.refresh_from_db()
    assert problem.kind == "livelihood"
    assert problem.handling_unit == committee
    assert problem.watching_unit.name == "甲镇纪委"
    assert problem.scope_code == world.village_a1.code
    # the committee has the forwarding limit from today, as with any transfer
    assert problem.due_rule == "forward"
    assert problem.due_date == deadlines.due_after("forward", timezone.localdate(now)).due
    public = problem.events.get(kind=ProblemEvent.Kind.RECLASSIFIED)
    assert public.public and public.note == "检举控告 → 民生诉求"
    assert "低保金" not in public.note  # the reason is internal
    reason = problem.events.get(kind=ProblemEvent.Kind.NOTE)
    assert not reason.public and "低保金发放" in reason.note
    assert AuditEntry.objects.filter(action="ledger.problem.reclassify").count() == 1
    assert Notification.objects.filter(user=member, problem=problem).exists()


def test_the_unit_stays_and_the_acceptance_limit_is_that_of_the_right_kind(world):
    problem = new_problem(world.village_a1, kind="livelihood", day="2026-11-02")
    assert problem.due_rule == "livelihood_accept"
    assert problem.scope_code == world.village_a1.code  # no committee: the township handles it
    services.problem_reclassify(
        actor=world.township_a_official,
        problem=problem,
        kind="accusation",
        reason="举报村干部优亲厚友",
        now=at("2026-11-05"),
    )
    problem.refresh_from_db()
    assert problem.handling_unit.name == "甲镇纪委"
    assert problem.due_rule == "accusation_accept"
    # counted from the day it was received, not from the correction
    received = timezone.localdate(problem.received_at)
    assert problem.due_date == deadlines.due_after("accusation_accept", received).due
    assert problem.scope_code == world.township_a.code  # an accusation is not the village's to see


@pytest.mark.parametrize(
    ("kind", "reason", "decided_by", "message"),
    [
        ("livelihood", "", "", "原因"),
        ("accusation", "写错了", "", "已经是"),
        ("appeal", "其实是申诉", "", "申诉"),
        ("nonsense", "写错了", "", "类别"),
    ],
)
def test_bad_corrections_are_refused_with_a_reason(world, kind, reason, decided_by, message):
    problem = new_problem(world.village_a1, kind="accusation", subject_level="village_cadre")
    with pytest.raises(ValidationError) as refused:
        services.problem_reclassify(
            actor=world.township_a_official,
            problem=problem,
            kind=kind,
            reason=reason,
            decided_by=decided_by,
        )
    assert message in str(refused.value)
    problem.refresh_from_db()
    assert problem.kind == "accusation" and not problem.events.filter(kind="reclassified")


def test_an_accepted_problem_keeps_its_kind(world):
    problem = new_problem(world.village_a1, kind="accusation", subject_level="village_cadre")
    services.problem_accept(actor=world.township_a_official, problem=problem)
    with pytest.raises(ValidationError):
        services.problem_reclassify(
            actor=world.township_a_official, problem=problem, kind="livelihood", reason="写错了"
        )


def test_the_office_corrects_the_kind_from_the_problem_page(login, world):
    _committee(world)
    problem = new_problem(world.village_a1, kind="accusation")
    url = reverse("office:ledger:problem", kwargs={"pk": problem.pk})
    triage = reverse("office:ledger:triage", kwargs={"pk": problem.pk})
    assert (
        login(world.township_b_official)
        .post(triage, {"action": "reclassify", "kind": "livelihood", "reason": "x"})
        .status_code
        == 404
    )
    client = login(world.township_a_official)
    page = client.get(url).content.decode()
    assert "更正类别" in page and 'id="reclassify_reason"' in page
    response = client.post(triage, {"action": "reclassify", "kind": "livelihood", "reason": ""})
    assert response.status_code == 302
    problem.refresh_from_db()
    assert problem.kind == "accusation"
    response = client.post(
        triage, {"action": "reclassify", "kind": "livelihood", "reason": "其实是民生诉求"}
    )
    problem.refresh_from_db()
    assert problem.kind == "livelihood"
    assert problem.handling_unit.name == "东村村民委员会"
    # the township still watches it, so it stays on its page
    assert response["Location"] == url
