"""The monitor register (term, training, exit with reason), a monitor's visit on the ledger's
visit log, last month's missed visits in the township's inbox, and the yearly figures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from qingfeng.inspections import monitoring
from qingfeng.ledger import selectors as ledger_selectors
from qingfeng.orgs import monitors
from tests.conftest import sign_in
from tests.inspections.helpers import world_monitors


def test_exit_needs_a_reason_and_keeps_the_row(world):
    a1, _a2, _b1 = world_monitors(world)
    with pytest.raises(ValidationError):
        monitors.monitor_exit(
            actor=world.admin, monitor=a1, on=dt.date(2026, 6, 1), kind="removed", reason=" "
        )
    monitors.training_add(
        actor=world.admin,
        monitor=a1,
        held_on=dt.date(2026, 3, 1),
        topic="村级监督业务培训",
        hours=4,
    )
    monitors.monitor_exit(
        actor=world.admin,
        monitor=a1,
        on=dt.date(2026, 6, 1),
        kind="removed",
        reason="履职不力，群众测评不合格",
    )
    a1.refresh_from_db()
    assert not a1.active and a1.exit_reason.startswith("履职不力")
    assert monitors.trainings_of(a1).count() == 1
    assert a1 not in monitors.active_monitors_for(world.admin)
    with pytest.raises(PermissionDenied):  # another township's official
        monitors.training_add(
            actor=world.township_b_official, monitor=a1, held_on=dt.date(2026, 3, 1), topic="x"
        )


def test_a_monitor_logs_a_visit_from_a_phone_and_the_finding_is_a_problem(client, world):
    a1, _a2, _b1 = world_monitors(world)
    sign_in(client, world.village_supervisor)
    today = timezone.localdate()
    response = client.post(
        reverse("office:inspections:visits"),
        {
            "monitor": a1.pk,
            "visited_on": today.isoformat(),
            "planned": "0",
            "group": "aid",
            "place": "低保户家中",
            "heard": "临时救助没有答复",
            "findings": "临时救助三个月未答复",
        },
    )
    assert response.status_code == 302
    record = monitoring.visits_for(world.admin).get()
    assert record.monitor == a1 and not record.planned and record.group == "aid"
    problems = ledger_selectors.problems_of_visits([record.visit_id])
    assert [p.source for p in problems] == ["visit"]


def test_a_monitor_may_not_log_for_another_monitor(world):
    _a1, a2, _b1 = world_monitors(world)
    with pytest.raises(PermissionDenied):
        monitoring.visit_log(
            actor=world.village_supervisor,
            monitor=a2,
            visited_on=dt.date(2026, 2, 1),
            place="x",
            group="aid",
            heard="x",
            findings=[],
        )


def test_missed_visits_reach_the_township_inbox_and_the_figures(client, world):
    a1, a2, _b1 = world_monitors(world)
    monitoring.duty_save(
        actor=world.county_official,
        county=world.county,
        visits_per_month=2,
        groups=["aid", "cadres"],
    )
    today = dt.date(2026, 3, 10)
    for day in (3, 17):
        monitoring.visit_log(
            actor=world.admin,
            monitor=a1,
            visited_on=dt.date(2026, 2, day),
            place="村委会",
            group="aid",
            heard="正常",
            findings=[],
            now=None,
        )
    (year, month), missed = monitoring.missed_visits(world.township_a_official, today=today)
    assert (year, month) == (2026, 2)
    assert [(r["monitor"], r["done"], r["missed"]) for r in missed] == [(a2, 0, 2)]
    figures = monitoring.figures(a1, 2026)
    assert figures["visits"] == 2 and figures["findings"] == 0
    record = monitoring.evaluation_record(
        actor=world.township_a_official,
        monitor=a1,
        year=2026,
        residents_rating=92,
        grade="excellent",
    )
    assert record.figures["visits"] == 2
    sign_in(client, world.county_official)
    page = client.get(reverse("office:inspections:monitor", kwargs={"pk": a1.pk})).content.decode()
    assert "92" in page and "优秀" in page
