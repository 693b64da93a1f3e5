import datetime as dt
import io

from django.urls import reverse
from openpyxl import load_workbook

from qingfeng.ledger import services
from tests.ledger.helpers import new_problem


def test_it_finds_problems_by_chinese_words(login, world):
    new_problem(world.village_a1, title="低保金被截留", description="村会计截留了三户的低保金")
    new_problem(world.village_a1, title="道路积水", description="村口道路积水严重")
    client = login(world.township_a_official)
    html = client.get(reverse("office:ledger:list") + "?q=低保").content.decode()
    assert "低保金被截留" in html and "道路积水" not in html
    html = client.get(reverse("office:ledger:list") + "?q=截留 会计").content.decode()
    assert "低保金被截留" in html


def test_search_stays_in_scope(login, world):
    new_problem(world.village_b1, title="低保金被截留", description="乙乡的低保问题")
    html = login(world.township_a_official).get(reverse("office:ledger:list") + "?q=低保")
    assert "低保金被截留" not in html.content.decode()


def test_the_ledger_exports_in_the_taizhang_layout(login, world):
    problem = new_problem(world.village_a1, title="路灯不亮")
    services.problem_accept(actor=None, problem=problem)
    services.rectification_create(
        actor=None, problem=problem, unit=world.department, requirement="更换路灯"
    )
    client = login(world.township_a_official)
    response = client.get(reverse("office:ledger:export"))
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    assert sheet.cell(1, 1).value.startswith("筛选条件")  # the first line says what was chosen
    header = [c.value for c in sheet[2]]
    assert header[:3] == ["序号", "问题编号", "问题来源"] and "整改时限" in header
    assert sheet.cell(3, 3).value == "群众反映" and sheet.cell(3, 6).value == "东村"
    assert isinstance(sheet.cell(3, 10).value, dt.datetime)  # 受理日期 is a typed date
    response = client.get(reverse("office:ledger:rectifications_export"))
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    assert sheet.cell(3, 5).value == "更换路灯"


def test_a_rectification_is_accepted_or_sent_back(login, world):
    problem = services.problem_accept(actor=None, problem=new_problem(world.village_a1))
    task = services.rectification_create(
        actor=None, problem=problem, unit=world.department, requirement="补发低保金"
    )
    dept = login(world.department_user)
    url = reverse("office:ledger:rectification", kwargs={"pk": task.pk})
    dept.post(url, {"action": "submit", "evidence": "已补发"})
    task.refresh_from_db()
    assert task.status == "submitted"
    boss = login(world.township_a_official)
    boss.post(url, {"action": "review", "accept": "0", "note": "缺少发放凭证"})
    task.refresh_from_db()
    assert task.status == "rejected"
    login(world.department_user).post(url, {"action": "submit", "evidence": "附凭证"})
    login(world.township_a_official).post(url, {"action": "review", "accept": "1"})
    task.refresh_from_db()
    assert task.status == "accepted"


def test_a_recommendation_letter_is_reminded_answered_and_visited(login, world):
    problem = services.problem_accept(actor=None, problem=new_problem(world.village_a1))
    rec = services.recommendation_issue(
        actor=None, problem=problem, unit=world.department, text="规范低保审核"
    )
    url = reverse("office:ledger:recommendation", kwargs={"pk": rec.pk})
    login(world.township_a_official).post(url, {"action": "remind"})
    login(world.department_user).post(url, {"action": "feedback", "text": "已建立复核制度"})
    login(world.township_a_official).post(url, {"action": "visit", "text": "回访属实"})
    rec.refresh_from_db()
    assert (rec.reminders, rec.status, rec.visit_note) == (1, "visited", "回访属实")


def test_not_accepting_needs_a_reason(login, world):
    problem = new_problem(world.village_a1)
    client = login(world.township_a_official)
    url = reverse("office:ledger:triage", kwargs={"pk": problem.pk})
    html = client.post(url, {"action": "reject", "reason": ""}, follow=True).content.decode()
    problem.refresh_from_db()
    assert problem.status == "submitted" and "理由" in html
    client.post(url, {"action": "reject", "reason": "属于法院受理范围"})
    problem.refresh_from_db()
    assert problem.status == "rejected"


def test_a_visit_turns_each_finding_into_a_problem(login, world):
    client = login(world.village_supervisor)
    client.post(
        reverse("office:ledger:visits"),
        {
            "region": world.village_a1.pk,
            "visited_on": "2026-11-20",
            "place": "村文化礼堂",
            "whom": "村民代表5人",
            "heard": "反映了两件事",
            "findings": "垃圾清运不及时\n路灯不亮",
            "kind": "livelihood",
        },
    )
    from qingfeng.ledger.models import Problem

    assert set(Problem.objects.values_list("source", flat=True)) == {"visit"}
    assert Problem.objects.count() == 2


def test_a_replied_problem_can_be_closed_from_its_page(login, world):
    problem = services.problem_accept(actor=None, problem=new_problem(world.village_a1))
    services.problem_reply(actor=None, problem=problem, reply="已处理")
    client = login(world.township_a_official)
    page = client.get(reverse("office:ledger:problem", kwargs={"pk": problem.pk}))
    assert "予以了结" in page.content.decode()
    url = reverse("office:ledger:dispose", kwargs={"pk": problem.pk})
    refused = client.post(url, {"action": "close", "note": "已答复"}, follow=True)
    assert "请勾选确认" in refused.content.decode()
    problem.refresh_from_db()
    assert problem.status == "replied"  # not without the confirmation
    client.post(url, {"action": "close", "note": "已答复", "confirmed": "1"})
    problem.refresh_from_db()
    assert problem.status == "closed"
