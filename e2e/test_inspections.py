"""Supervision on the ground, on a phone (390 px): a township official sets up a cross-village
round, assigns inspectors, fills a checklist, turns a finding into a ledger problem and downloads
the round report (Excel and PDF); a village monitor logs a visit with a finding."""

from __future__ import annotations

import pytest
from django.urls import reverse
from tests.inspections.helpers import world_monitors

from e2e.conftest import PHONE, SHOTS
from qingfeng.inspections.models import Assignment, Finding, MonitorVisit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _phone(browser, live_server, username):
    page = browser.new_context(viewport=PHONE, locale="en-US").new_page()
    page.set_default_timeout(15000)
    page.goto(live_server.url + reverse("office:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", f"pw-{username}")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/office/")
    return page


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"inspections-{name}-phone.png"), full_page=True)


def test_a_township_official_runs_a_round_and_a_monitor_logs_a_visit(
    browser, live_server, world, tmp_path
):
    world_monitors(world)
    page = _phone(browser, live_server, "bob")
    page.goto(live_server.url + reverse("office:inspections:rounds"))
    page.locator("summary", has_text="设立检查轮次").click()
    page.select_option("#id_region", label="甲镇")
    page.select_option("#id_kind", "cross")
    page.fill("#id_name", "甲镇第一轮交叉检查")
    page.fill("#id_starts_on", "2026-11-02")
    page.fill("#id_ends_on", "2026-11-30")
    page.get_by_label("甲镇 东村").check()
    page.get_by_label("甲镇 西村").check()
    page.locator("form.round-form button[type=submit]").click()
    page.get_by_text("轮次已设立").wait_for()
    page.get_by_role("button", name="分派检查人").click()
    page.get_by_text("已为 2 个村分派检查人").wait_for()
    _shot(page, "round")
    assert Assignment.objects.count() == 2
    page.get_by_role("link", name="甲镇 东村").click()
    items = page.locator("fieldset.check-item")
    items.first.wait_for()  # the link navigates: count the checklist's items, not the round's page
    assert items.count() >= 2
    for i in range(items.count()):
        page.check(f"input[name='result-{i}'][value='{'issue' if i == 1 else 'ok'}']")
    page.fill("#note-1", "三资台账缺少 2025 年 12 月凭证")
    page.get_by_role("button", name="提交检查表").click()
    page.get_by_text("检查表已提交").wait_for()
    _shot(page, "checklist")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width
    page.select_option("#id_category", "三资台账")
    page.fill("#id_description", "三资台账缺少 2025 年 12 月凭证，会计称已遗失。")
    page.get_by_role("button", name="转为问题").click()
    page.get_by_text("已在问题台账中生成问题").wait_for()
    finding = Finding.objects.get()
    assert finding.problem.source == "inspection" and finding.village == world.village_a1
    _shot(page, "finding")
    page.get_by_role("link", name=finding.round.name).click()
    with page.expect_download() as xlsx:
        page.get_by_role("link", name="报告（Excel）").click()
    assert xlsx.value.suggested_filename.endswith(".xlsx")
    with page.expect_download() as pdf:
        page.get_by_role("link", name="报告（PDF）").click()
    target = SHOTS / "inspections-report.pdf"
    pdf.value.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")

    monitor = _phone(browser, live_server, "dora")
    monitor.goto(live_server.url + reverse("office:inspections:visits"))
    monitor.select_option("#id_group", "aid")
    monitor.fill("#id_place", "低保户家中")
    monitor.fill("#id_heard", "低保金按月到账，但临时救助申请三个月没有答复。")
    monitor.fill("#id_findings", "临时救助申请三个月未答复")
    monitor.get_by_role("button", name="保存").click()
    monitor.get_by_text("走访已登记").wait_for()
    _shot(monitor, "visit")
    visit = MonitorVisit.objects.get()
    assert visit.group == "aid" and visit.visit.problems.count() == 1


def test_the_county_sees_missed_visits_and_a_monitors_evaluation(browser, live_server, world):
    from django.utils import timezone
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from qingfeng.inspections import monitoring

    a1, _a2, _b1 = world_monitors(world)
    monitoring.visit_log(
        actor=world.admin,
        monitor=a1,
        visited_on=timezone.localdate().replace(day=1),
        place="村委会",
        group="cadres",
        heard="村干部述职",
        findings=["村务公开栏未更新"],
    )
    monitoring.evaluation_record(
        actor=world.township_a_official,
        monitor=a1,
        year=timezone.localdate().year,
        residents_rating=88,
        grade="competent",
    )
    device = TOTPDevice.objects.create(user=world.county_official, name="phone", confirmed=True)
    page = browser.new_context(viewport=PHONE, locale="en-US").new_page()
    page.set_default_timeout(15000)
    page.goto(live_server.url + reverse("office:login"))
    page.fill("#id_username", "alice")
    page.fill("#id_password", "pw-alice")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/office/otp/verify/**")
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    page.fill("#id_token", f"{code:06d}")
    page.get_by_role("button", name="继续").click()
    page.wait_for_url("**/office/")
    page.get_by_text("上月未完成走访的监督员").wait_for()
    page.goto(live_server.url + reverse("office:inspections:duty"))
    assert page.locator("table.grid tbody tr").count() == 3  # nobody visited last month
    _shot(page, "county-missed")
    page.get_by_role("link", name="钱监督").click()
    page.get_by_text("称职").first.wait_for()
    assert "88" in page.locator("dl.figures").inner_text()
    _shot(page, "county-evaluation")
