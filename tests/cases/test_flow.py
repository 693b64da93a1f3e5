"""From the ledger to the clue, the case and back: links both ways, timeline lines, the
redacted /track/ lines, closing, 指定办案 scope, exports and the daily check."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from qingfeng.cases import export, selectors, services
from qingfeng.cases.models import Case, Clue
from qingfeng.ledger import services as ledger
from qingfeng.ledger.models import Problem
from tests.cases import helpers
from tests.conftest import sign_in


@pytest.fixture
def approver(world):
    return helpers.second_cadre(world)


def _problem(world):
    problem = ledger.problem_create(
        actor=None,
        region=world.village_a1,
        kind="accusation",
        source="report",
        title="低保优亲厚友",
        description="村主任把亲属纳入低保",
        subject_text="王某某",
        subject_level="village_cadre",
    )
    ledger.problem_accept(actor=None, problem=problem)
    return problem


def test_transfer_as_a_clue_creates_it_and_links_both_ways(world):
    problem = _problem(world)
    ledger.problem_to_clue(actor=world.township_a_official, problem=problem)
    problem.refresh_from_db()
    clue = Clue.objects.get(problem_id=problem.pk)
    year = timezone.localdate().year
    assert clue.number == f"XS{year}-0001" == problem.clue_ref
    assert clue.commission.name == "甲镇纪委" and clue.subjects.get().name == "王某某"
    second = helpers.clue_in_a1(world)
    assert second.number == f"XS{year}-0002"


def test_one_accusation_from_report_to_closing(world, approver):
    problem = _problem(world)
    bob = world.township_a_official
    ledger.problem_to_clue(actor=bob, problem=problem)
    clue = Clue.objects.get(problem_id=problem.pk)
    clue = helpers.approved(world, clue, "check", approver, plan="调取评审材料")
    services.disposal_check_result(
        actor=bob, disposal=selectors.current_disposal(clue), report="属实", result="file"
    )
    case = Case.objects.get(clue=clue)
    services.case_approve_filing(actor=approver, case=case)
    case.refresh_from_db()
    assert case.stage == "investigation" and case.due_rule == "investigation"
    services.case_set_investigators(actor=bob, case=case, investigators=[bob])
    services.case_add_evidence(actor=bob, case=case, description="评审记录")
    services.case_to_trial(actor=bob, case=case, reviewers=[approver])
    services.case_review_opinion(actor=approver, case=case, opinion="事实清楚")
    subject = clue.subjects.get()
    services.case_add_outcome(
        actor=bob, case=case, kind="government", measure="warning", subject=subject
    )
    services.case_add_outcome(
        actor=bob, case=case, kind="funds", measure="recovered", amount="12000"
    )
    services.case_decide(actor=bob, case=case)
    services.case_close(actor=bob, case=case, execution_note="已执行")
    problem.refresh_from_db()
    clue.refresh_from_db()
    assert clue.status == "closed" and problem.status == "closed"
    assert "12,000.00" in problem.reply and "政务处分1人" in problem.reply
    public = [e.note for e in problem.events.filter(public=True)]
    assert "已进入核查程序。" in public and "已立案审查调查。" in public
    assert not any("王某某" in note for note in public)
    private = [e.note for e in problem.events.filter(public=False, kind="clue")]
    assert any("初步核实" in note for note in private)


def test_a_designated_unit_sees_that_clue_and_nothing_else(world, client):
    designated = helpers.clue_in_a1(world)
    other = helpers.clue_in_a1(world)
    charlie = world.township_b_official
    assert not selectors.clues_for(charlie).exists()
    services.designate(
        actor=world.county_official,
        clue=designated,
        unit=helpers.unit_b(world),
        decision="异地办理",
    )
    assert list(selectors.clues_for(charlie)) == [designated]
    sign_in(client, charlie)
    assert client.get(reverse("office:cases:clue", args=[designated.pk])).status_code == 200
    assert client.get(reverse("office:cases:clue", args=[other.pk])).status_code == 404
    services.clue_assign(actor=charlie, clue=designated, handler=charlie)
    services.designation_end(actor=world.county_official, clue=designated)
    assert not selectors.clues_for(charlie).exists()
    assert client.get(reverse("office:cases:clue", args=[designated.pk])).status_code == 404


def test_only_a_county_leader_designates(world):
    clue = helpers.clue_in_a1(world)
    with pytest.raises(Exception) as exc:
        services.designate(
            actor=world.township_a_official,
            clue=clue,
            unit=helpers.unit_b(world),
            decision="x",
        )
    assert "县纪委监委领导" in str(exc.value)


def test_export_escapes_formulas(world):
    helpers.clue_in_a1(world, name="=HYPERLINK(1)")
    data = export.clues_xlsx(selectors.clue_list(world.county_official))
    ws = load_workbook(io.BytesIO(data)).active
    assert ws.cell(1, 2).value == "线索编号"
    cell = ws.cell(2, 7)  # kept as text (Excel's quote prefix), never a formula
    assert cell.value == "=HYPERLINK(1)" and cell.data_type == "s" and cell.quotePrefix


def test_overdue_check_flags_and_the_inbox_shows(world, approver, client):
    clue = helpers.approved(world, helpers.clue_in_a1(world), "talk", approver, talk_form="letter")
    later = timezone.now() + dt.timedelta(days=40)
    counts = ledger.check_deadlines(now=later)
    assert counts["cases_clues_overdue"] == 1
    clue.refresh_from_db()
    assert clue.overdue
    sign_in(client, world.township_a_official)
    page = client.get(reverse("office:inbox")).content.decode()
    assert clue.number in page


def test_shelved_clues_come_back_in_the_inbox(world, approver, client):
    review = timezone.localdate() + dt.timedelta(days=10)
    clue = helpers.approved(world, helpers.clue_in_a1(world), "shelve", approver, review_on=review)
    assert not selectors.due_for_review(world.township_a_official, timezone.localdate()).exists()
    assert list(selectors.due_for_review(world.township_a_official, review)) == [clue]


def test_pages_render(world, approver, client):
    case = helpers.case_in_investigation(world, approver)
    sign_in(client, world.township_a_official)
    for url in [
        reverse("office:cases:list"),
        reverse("office:cases:clue", args=[case.clue.pk]),
        reverse("office:cases:cases"),
        reverse("office:cases:case", args=[case.pk]),
        reverse("office:cases:zone", args=[world.zone_a.pk]),
        reverse("office:cases:new"),
    ]:
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("office:cases:case", args=[case.pk])).content.decode()
    assert "参与了本案审查调查" in page  # the investigator is greyed out as a reviewer
    response = client.post(
        reverse("office:cases:new"),
        {
            "region": world.village_a2.pk,
            "source": "audit",
            "subject_level": "village_cadre",
            "subjects": "李某，村委会委员，党员\nx",
            "summary": "审计移交",
        },
    )
    assert response.status_code == 400
    assert "第2行" in response.content.decode()


def test_problem_page_links_to_its_clue(world, client):
    problem = _problem(world)
    ledger.problem_to_clue(actor=world.township_a_official, problem=problem)
    sign_in(client, world.township_a_official)
    page = client.get(reverse("office:ledger:problem", args=[problem.pk])).content.decode()
    assert Problem.objects.get(pk=problem.pk).clue_ref in page


def test_a_shelved_clue_is_proposed_again_when_it_comes_back(world, approver):
    review = timezone.localdate() + dt.timedelta(days=10)
    clue = helpers.approved(world, helpers.clue_in_a1(world), "shelve", approver, review_on=review)
    bob = world.township_a_official
    services.disposal_propose(actor=bob, clue=clue, method="check", plan="重新核查")
    current = selectors.current_disposal(clue)
    assert current.method == "check" and current.status == "proposed"
    assert clue.disposals.get(method="shelve").status == "done"


def test_a_problem_transferred_to_the_county_stays_there_as_a_clue(world):
    problem = _problem(world)
    ledger.problem_transfer(actor=world.township_a_official, problem=problem, unit=world.commission)
    ledger.problem_accept(actor=None, problem=problem)
    ledger.problem_to_clue(actor=world.county_official, problem=problem)
    clue = Clue.objects.get(problem_id=problem.pk)
    assert clue.commission == world.commission and clue.scope_code == world.county.code
    assert not selectors.clues_for(world.township_a_official).filter(pk=clue.pk).exists()
