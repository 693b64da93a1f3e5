"""Time travel: deadlines across 国庆, a 调休 weekend and a year nobody knows yet, and the
daily check that flags and escalates (再监督)."""

import datetime as dt
import json

from django.core.management import call_command
from django.urls import reverse

from qingfeng.ledger import deadlines, services, workdays
from qingfeng.ledger.models import Notification, Problem
from qingfeng.ledger.tasks import check_deadlines_task
from tests.ledger.helpers import at, new_problem


def test_it_skips_the_national_day_holiday(world):
    # 2 working days from Wed 30 Sep 2026: 1–7 Oct are off, so Thu 8 and Fri 9 Oct.
    problem = new_problem(world.village_a1, day="2026-09-30")
    assert problem.due_date == dt.date(2026, 10, 9)
    assert problem.due_rule == "livelihood_accept" and not problem.due_provisional


def test_it_counts_a_tiaoxiu_saturday_as_a_working_day(world):
    # Sat 10 Oct 2026 is a 调休 working day: Fri 9 → Sat 10, (Sun 11 off) → Mon 12.
    problem = new_problem(world.village_a1, day="2026-10-09")
    assert problem.due_date == dt.date(2026, 10, 12)


def test_it_flags_and_escalates_the_day_after_the_deadline(world):
    problem = new_problem(world.village_a1, day="2026-09-30")
    assert problem.handling_unit.name == "甲镇纪委"
    assert services.check_deadlines(now=at("2026-10-09", 23))["overdue"] == 0
    assert services.check_deadlines(now=at("2026-10-10", 6))["overdue"] == 1
    problem.refresh_from_db()
    assert problem.overdue and problem.escalation_level == 1
    assert problem.supervising_unit == world.commission  # the county, one level up
    assert problem.events.filter(kind="overdue").exists()
    told = Notification.objects.filter(problem=problem).values_list("user__username", flat=True)
    assert {"admin", "alice", "bob"} <= set(told)
    # Flagged once, not every day.
    assert services.check_deadlines(now=at("2026-10-11", 6))["overdue"] == 0


def test_a_deadline_in_an_unknown_year_counts_weekends_only_and_is_provisional(world):
    # 15 working days from Wed 30 Dec 2026 run into 2027, which chinese-calendar does not know.
    problem = new_problem(world.village_a1, kind="accusation", day="2026-12-30")
    assert problem.due_provisional
    assert problem.due_date == dt.date(2027, 1, 20)  # 31 Dec + 14 weekdays of January
    response = services.check_deadlines(now=at("2027-01-21"))
    assert response["overdue"] == 1


def test_a_provisional_deadline_is_confirmed_once_the_year_is_added(world, settings, tmp_path):
    problem = new_problem(world.village_a1, kind="accusation", day="2026-12-30")
    data = {"years": {"2027": {"holidays": ["2027-01-01"], "workdays": []}}}
    path = tmp_path / "holidays.json"
    path.write_text(json.dumps(data))
    settings.QINGFENG_HOLIDAYS_FILE = str(path)
    assert services.check_deadlines(now=at("2027-01-05"))["refreshed"] == 1
    problem.refresh_from_db()
    assert not problem.due_provisional
    assert problem.due_date == dt.date(2027, 1, 21)  # New Year's Day is off


def test_working_days_never_crash_far_ahead():
    due, provisional = workdays.add_working_days(dt.date(2031, 12, 24), 10)
    assert provisional and due.weekday() < 5


def test_every_rule_names_its_source_and_confidence():
    for rule in deadlines.RULES.values():
        assert rule.source and rule.confidence in {"T", "S", "P"}


def test_the_problem_page_shows_the_rule_and_provisional(login, world):
    problem = new_problem(world.village_a1, kind="accusation", day="2026-12-30")
    html = (
        login(world.township_a_official)
        .get(reverse("office:ledger:problem", kwargs={"pk": problem.pk}))
        .content.decode()
    )
    assert "检举控告工作规则" in html and "暂定" in html


def test_the_daily_task_and_the_command_run_the_same_check(world, capsys):
    new_problem(world.village_a1, day="2020-01-02")
    result = check_deadlines_task.enqueue()
    assert result.return_value["overdue"] == 1
    call_command("ledger_check", today="2026-11-22")
    assert "overdue=0" in capsys.readouterr().out
    assert Problem.objects.get().overdue
