"""The handler list: people by name and unit, only those who can see the problem, and
"须回避" only for a real conflict. Irreversible steps ask for a confirmation first."""

from django.urls import reverse

from qingfeng.ledger import services
from qingfeng.orgs.models import Person
from tests.ledger.helpers import new_problem


def _page(client, problem) -> str:
    return client.get(reverse("office:ledger:problem", kwargs={"pk": problem.pk})).content.decode()


def test_only_people_who_can_see_the_problem_are_offered(login, world):
    world.township_a_official.person = Person.objects.create(name="王建国", region=world.village_b1)
    world.township_a_official.save()
    problem = services.problem_accept(
        actor=None, problem=new_problem(world.village_a1, kind="suggestion")
    )
    html = _page(login(world.county_official), problem)
    handlers = html.split("<legend>承办人</legend>")[1].split("</fieldset>")[0]
    assert "王建国" in handlers and "甲镇纪委" in handlers  # by name, with the unit
    assert f'value="{world.township_a_official.pk}"' in handlers
    assert f'value="{world.township_b_official.pk}"' not in handlers  # 乙乡 cannot see it
    assert f'value="{world.village_supervisor.pk}"' not in handlers
    assert "不在其管辖范围" not in handlers and "须回避" not in handlers


def test_a_reply_is_sent_only_once_confirmed(login, world):
    problem = services.problem_accept(actor=None, problem=new_problem(world.village_a1))
    client = login(world.township_a_official)
    assert "答复发送后不能修改" in _page(client, problem)
    url = reverse("office:ledger:dispose", kwargs={"pk": problem.pk})
    client.post(url, {"action": "reply", "reply": "已处理"})
    problem.refresh_from_db()
    assert problem.status == "accepted"
    client.post(url, {"action": "reply", "reply": "已处理", "confirmed": "1"})
    problem.refresh_from_db()
    assert problem.status == "replied"


def test_closing_needs_a_reason_and_warns_when_the_reporter_has_not_rated(client, login, world):
    from tests.intake.helpers import report_data

    client.post(
        reverse("intake:village_report", kwargs={"code": world.village_a1.code}), report_data()
    )
    from qingfeng.ledger.models import Problem

    problem = services.problem_accept(actor=None, problem=Problem.objects.get())
    services.problem_reply(actor=None, problem=problem, reply="已处理")
    office = login(world.township_a_official)
    assert "反映人还没有评价是否满意这次答复" in _page(office, problem)
    url = reverse("office:ledger:dispose", kwargs={"pk": problem.pk})
    office.post(url, {"action": "close", "note": "", "confirmed": "1"})
    problem.refresh_from_db()
    assert problem.status == "replied"


def test_the_visit_form_prefills_an_iso_date_a_date_input_accepts(login, world):
    html = login(world.township_a_official).get(reverse("office:ledger:visits")).content.decode()
    import re

    value = re.search(r'<input type="date" name="visited_on" value="([^"]*)"', html)
    assert value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.group(1))
