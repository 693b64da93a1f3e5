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
from tests.screening.conftest import ALIVE_A2, DEAD_A1, DEATHS, PAYMENTS, VILLAGE_A2

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
    # a new payment after death does not change a verdict on the death record (R01 says so)
    more = PAYMENTS + f"2024-05-05,低保金,{DEAD_A1},张三丰,{VILLAGE_A1},800,6222000000000001\n"
    upload(world.department_user, world.county, "payments", more, as_of="2024-07-01")
    third = services.run_start(actor=world.county_official, region=world.county)
    assert not third.hits.filter(village_code=VILLAGE_A1).exists()
    third.refresh_from_db()
    assert third.suppressed == 1
    # a changed record does (April's amount)
    changed = more.replace(
        f"2024-04-05,低保金,{DEAD_A1},张三丰,{VILLAGE_A1},800",
        f"2024-04-05,低保金,{DEAD_A1},张三丰,{VILLAGE_A1},900",
    )
    upload(world.department_user, world.county, "payments", changed, as_of="2024-07-02")
    fourth = services.run_start(actor=world.county_official, region=world.county)
    assert fourth.hits.get(village_code=VILLAGE_A1).status == Hit.Status.NEW


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


# --- review that carries over to next month's data set --------------------------------------


def _month_two(extra: str) -> str:
    return PAYMENTS + extra


TWICE_A2 = (
    f"2024-03-20,低保金,{ALIVE_A2},王五,{VILLAGE_A2},800,6222000000000003\n"  # R05: twice in March
)


def test_review_carries_over_when_next_months_evidence_only_grew(world, upload):
    from django.utils import translation

    from qingfeng.ledger.models import ProblemEvent
    from tests.screening.conftest import DEAD_B1, VILLAGE_B1

    upload(world.department_user, world.county, "deaths", DEATHS)
    upload(world.department_user, world.county, "payments", PAYMENTS + TWICE_A2)
    first = services.run_start(actor=world.county_official, region=world.county)
    assert first.hits.filter(status__in=Hit.TO_REVIEW).count() == 3
    problem = services.hit_confirm(actor=world.county_official, hit=_hit_a1(first))
    services.hit_dismiss(
        actor=world.county_official,
        hit=first.hits.get(village_code=VILLAGE_B1),
        reason="死亡记录有误，本人健在",
    )
    services.hit_dismiss(
        actor=world.county_official, hit=first.hits.get(rule="R05"), reason="三月补发上月"
    )

    # next month: the register again with May paid to everyone, twice to 王五 (rows moved)
    may = (
        f"2024-05-05,低保金,{DEAD_A1},张三丰,{VILLAGE_A1},800,6222000000000001\n"
        f"2024-05-05,高龄津贴,{DEAD_B1},李四,{VILLAGE_B1},200,6222000000000002\n"
        f"2024-05-05,低保金,{ALIVE_A2},王五,{VILLAGE_A2},800,6222000000000003\n"
        f"2024-05-20,低保金,{ALIVE_A2},王五,{VILLAGE_A2},800,6222000000000003\n"
    )
    upload(world.department_user, world.county, "payments", PAYMENTS + may + TWICE_A2)
    with translation.override("zh-hans"):
        second = services.run_start(actor=world.county_official, region=world.county)

    confirmed = _hit_a1(second)
    assert confirmed.status == Hit.Status.CONFIRMED
    assert confirmed.problem_number == problem.number
    assert confirmed.new_records == 1
    assert Problem.objects.count() == 1  # nothing filed twice
    problem.refresh_from_db()
    assert "新增 1 条记录" in problem.description
    assert "2024-05-05" in problem.description
    note = ProblemEvent.objects.filter(problem=problem, kind=ProblemEvent.Kind.NOTE).get()
    assert "新增 1 条记录" in note.note

    # R01 dismissed: the death record was wrong; May's payment changes nothing
    assert not second.hits.filter(village_code=VILLAGE_B1).exists()
    # R05 dismissed: a second double payment is a new event, for a second look
    reopened = second.hits.get(rule="R05")
    assert reopened.status == Hit.Status.REOPENED
    assert reopened.reason == "三月补发上月"
    assert reopened.new_records == 2
    second.refresh_from_db()
    assert second.suppressed == 1
    # only what changed needs review: one hit of three
    assert second.hits.filter(status__in=Hit.TO_REVIEW).count() == 1

    # a third month with nothing new: nothing to review, the confirmed one adds nothing
    services.hit_dismiss(actor=world.county_official, hit=reopened, reason="五月也是补发")
    upload(world.department_user, world.county, "payments", PAYMENTS + may + TWICE_A2)
    third = services.run_start(actor=world.county_official, region=world.county)
    assert third.hits.filter(status__in=Hit.TO_REVIEW).count() == 0
    assert _hit_a1(third).new_records == 0
    assert ProblemEvent.objects.filter(problem=problem, kind=ProblemEvent.Kind.NOTE).count() == 1


def test_a_changed_record_is_a_new_hit_to_review(world, upload, county_data):
    first = services.run_start(actor=world.county_official, region=world.county)
    services.hit_dismiss(actor=world.county_official, hit=_hit_a1(first), reason="核实无误")
    changed = PAYMENTS.replace(
        f"2024-04-05,低保金,{DEAD_A1},张三丰,{VILLAGE_A1},800",
        f"2024-04-05,低保金,{DEAD_A1},张三丰,{VILLAGE_A1},900",
    )
    upload(world.department_user, world.county, "payments", changed, as_of="2024-06-01")
    second = services.run_start(actor=world.county_official, region=world.county)
    assert _hit_a1(second).status == Hit.Status.NEW


def test_new_payments_do_not_reopen_a_dismissed_hit_when_the_rule_says_so(
    world, upload, county_data
):
    from tests.screening.conftest import make_id

    valid = make_id("19600101", "456")
    invalid = valid[:-1] + ("0" if valid[-1] != "0" else "1")  # a wrong check digit: R11
    line = f"2024-03-05,低保金,{invalid},赵六,{VILLAGE_A2},800,6222000000000009\n"
    upload(world.department_user, world.county, "payments", PAYMENTS + line, as_of="2024-06-01")
    first = services.run_start(actor=world.county_official, region=world.county, rules=["R11"])
    hit = first.hits.get(rule="R11")
    services.hit_dismiss(actor=world.county_official, hit=hit, reason="旧证号，已核实本人")
    later = line.replace("2024-03-05", "2024-04-05")
    upload(
        world.department_user, world.county, "payments", PAYMENTS + line + later, as_of="2024-07-01"
    )
    second = services.run_start(actor=world.county_official, region=world.county, rules=["R11"])
    assert not second.hits.filter(rule="R11").exists()
    second.refresh_from_db()
    assert second.suppressed == 1


def test_a_reopened_hit_shows_why_it_was_dismissed_and_can_be_reviewed(world, login, county_run):
    hit = _hit_a1(county_run)
    hit.status, hit.reason, hit.new_records = Hit.Status.REOPENED, "死亡记录有误", 2
    hit.save()
    page = login(world.county_official).get(reverse("office:screening:hit", args=[hit.pk]))
    text = page.content.decode()
    assert "已排除，出现新记录" in text and "死亡记录有误" in text and "新增 2 条记录" in text
    assert 'name="action"' in text
    services.hit_dismiss(actor=world.county_official, hit=hit, reason="仍是登记错误")
    hit.refresh_from_db()
    assert hit.status == Hit.Status.DISMISSED
