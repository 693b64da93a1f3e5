"""One accusation from the resident's report to a closed case, as the right people, at 1366 px:
the township accepts it and makes it a problem clue; the handler proposes a preliminary check
and a second cadre approves; the check ends in 立案, approved by the second cadre; the handler
investigates, lists evidence and sends it to a joint review by two units of the zone; a
reviewer gives the opinion; the handler records the sanction (the village-committee limit
refuses 降级 first), the decision and the closing; the resident's /track/ shows the outcome."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.conftest import make_user

from e2e.conftest import DESKTOP, SHOTS, follow
from qingfeng.cases.models import Case, Clue
from qingfeng.intake.models import Report
from qingfeng.orgs.models import OrgUnit, Person, User
from qingfeng.orgs.roles import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"cases-{name}-desktop.png"), full_page=True)


def _cadre(world, username, unit, village):
    user = make_user(username, Role.TOWNSHIP_CADRE, unit, [world.township_a])
    user.person = Person.objects.create(name=f"{username}本人", region=village)
    user.save()
    return user


def _office(browser, live_server, username, device=None):
    page = browser.new_context(viewport=DESKTOP, locale="en-US").new_page()
    page.set_default_timeout(15000)
    page.goto(live_server.url + reverse("office:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", f"pw-{username}")
    page.get_by_role("button", name="登录").click()
    if device is not None:  # county roles give their second factor
        page.wait_for_url("**/office/otp/verify/**")
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        page.fill("#id_token", f"{code:06d}")
        page.get_by_role("button", name="继续").click()
    page.wait_for_url("**/office/")
    return page


def _act(page, value):
    follow(page.locator(f"button[name=action][value={value}]"))


def test_one_accusation_from_report_to_closing(live_server, world, browser):
    unit_a = world.township_a_official.org_unit
    approver = _cadre(world, "bella", unit_a, world.village_a2)
    # The zone is led by the inspection office; its cadre is the second unit of a joint review.
    office_unit = OrgUnit.objects.get(name="第一纪检监察室")
    world.zone_a.lead_unit = office_unit
    world.zone_a.save()
    reviewer = User.objects.get(username="frank")  # a cadre of the zone's lead office
    device = TOTPDevice.objects.create(user=reviewer, name="phone", confirmed=True)

    # The resident reports an accusation about a village cadre, and keeps the code.
    resident = browser.new_context(viewport=DESKTOP, locale="en-US").new_page()
    resident.goto(live_server.url + reverse("portal:village", args=[world.village_a1.code]))
    follow(resident.get_by_role("link", name="我要反映"))
    resident.check("input[name=kind][value=accusation]")
    resident.fill("#id_description", "村委会主任王某把不符合条件的亲属纳入低保，每月多领低保金。")
    resident.fill("#id_subject_text", "村委会主任王某")
    resident.check("input[name=subject_level][value=village_cadre]")
    resident.get_by_role("button", name="提交").click()
    resident.wait_for_url("**/report/done/")
    code = re.sub(r"\D", "", resident.locator("#code").inner_text())

    # The township accepts it and makes it a problem clue.
    bob = _office(browser, live_server, "bob")
    problem = Report.objects.get().problem
    bob.goto(live_server.url + reverse("office:ledger:problem", args=[problem.pk]))
    follow(bob.get_by_role("button", name="受理", exact=True))
    # final, like closing: the reason and a confirmation (issue 11)
    bob.fill("#id_close_note", "反映村干部违纪，转纪检程序")
    bob.locator("input[name=confirmed]").last.check()
    bob.get_by_role("button", name="转为问题线索").click()
    bob.wait_for_selector("th:has-text('问题线索')")
    clue = Clue.objects.get(problem_id=problem.pk)
    assert clue.number in bob.locator("body").inner_text()
    follow(bob.get_by_role("link", name=clue.number))
    _shot(bob, "1-clue")

    # bob takes it, corrects the subject (村委会主任, 党员) and proposes a preliminary check.
    bob.check(f"input[name=handler][value='{world.township_a_official.pk}']")
    _act(bob, "assign")
    bob.locator("details.subjects-edit summary").click()
    bob.fill("input[name=post]", "村委会主任")
    bob.check("input[name=village_committee]")
    bob.check("input[name=party_member]")
    _act(bob, "subject")
    bob.select_option("#id_method", "check")
    bob.fill("#id_plan", "调取低保评审材料，走访相关农户。")
    _act(bob, "propose")
    assert "已提交，等待审批" in bob.locator("body").inner_text()
    # He cannot approve his own proposal: no button, and the list says why.
    assert bob.locator("button[name=action][value=approve]").count() == 0
    assert "须由另一人审批" in bob.locator("body").inner_text()
    _shot(bob, "2-proposed")

    # bella, the second cadre, approves it from her inbox.
    bella = _office(browser, live_server, "bella")
    waiting = bella.locator("section", has_text="待我审批")
    assert clue.number in waiting.first.inner_text()
    _shot(bella, "2b-inbox")
    follow(waiting.get_by_role("link", name=re.compile(clue.number)).first)
    _act(bella, "approve")
    assert "已批准" in bella.locator("body").inner_text()

    # The check ends in a case; bella approves the filing.
    bob.reload()
    bob.fill("#id_report", "经初核，王某亲属家庭收入超过低保标准，问题属实。")
    bob.select_option("#id_result", "file")
    _act(bob, "check_result")
    case = Case.objects.get(clue=clue)
    bella.goto(live_server.url + reverse("office:cases:case", args=[case.pk]))
    _act(bella, "approve_filing")
    assert "审查调查" in bella.locator("p .tag").first.inner_text()

    # Investigation: bob investigates, records measures and evidence.
    bob.goto(live_server.url + reverse("office:cases:case", args=[case.pk]))
    bob.locator(f"input[name=users][value='{world.township_a_official.pk}']").first.check()
    _act(bob, "investigators")
    bob.fill("#id_measures", "谈话、调取银行流水")
    _act(bob, "investigation")
    bob.fill("#id_description", "低保评审会议记录复印件")
    _act(bob, "evidence")
    # The investigator is greyed out as a reviewer; a joint review by two units of the zone.
    reviewer_box = bob.locator(f"input[name=users][value='{world.township_a_official.pk}']").last
    assert reviewer_box.is_disabled()
    assert "参与了本案审查调查，不能参与审理" in bob.locator("body").inner_text()
    bob.locator(f"input[name=users][value='{reviewer.pk}']").last.check()
    bob.locator(f"input[name=users][value='{approver.pk}']").last.check()
    bob.check("input[name=joint]")
    bob.fill("#id_note", "审查调查报告：事实清楚，证据确凿。")
    _shot(bob, "3-to-review")
    _act(bob, "to_trial")
    assert "案件审理" in bob.locator("p .tag").first.inner_text()
    assert set(case.reviewers.values_list("org_unit", flat=True)) == {unit_a.pk, office_unit.pk}

    # frank, of the zone's lead office, gives the review opinion.
    frank = _office(browser, live_server, "frank", device)
    frank.goto(live_server.url + reverse("office:cases:case", args=[case.pk]))
    frank.fill("#id_opinion", "事实清楚，定性准确，建议给予政务处分并追缴违规资金。")
    _act(frank, "review")

    # bob records the outcome: 降级 is refused for a village committee member.
    bob.reload()
    bob.select_option("#id_measure", "government:demotion")
    bob.select_option("#id_subject", label="村委会主任王某")
    _act(bob, "outcome")
    assert "只能给予警告、记过、记大过" in bob.locator("body").inner_text()
    _shot(bob, "4-refused")
    bob.select_option("#id_measure", "government:demerit")
    bob.select_option("#id_subject", label="村委会主任王某")
    _act(bob, "outcome")
    bob.select_option("#id_measure", "funds:recovered")
    bob.fill("#id_amount", "8640")
    _act(bob, "outcome")
    _act(bob, "decide")
    bob.fill("#id_execution_note", "处分决定已宣布，违规资金已追缴。")
    _act(bob, "close")
    assert "已结案" in bob.locator("body").inner_text()
    _shot(bob, "5-closed")

    # The resident sees the outcome in one sentence, without a name.
    resident.goto(live_server.url + reverse("intake:track"))
    resident.fill("#id_code", code)
    resident.get_by_role("button", name="查询").click()
    resident.wait_for_url("**/track/status/")
    body = resident.locator("body").inner_text()
    assert "政务处分1人" in body and "追缴资金8,640.00元" in body
    assert "已进入核查程序" in body and "已立案审查调查" in body
    assert "王某" not in body.replace("村委会主任王某", "")  # only the resident's own words
    _shot(resident, "6-track")
