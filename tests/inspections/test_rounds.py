"""Rounds through the services and the views: conflict-free rotating assignment from the one
recusal module, a checklist on a phone, a finding that becomes a ledger problem, the report."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from qingfeng.inspections import services
from qingfeng.ledger import recusal
from qingfeng.ledger import selectors as ledger_selectors
from qingfeng.orgs.models import Person, Position, Relation
from tests.conftest import sign_in
from tests.inspections.helpers import county_round, world_monitors


def test_a_relative_living_in_or_holding_a_post_in_a_village_bars_the_inspector(world):
    a1, a2, b1 = world_monitors(world)
    # a2's sister lives in B1; b1's brother is a cadre in A2.
    Relation.objects.create(
        person=a2.person,
        relative=Person.objects.create(name="孙妹", region=world.village_b1),
        kind="sibling",
    )
    brother = Person.objects.create(name="周兄", region=world.village_a1)
    Position.objects.create(
        person=brother, region=world.village_a2, title="村会计", category="village_cadre"
    )
    Relation.objects.create(person=brother, relative=b1.person, kind="sibling")
    # a1 is also the cadre of A2's co-operative: barred there too.
    Position.objects.create(
        person=a1.person, region=world.village_a2, title="合作社理事", category="village_cadre"
    )
    barred = recusal.village_conflicts([a1.person, a2.person, b1.person])
    assert set(barred[a1.person.pk]) == {world.village_a1.code, world.village_a2.code}
    assert set(barred[a2.person.pk]) == {world.village_a2.code, world.village_b1.code}
    assert set(barred[b1.person.pk]) == {
        world.village_b1.code,
        world.village_a2.code,
        world.village_a1.code,
    }
    round_ = county_round(world)
    plan = services.round_assign(actor=world.admin, round_=round_)
    pairs = {a.village.code: a.inspector_id for a in round_.assignments.all()}
    for code, pid in pairs.items():
        assert code not in barred[pid]
    # b1 may check no village but... none: A1 (brother lives), A2 (post), B1 (own).
    assert b1.person.pk not in pairs.values()
    assert len(plan.pairs) + len(plan.unassigned) == 3


def test_nobody_checks_the_same_village_two_rounds_in_a_row(world):
    world_monitors(world)
    first = county_round(world)
    services.round_assign(actor=world.admin, round_=first)
    before = {(a.inspector_id, a.village_id) for a in first.assignments.all()}
    assert len(before) == 3
    second = county_round(world, name="第二轮", starts=dt.date(2026, 6, 1))
    plan = services.round_assign(actor=world.admin, round_=second)
    after = {(a.inspector_id, a.village_id) for a in second.assignments.all()}
    assert not plan.unassigned and len(after) == 3
    assert not before & after


def test_a_township_official_may_not_organise_a_round_elsewhere(world):
    with pytest.raises(PermissionDenied):
        county_round(world, actor=world.township_a_official)
    with pytest.raises(ValidationError):
        services.round_create(
            actor=world.township_a_official,
            region=world.township_a,
            kind="cross",
            name="x",
            starts_on=dt.date(2026, 1, 1),
            ends_on=dt.date(2026, 1, 2),
            villages=[world.village_b1],
        )


def test_checklist_on_a_phone_then_a_finding_becomes_a_problem_tagged_with_the_round(client, world):
    world_monitors(world)
    round_ = county_round(world)
    services.round_assign(actor=world.admin, round_=round_)
    check = round_.assignments.get(village=world.village_a1)
    # The inspector (a monitor from another village) fills it in, outside their own scope.
    inspector = world.village_supervisor
    inspector.person = check.inspector
    inspector.save(update_fields=["person"])
    sign_in(client, inspector)
    url = reverse("office:inspections:assignment", kwargs={"pk": check.pk})
    page = client.get(url).content.decode()
    round_url = reverse("office:inspections:round", kwargs={"pk": round_.pk})
    assert round_url not in page  # the round itself is outside the monitor's scope
    assert client.get(round_url).status_code == 404
    data = {f"result-{n}": "ok" for n in range(len(round_.checklist))}
    data["result-1"] = "issue"
    response = client.post(url, {**data, "submit": "1"}, follow=True)
    assert "请说明问题" in response.content.decode()
    check.refresh_from_db()
    assert check.submitted_at is None
    data["note-1"] = "三资台账缺少2025年12月凭证"
    client.post(url, {**data, "submit": "1"})
    check.refresh_from_db()
    assert check.submitted_at is not None
    response = client.post(
        reverse("office:inspections:finding", kwargs={"pk": check.pk}),
        {"category": round_.checklist[1], "description": "三资台账缺少2025年12月凭证"},
    )
    assert response.status_code == 302
    finding = round_.findings.get()
    problem = ledger_selectors.problem_by_id(finding.problem_id)
    assert problem.source == "inspection"
    assert problem.region == world.village_a1
    assert round_.name in problem.title
    assert problem.logged_by == inspector


def test_someone_else_may_not_fill_the_checklist(client, world):
    world_monitors(world)
    round_ = county_round(world)
    services.round_assign(actor=world.admin, round_=round_)
    check = round_.assignments.get(village=world.village_b1)
    sign_in(client, world.township_b_official)  # in scope of the village, not of the round
    url = reverse("office:inspections:assignment", kwargs={"pk": check.pk})
    assert client.get(url).status_code == 404


def test_the_round_report_as_xlsx_and_pdf(client, world):
    world_monitors(world)
    round_ = county_round(world)
    services.round_assign(actor=world.admin, round_=round_)
    check = round_.assignments.first()
    services.finding_raise(
        actor=world.admin,
        assignment=check,
        category=round_.checklist[2],
        description='=HYPERLINK("x") 工程未公示',
    )
    sign_in(client, world.admin)
    response = client.get(reverse("office:inspections:report_xlsx", kwargs={"pk": round_.pk}))
    book = load_workbook(io.BytesIO(response.getvalue()))
    rows = (
        list(book["问题清单"].iter_rows(values_only=True))
        if "问题清单" in book
        else list(book.worksheets[0].iter_rows(values_only=True))
    )
    assert any(row and row[2] == '=HYPERLINK("x") 工程未公示' for row in rows)
    response = client.get(reverse("office:inspections:report_pdf", kwargs={"pk": round_.pk}))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
