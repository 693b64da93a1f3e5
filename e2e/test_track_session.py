"""A resident looks a report up by its code, comes back to the status page (the session is read,
not written: core/sessions.py), sees a reply given meanwhile, and forgets the code; then five
wrong codes lock further guesses while the page still opens."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from playwright.sync_api import expect

from e2e.conftest import shot
from qingfeng.intake import services as intake
from qingfeng.ledger import services as ledger

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_look_up_come_back_and_forget(live_server, world, page):
    report, code = intake.report_submit(
        village=world.village_a1, kind="livelihood", description="村口路灯坏了两个月。"
    )
    page.goto(live_server.url + reverse("intake:track"))
    page.fill("#id_code", code)
    page.get_by_role("button", name="查询").click()
    page.wait_for_url("**/track/status/")
    assert "村口路灯坏了两个月" in page.locator("body").inner_text()
    stored = Session.objects.get()
    # Back later (a reload): the same page from the same session row, not written again.
    problem = ledger.problem_accept(actor=None, problem=report.problem)
    ledger.problem_reply(actor=None, problem=problem, reply="路灯已经修好。")
    page.reload()
    body = page.locator("body").inner_text()
    assert "路灯已经修好" in body and "已答复" in body
    assert Session.objects.get().expire_date == stored.expire_date
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    shot(page, "track-status-again")
    page.get_by_role("button", name="查询完毕，在本机退出").click()
    page.wait_for_url("**/track/")
    page.goto(live_server.url + reverse("intake:status"))
    page.wait_for_url("**/track/")  # forgotten on the server


def test_wrong_codes_lock_guesses_but_not_the_page(live_server, world, page):
    page.goto(live_server.url + reverse("intake:track"))
    for _ in range(5):
        page.fill("#id_code", "0000 0000 0000 0000")
        page.get_by_role("button", name="查询").click()
    expect(page.locator("body")).to_contain_text("15分钟")
    page.goto(live_server.url + reverse("intake:track"))  # the page itself still opens
    assert "15分钟" in page.locator("body").inner_text()
    shot(page, "track-locked")
