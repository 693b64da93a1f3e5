"""A resident reports with a photo on a phone, gets the code and tracks it; a township
official accepts, assigns and replies; the resident sees the reply and rates it."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from tests.intake.helpers import jpeg_with_gps

from e2e.conftest import follow, shot
from qingfeng.intake.models import Report

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_report_track_handle_and_rate(live_server, world, page, browser, tmp_path):
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(jpeg_with_gps().read())

    # The resident, from the village page.
    page.goto(live_server.url + reverse("portal:village", kwargs={"code": world.village_a1.code}))
    follow(page.get_by_role("link", name="我要反映"))
    page.get_by_label(re.compile("民生诉求")).check()
    page.fill("#id_description", "村口路灯坏了两个月，晚上出门很不安全。")
    assert page.locator(".attach .picked").first.inner_text() == "未选择"
    page.set_input_files("input[name=photo]", str(photo))
    # the picker says in Chinese what was chosen, not the browser's own "No file chosen"
    assert page.locator(".attach .picked").first.inner_text() == f"已选：{photo.name}"
    _no_sideways_scroll(page)
    shot(page, "report-form")
    page.get_by_role("button", name="提交").click()
    page.wait_for_url("**/report/done/")
    code = re.sub(r"\D", "", page.locator("#code").inner_text())
    assert len(code) == 16 and page.locator(".qr svg").count() == 1
    shot(page, "report-code")

    follow(page.get_by_role("link", name="查询进度"))
    page.fill("#id_code", code)
    page.get_by_role("button", name="查询").click()
    page.wait_for_url("**/track/status/")
    assert "已提交" in page.locator("body").inner_text()
    shot(page, "report-tracked")

    # The township official, in another browser.
    office = browser.new_context(viewport=page.viewport_size, locale="en-US").new_page()
    office.viewport_name = page.viewport_name
    office.goto(live_server.url + reverse("office:login"))
    office.fill("#id_username", "bob")
    office.fill("#id_password", "pw-bob")
    office.get_by_role("button", name="登录").click()
    office.wait_for_url("**/office/")
    problem = Report.objects.get().problem
    office.goto(live_server.url + reverse("office:ledger:problem", kwargs={"pk": problem.pk}))
    assert "依据：" in office.locator(".badge-rule").first.inner_text()
    shot(office, "ledger-new-problem")
    follow(office.get_by_role("button", name="受理", exact=True))
    office.check(f"input[name=handler][value='{world.township_a_official.pk}']")
    follow(office.get_by_role("button", name="指定", exact=True))
    office.fill("#id_reply", "已联系供电所，路灯已于今日修复。")
    assert "不能修改" in office.locator(".confirm-what").first.inner_text()
    office.get_by_label("我已核对答复，确认发送").check()
    office.get_by_role("button", name="发送答复").click()
    expect(office.locator("body")).to_contain_text("已答复")
    shot(office, "ledger-replied")
    office.context.close()

    # Back to the resident: the reply, and a rating.
    page.reload()
    body = page.locator("body").inner_text()
    assert "路灯已于今日修复" in body and "已答复" in body
    page.get_by_label("满意", exact=True).check()
    page.get_by_role("button", name="提交评价").click()
    expect(page.locator("body")).to_contain_text("感谢您的评价")
    _no_sideways_scroll(page)
    shot(page, "report-rated")
    assert Report.objects.get().rating == "satisfied"
