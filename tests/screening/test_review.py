"""Reviewing hits: 确认问题 makes a ledger problem; 排除 is remembered across runs."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from qingfeng.core.extensions import resolve_reference
from qingfeng.ledger.models import Problem
from qingfeng.screening import services
from qingfeng.screening.models import Hit
from tests.conftest import VILLAGE_A1
from tests.screening.conftest import DEAD_A1, DEATHS, PAYMENTS, VILLAGE_A2

pytestmark = pytest.mark.django_db


def _hit_a1(run):
    return run.hits.get(village_code=VILLAGE_A1)


def test_confirming_a_hit_puts_a_problem_with_its_evidence_in_the_ledger(world, login, county_run):
    hit = _hit_a1(county_run)
    client = login(world.county_official)
    url = reverse("office:screening:hit_review", args=[hit.pk])
    response = client.post(url, {"action": "confirm", "note": "请核实"})
    assert response.status_code == 302
    problem = Problem.objects.get()
    assert problem.source == Problem.Source.SCREENING
    assert problem.kind == Problem.Kind.ACCUSATION
    assert problem.region == world.village_a1
    assert problem.about == f"screening:{hit.pk}"
    assert problem.title.startswith("R01 死亡后仍领取补贴")
    assert "请核实" in problem.description
    assert "【死亡记录】" in problem.description and "【发放记录】" in problem.description
    assert "张三丰" in problem.description
    assert DEAD_A1 not in problem.description  # the ledger gets masked ID numbers
    assert DEAD_A1[:4] + "**********" + DEAD_A1[-4:] in problem.description
    hit.refresh_from_db()
    assert hit.status == Hit.Status.CONFIRMED
    assert hit.problem_number == problem.number
    reference = resolve_reference(problem.about)
    assert reference.url == reverse("office:screening:hit", args=[hit.pk])
    assert "东村" in reference.title
    page = client.get(reverse("office:ledger:problem", args=[problem.pk])).content.decode()
    assert f'href="{reference.url}"' in page  # the ledger links back to the evidence


def test_a_hit_is_reviewed_once(world, county_run):
    hit = _hit_a1(county_run)
    services.hit_dismiss(actor=world.county_official, hit=hit, reason="已核实为同名")
    with pytest.raises(ValidationError):
        services.hit_confirm(actor=world.county_official, hit=hit)


def test_dismissing_needs_a_reason(world, login, county_run):
    hit = _hit_a1(county_run)
    client = login(world.township_a_official)
    client.post(reverse("office:screening:hit_review", args=[hit.pk]), {"action": "dismiss"})
    hit.refresh_from_db()
    assert hit.status == Hit.Status.NEW
    with pytest.raises(ValidationError):
        services.hit_dismiss(actor=world.township_a_official, hit=hit, reason="  ")


def test_a_dismissed_hit_is_not_raised_again_unless_its_evidence_changes(world, upload, county_run):
    hit = _hit_a1(county_run)
    services.hit_dismiss(actor=world.county_official, hit=hit, reason="死亡日期登记有误，已核实")
    # same records uploaded again (in another order): not raised again
    lines = PAYMENTS.strip().splitlines()
    reordered = "\n".join([lines[0], *reversed(lines[1:])]) + "\n"
    upload(world.department_user, world.county, "payments", reordered, as_of="2024-06-01")
    again = services.run_start(actor=world.county_official, region=world.county)
    assert [h.village_code for h in again.hits.all()] != [] and not again.hits.filter(
        village_code=VILLAGE_A1
    ).exists()
    again.refresh_from_db()
    assert again.suppressed == 1
    # a new payment after death changes the evidence: raised again
    more = PAYMENTS + f"2024-05-05,低保金,{DEAD_A1},张三丰,{VILLAGE_A1},800,6222000000000001\n"
    upload(world.department_user, world.county, "payments", more, as_of="2024-07-01")
    third = services.run_start(actor=world.county_official, region=world.county)
    assert third.hits.filter(village_code=VILLAGE_A1, status=Hit.Status.NEW).exists()


def test_a_hit_confirmed_before_is_not_filed_twice(world, county_data):
    first = services.run_start(actor=world.county_official, region=world.county)
    problem = services.hit_confirm(actor=world.county_official, hit=_hit_a1(first))
    second = services.run_start(actor=world.county_official, region=world.county)
    twin = _hit_a1(second)
    assert twin.status == Hit.Status.CONFIRMED
    assert twin.problem_number == problem.number
    assert Problem.objects.count() == 1


def test_county_officials_see_full_evidence_and_the_look_is_audited(world, login, county_run):
    from qingfeng.audit.selectors import audit_entries

    hit = _hit_a1(county_run)
    client = login(world.county_official)
    page = client.get(reverse("office:screening:hit", args=[hit.pk])).content.decode()
    assert DEAD_A1 in page and "张三丰" in page
    look = audit_entries().filter(action="screening.hit.look").get()
    assert look.actor_id == world.county_official.pk
    assert DEAD_A1 not in str(look.data)
    assert "<table" in page and "死亡日期" in page and "2024-01-10" in page


def test_township_cadres_see_evidence_masked(world, login, county_run):
    hit = _hit_a1(county_run)
    client = login(world.township_a_official)
    page = client.get(reverse("office:screening:hit", args=[hit.pk])).content.decode()
    assert DEAD_A1 not in page and "张三丰" not in page
    assert DEAD_A1[:4] + "**********" + DEAD_A1[-4:] in page
    assert "张*丰" in page
    assert "6222000000000001" not in page


def test_the_uploaded_data_of_unrelated_villages_is_not_a_hit(world, county_run):
    assert not county_run.hits.filter(village_code=VILLAGE_A2).exists()
    assert DEATHS  # the alive payee in A2 is not flagged
