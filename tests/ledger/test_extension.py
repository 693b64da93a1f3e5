"""延期: a step's deadline moves later once, within its rule, with the reason told."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from qingfeng.intake import services as intake
from qingfeng.ledger import services
from qingfeng.ledger.models import Notification
from tests.ledger.helpers import at, new_problem

REASON = "需调取三年账目，核实需要时间"


def _accepted(world, day="2026-11-02"):
    problem = new_problem(world.village_a1, kind="suggestion", day=day)
    return services.problem_accept(actor=world.township_a_official, problem=problem, now=at(day))


def test_a_leader_extends_once_within_the_rule_and_the_reason_is_kept(world):
    problem = _accepted(world)
    assert problem.due_rule == "petition_answer"  # 60 days, extendable by 30 (信访工作条例 34)
    assert problem.due_date == dt.date(2027, 1, 1)
    services.problem_extend(
        actor=world.township_a_official,
        problem=problem,
        days=30,
        reason=REASON,
        now=at("2026-12-20"),
    )
    problem.refresh_from_db()
    assert problem.due_date == dt.date(2027, 1, 31) and problem.due_extension == 30
    event = problem.events.get(kind="extended")
    assert event.public and event.note == REASON and event.due_date == dt.date(2027, 1, 31)
    assert Notification.objects.filter(problem=problem, text__contains="2027-01-31").exists()
    with pytest.raises(ValidationError, match="已延期"):
        services.problem_extend(
            actor=world.township_a_official, problem=problem, days=1, reason=REASON
        )


@pytest.mark.parametrize(
    ("days", "reason", "when", "message"),
    [
        (31, REASON, "2026-12-01", "1至30"),
        (0, REASON, "2026-12-01", "1至30"),
        (10, "  ", "2026-12-01", "理由"),
        (10, REASON, "2027-01-02", "已过"),
    ],
)
def test_it_refuses_too_long_no_reason_or_too_late(world, days, reason, when, message):
    problem = _accepted(world)
    with pytest.raises(ValidationError, match=message):
        services.problem_extend(
            actor=world.township_a_official, problem=problem, days=days, reason=reason, now=at(when)
        )
    problem.refresh_from_db()
    assert problem.due_extension == 0 and not problem.events.filter(kind="extended").exists()


def test_only_a_leader_in_scope_and_only_where_the_rule_allows(world):
    problem = _accepted(world)
    with pytest.raises(PermissionDenied):  # a cadre of the inspection office, not a leader
        services.problem_extend(actor=world.zone_official, problem=problem, days=5, reason=REASON)
    with pytest.raises(PermissionDenied):  # another township's commission
        services.problem_extend(
            actor=world.township_b_official, problem=problem, days=5, reason=REASON
        )
    livelihood = new_problem(world.village_a1, kind="livelihood")
    with pytest.raises(ValidationError, match="不能延期"):  # 2 working days to accept: no 延期
        services.problem_extend(
            actor=world.county_official, problem=livelihood, days=1, reason=REASON
        )


def test_a_new_step_starts_without_extension(world):
    problem = _accepted(world)
    services.problem_extend(
        actor=world.county_official, problem=problem, days=10, reason=REASON, now=at("2026-11-03")
    )
    services.problem_reply(actor=world.township_a_official, problem=problem, reply="已答复")
    problem.refresh_from_db()
    assert problem.due_extension == 0 and problem.due_date is None


def test_the_office_page_extends_and_the_reporter_sees_the_new_deadline(client, world, login):
    report, code = intake.report_submit(
        village=world.village_a1, kind="suggestion", description="建议公开村道修缮的账目"
    )
    problem = services.problem_accept(actor=world.township_a_official, problem=report.problem)
    office = login(world.township_a_official)
    page = office.get(reverse("office:ledger:problem", args=[problem.pk])).content.decode()
    assert "延长办理期限" in page and 'value="extend"' in page
    office.post(
        reverse("office:ledger:dispose", args=[problem.pk]),
        {"action": "extend", "days": "20", "reason": REASON},
    )
    problem.refresh_from_db()
    assert problem.due_extension == 20
    page = office.get(reverse("office:ledger:problem", args=[problem.pk])).content.decode()
    assert 'value="extend"' not in page  # once
    assert "办理期限已延长" in page and REASON in page and "已延期20日" in page
    client.logout()
    html = client.post(reverse("intake:track"), {"code": code}, follow=True).content.decode()
    assert REASON in html and f"{problem.due_date:%Y-%m-%d}" in html
