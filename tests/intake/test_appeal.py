"""申诉: a named appeal against a commission's decision goes to the body that decided (复审,
one month) and, if the appellant is not satisfied, one level up (复核, two months)."""

import datetime as dt
import re

from django.urls import reverse

from qingfeng.intake.models import Report
from qingfeng.ledger import services as ledger
from qingfeng.ledger.models import Problem
from tests.intake.helpers import report_data
from tests.ledger.helpers import at, new_problem

APPEAL = {
    "kind": "appeal",
    "description": "我对给予我的党内警告处分不服，当时已如实说明情况。",
    "decision": "甲镇纪委处分决定（甲纪发〔2026〕3号），2026年10月20日收到",
    "decided_by": "township",
    "identity": "named",
    "name": "钱七",
    "phone": "13600001234",
}


def _post(client, world, **extra):
    url = reverse("intake:village_report", kwargs={"code": world.village_a1.code})
    return client.post(url, report_data(**{**APPEAL, **extra}))


def test_the_form_offers_the_appeal_and_its_fields(client, world):
    url = reverse("intake:village_report", kwargs={"code": world.village_a1.code})
    html = client.get(url).content.decode()
    assert "申诉" in html and 'name="decided_by"' in html and 'name="decision"' in html


def test_an_appeal_goes_to_the_commission_that_decided(client, world):
    assert _post(client, world).status_code == 302
    problem = Report.objects.get().problem
    assert problem.kind == "appeal" and not Report.objects.get().anonymous
    assert problem.handling_unit.name == "甲镇纪委"
    assert problem.scope_code == world.township_a.code
    assert "甲纪发〔2026〕3号" in problem.description
    Report.objects.all().delete()
    Problem.objects.all().delete()
    _post(client, world, decided_by="county")
    assert Report.objects.get().problem.handling_unit == world.commission


def test_an_appeal_is_never_anonymous_and_names_its_decision(client, world):
    html = _post(client, world, identity="anonymous", decision="", decided_by="").content.decode()
    assert not Report.objects.exists()
    assert "申诉须署名" in html
    assert "请说明申诉的是哪一项决定" in html
    assert "请选择作出决定的机关" in html


def test_recheck_within_a_month_then_review_one_level_up_within_two(client, world):
    problem = new_problem(
        world.village_a1,
        kind="appeal",
        decided_by="township",
        day="2026-11-02",
        description="对处分决定不服",
    )
    ledger.problem_accept(actor=world.township_a_official, problem=problem, now=at("2026-11-03"))
    problem.refresh_from_db()
    assert problem.due_rule == "appeal_recheck"
    assert problem.due_date == dt.date(2026, 12, 3)
    assert "监察法" in problem.due_rule_obj.source
    ledger.problem_reply(actor=world.township_a_official, problem=problem, reply="维持原处分")
    ledger.problem_rate(problem=problem, rating="unsatisfied", label="不满意", now=at("2026-11-20"))
    problem.refresh_from_db()
    assert problem.status == "review" and problem.supervising_unit == world.commission
    assert problem.due_rule == "appeal_review" and problem.due_date == dt.date(2027, 1, 19)


def test_an_official_logging_an_appeal_must_say_who_decided(login, world):
    client = login(world.township_a_official)
    data = {
        "region": world.village_a1.pk,
        "source": "report",
        "kind": "appeal",
        "description": "来信申诉",
        "subject_level": "other",
    }
    html = client.post(reverse("office:ledger:new"), data).content.decode()
    assert "申诉须说明作出决定的机关" in html and not Problem.objects.exists()
    response = client.post(reverse("office:ledger:new"), {**data, "decided_by": "county"})
    assert response.status_code == 302
    assert Problem.objects.get().handling_unit == world.commission


def test_a_walk_in_appeal_with_its_decision(login, world):
    client = login(world.township_a_official)
    response = client.post(
        reverse("office:intake:walk_in"), report_data(village=world.village_a1.pk, **APPEAL)
    )
    assert response.status_code == 200
    problem = Report.objects.get().problem
    assert problem.kind == "appeal" and re.search("甲纪发", problem.description)
