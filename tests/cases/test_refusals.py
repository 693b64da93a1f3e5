"""Every refusal rule of the clue register and cases, each with its Chinese reason."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qingfeng.cases import selectors, services
from qingfeng.cases.models import Clue
from qingfeng.ledger import services as ledger
from qingfeng.orgs.models import Person, Relation
from tests.cases import helpers


def _message(exc) -> str:
    return " ".join(getattr(exc.value, "messages", None) or [str(exc.value)])


@pytest.fixture
def approver(world):
    return helpers.second_cadre(world)


def test_the_proposer_cannot_approve_their_own_disposal(world, approver):
    clue = helpers.clue_in_a1(world)
    bob = world.township_a_official
    services.clue_assign(actor=bob, clue=clue, handler=bob)
    services.disposal_propose(actor=bob, clue=clue, method="close", reason="查无实据")
    with pytest.raises(ValidationError) as exc:
        services.disposal_decide(actor=bob, disposal=selectors.current_disposal(clue), approve=True)
    assert "须由另一人审批" in _message(exc)
    services.disposal_decide(
        actor=approver, disposal=selectors.current_disposal(clue), approve=True
    )
    clue.refresh_from_db()
    assert clue.status == "closed"


def test_only_the_handler_proposes_and_one_method_at_a_time(world, approver):
    clue = helpers.clue_in_a1(world)
    bob = world.township_a_official
    with pytest.raises(PermissionDenied) as exc:
        services.disposal_propose(actor=bob, clue=clue, method="talk", talk_form="talk")
    assert "承办人" in _message(exc)
    services.clue_assign(actor=bob, clue=clue, handler=bob)
    services.disposal_propose(actor=bob, clue=clue, method="talk", talk_form="talk")
    with pytest.raises(ValidationError) as exc:
        services.disposal_propose(actor=bob, clue=clue, method="check", plan="核查")
    assert "一次只能采用一种处置方式" in _message(exc)


def test_a_cadre_of_another_unit_is_not_in_jurisdiction(world):
    clue = helpers.clue_in_a1(world)
    with pytest.raises(ValidationError) as exc:
        services.clue_assign(
            actor=world.township_a_official, clue=clue, handler=world.township_b_official
        )
    assert "不在管辖范围" in _message(exc)


def test_recusal_relative_of_the_subject(world, approver):
    subject = Person.objects.create(name="王主任", region=world.village_a1)
    Relation.objects.create(person=approver.person, relative=subject, kind="sibling")
    clue = helpers.clue_in_a1(world, person=subject)
    with pytest.raises(ValidationError) as exc:
        services.clue_assign(actor=world.township_a_official, clue=clue, handler=approver)
    assert "须回避" in _message(exc) and "被反映人的近亲属" in _message(exc)


def test_recusal_from_the_subjects_village(world):
    neighbour = helpers.second_cadre(world, "cora", village=world.village_a1)
    clue = helpers.clue_in_a1(world)
    with pytest.raises(ValidationError) as exc:
        services.clue_assign(actor=world.township_a_official, clue=clue, handler=neighbour)
    assert "住在被反映人所在村" in _message(exc)


def test_recusal_the_reporter_and_their_relative(world, approver):
    problem = ledger.problem_create(
        actor=approver,
        region=world.village_a1,
        kind="accusation",
        source="visit",
        title="走访发现",
        description="村主任优亲厚友",
        subject_level="village_cadre",
    )  # the approver found it on a visit: the reporter
    ledger.problem_accept(actor=None, problem=problem)
    ledger.problem_to_clue(actor=world.township_a_official, problem=problem)
    clue = Clue.objects.get(problem_id=problem.pk)
    with pytest.raises(ValidationError) as exc:
        services.clue_assign(actor=world.township_a_official, clue=clue, handler=approver)
    assert "是反映人" in _message(exc)
    relative = helpers.second_cadre(world, "dave")
    clue2 = helpers.clue_in_a1(world)
    clue2.reporter_person = Person.objects.create(name="举报人", region=world.village_a2)
    clue2.save()
    Relation.objects.create(person=relative.person, relative=clue2.reporter_person, kind="child")
    with pytest.raises(ValidationError) as exc:
        services.clue_assign(actor=world.township_a_official, clue=clue2, handler=relative)
    assert "反映人的近亲属" in _message(exc)


def test_recusal_applies_to_the_approver_too(world, approver):
    subject = Person.objects.create(name="王主任", region=world.village_a1)
    Relation.objects.create(person=approver.person, relative=subject, kind="spouse")
    clue = helpers.clue_in_a1(world, person=subject)
    bob = world.township_a_official
    services.clue_assign(actor=bob, clue=clue, handler=bob)
    services.disposal_propose(actor=bob, clue=clue, method="close", reason="查无实据")
    with pytest.raises(ValidationError) as exc:
        services.disposal_decide(
            actor=approver, disposal=selectors.current_disposal(clue), approve=True
        )
    assert "须回避" in _message(exc) and "审批人" in _message(exc)


def test_an_investigator_cannot_review(world, approver):
    case = helpers.case_in_investigation(world, approver)
    with pytest.raises(ValidationError) as exc:
        services.case_to_trial(
            actor=world.township_a_official, case=case, reviewers=[world.township_a_official]
        )
    assert "参与了本案审查调查，不能参与审理" in _message(exc)
    services.case_to_trial(actor=world.township_a_official, case=case, reviewers=[approver])
    case.refresh_from_db()
    assert case.stage == "trial"


def test_a_joint_review_needs_two_units_of_the_zone(world, approver):
    case = helpers.case_in_investigation(world, approver)
    with pytest.raises(ValidationError) as exc:
        services.case_to_trial(
            actor=world.township_a_official,
            case=case,
            reviewers=[approver],
            joint_review=True,
            zone=world.zone_a,
        )
    assert "至少两个单位" in _message(exc)
    # Township B's commission is not in the zone: refused by name.
    with pytest.raises(ValidationError) as exc:
        services.case_to_trial(
            actor=world.township_a_official,
            case=case,
            reviewers=[approver, world.township_b_official],
            joint_review=True,
            zone=world.zone_a,
        )
    assert "不是本片区的单位" in _message(exc)


def test_the_village_committee_sanction_limit(world, approver):
    case = helpers.case_in_investigation(world, approver)
    services.case_to_trial(actor=world.township_a_official, case=case, reviewers=[approver])
    services.case_review_opinion(actor=approver, case=case, opinion="事实清楚")
    subject = case.clue.subjects.get()
    assert subject.village_committee
    with pytest.raises(ValidationError) as exc:
        services.case_add_outcome(
            actor=world.township_a_official,
            case=case,
            kind="government",
            measure="demotion",
            subject=subject,
        )
    assert "村委会成员" in _message(exc) and "降级" in _message(exc)
    outcome = services.case_add_outcome(
        actor=world.township_a_official,
        case=case,
        kind="government",
        measure="major_demerit",
        subject=subject,
    )
    assert outcome.months == 18


def test_detention_cannot_exceed_the_legal_limit(world, approver):
    case = helpers.case_in_investigation(world, approver)
    start = dt.date(2026, 11, 1)
    with pytest.raises(ValidationError) as exc:
        services.case_investigation_update(
            actor=world.township_a_official,
            case=case,
            detention_from=start,
            detention_until=start + dt.timedelta(days=181),
        )
    assert "留置" in _message(exc) and "监察法" in _message(exc)
    services.case_investigation_update(
        actor=world.township_a_official,
        case=case,
        detention_from=start,
        detention_until=start + dt.timedelta(days=90),
    )


def test_the_filing_needs_a_second_person(world, approver):
    clue = helpers.approved(world, helpers.clue_in_a1(world), "check", approver, plan="核查")
    bob = world.township_a_official
    services.disposal_check_result(
        actor=bob, disposal=selectors.current_disposal(clue), report="属实", result="file"
    )
    with pytest.raises(ValidationError) as exc:
        services.case_approve_filing(actor=bob, case=clue.case)
    assert "须由另一人审批" in _message(exc)


def test_funds_need_an_amount_in_yuan(world, approver):
    case = helpers.case_in_investigation(world, approver)
    services.case_to_trial(actor=world.township_a_official, case=case, reviewers=[approver])
    services.case_review_opinion(actor=approver, case=case, opinion="事实清楚")
    with pytest.raises(ValidationError) as exc:
        services.case_add_outcome(
            actor=world.township_a_official,
            case=case,
            kind="funds",
            measure="recovered",
            amount="一万",
        )
    assert "元" in _message(exc)
