import re

from django.urls import reverse

from qingfeng.intake import services as intake
from qingfeng.intake.models import Report
from qingfeng.ledger import services as ledger
from qingfeng.ledger.models import Problem


def _report(world):
    return intake.report_submit(
        village=world.village_a1, kind="livelihood", description="路灯坏了两个月"
    )


def _track(client, code):
    return client.post(reverse("intake:track"), {"code": code}, follow=True)


def test_it_shows_the_redacted_timeline_with_deadlines(client, world):
    report, code = _report(world)
    problem = ledger.problem_accept(actor=world.township_a_official, problem=report.problem)
    ledger.problem_assign(
        actor=world.township_a_official, problem=problem, handler=world.township_a_official
    )
    html = _track(client, " ".join(code[i : i + 4] for i in range(0, 16, 4))).content.decode()
    assert "已提交" in html and "已受理" in html and "办理中" in html
    assert "平台规定" in html  # the rule behind the deadline
    assert "bob" not in html  # no official's name


def test_the_reporter_sees_the_reply_and_rates_it(client, world):
    report, code = _report(world)
    problem = ledger.problem_accept(actor=None, problem=report.problem)
    ledger.problem_reply(actor=None, problem=problem, reply="已修复路灯")
    assert "已修复路灯" in _track(client, code).content.decode()
    client.post(reverse("intake:status"), {"action": "rate", "rating": "satisfied"})
    assert Report.objects.get().rating == "satisfied"
    assert client.post(reverse("intake:status"), {"action": "rate", "rating": "unsatisfied"})
    assert Report.objects.get().rating == "satisfied"  # once


def test_not_satisfied_reopens_review_by_the_level_above(client, world):
    report, code = _report(world)
    problem = ledger.problem_accept(actor=None, problem=report.problem)
    ledger.problem_reply(actor=None, problem=problem, reply="已处理")
    _track(client, code)
    client.post(reverse("intake:status"), {"action": "rate", "rating": "unsatisfied"})
    problem = Problem.objects.get()
    assert problem.status == "review" and problem.supervising_unit == world.commission
    assert problem.due_rule == "review"


def test_one_follow_up_message(client, world):
    report, code = _report(world)
    _track(client, code)
    client.post(reverse("intake:status"), {"action": "follow_up", "text": "请尽快处理"})
    client.post(reverse("intake:status"), {"action": "follow_up", "text": "第二条"})
    assert Report.objects.get().follow_up == "请尽快处理"
    assert report.problem.events.filter(kind="follow_up").count() == 1


def test_wrong_codes_lock_out_the_client(client, world):
    _report_obj, code = _report(world)
    for _ in range(5):
        response = client.post(reverse("intake:track"), {"code": "0000000000000000"})
        assert "没有找到" in response.content.decode() or response.status_code == 429
    response = _track(client, code)
    assert response.status_code == 429 and "15分钟后再试" in response.content.decode()


def test_a_repeat_report_follows_the_original_with_its_own_code(client, world, login):
    first, code1 = _report(world)
    second, code2 = _report(world)
    ledger.problem_mark_duplicate(
        actor=world.township_a_official, problem=second.problem, original=first.problem
    )
    ledger.problem_accept(actor=None, problem=first.problem)
    for code in (code1, code2):
        client.post(reverse("intake:status"), {"action": "leave"})
        html = _track(client, code).content.decode()
        assert "已受理" in html
    assert Report.objects.filter(problem=first.problem).count() == 2
    assert re.search(
        "重复",
        login(world.township_a_official)
        .get(reverse("office:ledger:problem", kwargs={"pk": second.problem.pk}))
        .content.decode(),
    )


def test_a_corrected_kind_shows_with_the_new_acceptance_limit(client, world):
    report, code = intake.report_submit(
        village=world.village_a1, kind="accusation", description="村里路灯坏了两个月"
    )
    ledger.problem_reclassify(
        actor=world.township_a_official,
        problem=report.problem,
        kind="livelihood",
        reason="这是民生诉求，不是举报干部",
    )
    html = _track(client, code).content.decode()
    assert "类别已更正" in html and "检举控告 → 民生诉求" in html
    assert "不是举报干部" not in html  # the reason is the office's
    problem = Problem.objects.get()
    assert problem.due_date.isoformat() in html  # the limit of the right kind
