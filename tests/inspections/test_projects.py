"""立项监督 projects (task deadlines from the one policy, overdue tasks in the county's inbox,
findings into the ledger, closing) and the 提级监督 cadence (due and missed check-ins)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from qingfeng.inspections import projects
from qingfeng.ledger import deadlines
from qingfeng.orgs.services import region_set_supervision
from tests.conftest import sign_in


def _project(world, actor=None):
    return projects.project_create(
        actor=actor or world.admin,
        region=world.county,
        kind="project",
        title="惠民资金专项监督",
        villages=[world.village_a1],
    )


def test_a_task_deadline_comes_from_the_one_policy_and_shows_when_overdue(client, world):
    project = _project(world)
    start = dt.date(2026, 3, 2)
    task = projects.task_add(
        actor=world.admin,
        project=project,
        title="核对发放名单",
        owner="民政局",
        started_on=start,
    )
    assert task.due_on == deadlines.due_after("supervision_task", start).due
    assert list(projects.overdue_tasks(world.county_official, today=task.due_on)) == []
    late = projects.overdue_tasks(world.county_official, today=task.due_on + dt.timedelta(days=1))
    assert list(late) == [task]
    assert list(projects.overdue_tasks(world.township_b_official, today=dt.date(2027, 1, 1))) == []
    sign_in(client, world.county_official)
    page = client.get(reverse("office:inbox")).content.decode()
    assert "核对发放名单" in page  # the real date is past the deadline


def test_a_project_finding_becomes_a_problem_and_closing_needs_every_task_done(world):
    project = _project(world)
    finding = projects.finding_add(
        actor=world.admin, project=project, village=world.village_a1, description="补贴少发 2 户"
    )
    assert finding.problem.source == "inspection"
    assert project.title in finding.problem.title
    task = projects.task_add(
        actor=world.admin,
        project=project,
        title="整改",
        owner="甲镇",
        started_on=dt.date(2026, 3, 2),
    )
    with pytest.raises(ValidationError):
        projects.project_close(actor=world.admin, project=project, evaluation="完成")
    projects.task_done(actor=world.admin, task=task)
    projects.project_close(actor=world.admin, project=project, evaluation="完成")
    with pytest.raises(ValidationError):
        projects.report_add(actor=world.admin, project=project, text="再报")


def test_a_township_may_not_run_a_county_project(world):
    with pytest.raises(PermissionDenied):
        _project(world, actor=world.township_a_official)


def test_weekly_cadence_lists_missed_weeks_and_the_due_one(world):
    with pytest.raises(ValidationError):  # not raised to county supervision yet
        projects.cadence_set(actor=world.county_official, village=world.village_a1, every="week")
    region_set_supervision(
        actor=world.county_official,
        region=world.village_a1,
        elevated=True,
        reason="x",
        risk_tags=[],
    )
    with pytest.raises(PermissionDenied):  # the county decides
        projects.cadence_set(
            actor=world.township_a_official, village=world.village_a1, every="week"
        )
    cadence = projects.cadence_set(
        actor=world.county_official,
        village=world.village_a1,
        every="week",
        since=dt.date(2026, 11, 2),  # a Monday
    )
    projects.check_in(
        actor=world.township_a_official, cadence=cadence, note="已调度", on=dt.date(2026, 11, 11)
    )
    status = projects.cadence_status(cadence, today=dt.date(2026, 11, 25))
    assert status["missed"] == [dt.date(2026, 11, 2), dt.date(2026, 11, 16)]
    assert status["due"] and status["current"] == dt.date(2026, 11, 23)
    with pytest.raises(ValidationError):
        projects.check_in(
            actor=world.county_official, cadence=cadence, note="再次", on=dt.date(2026, 11, 12)
        )


def test_monthly_periods_roll_over_the_year():
    assert projects.next_period("month", dt.date(2026, 12, 1)) == dt.date(2027, 1, 1)
    assert projects.period_start("month", dt.date(2026, 2, 28)) == dt.date(2026, 2, 1)
