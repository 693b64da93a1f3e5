"""The /track/ status page kept in the cache (intake/statuspage.py), in a real browser: a reload
is served from the cache, the rating form on the kept page carries this browser's CSRF token
and works, and the rating shows at once."""

from __future__ import annotations

import pytest
from django.urls import reverse

from e2e.conftest import follow, shot
from qingfeng.intake import services as intake
from qingfeng.intake.models import Report
from qingfeng.ledger import services as ledger
from qingfeng.orgs.models import Region

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_rate_from_a_kept_status_page(live_server, world, page, settings):
    settings.QINGFENG_PAGE_CACHE_SECONDS = 600
    report, code = intake.report_submit(
        village=world.village_a1, kind="livelihood", description="村口路灯坏了两个月。"
    )
    problem = ledger.problem_accept(actor=None, problem=report.problem)
    ledger.problem_reply(actor=None, problem=problem, reply="路灯已经修好。")
    page.goto(live_server.url + reverse("intake:track"))
    page.fill("#id_code", code)
    page.get_by_role("button", name="查询").click()
    page.wait_for_url("**/track/status/")
    assert "东村" in page.locator(".meta").inner_text()
    # A change that goes around the services tells no cache: the reload is the kept page.
    Region.objects.filter(pk=world.village_a1.pk).update(name="东村（改名）")
    page.reload()
    assert "改名" not in page.locator(".meta").inner_text()
    assert "路灯已经修好" in page.locator("body").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    shot(page, "track-status-kept")
    page.get_by_label("满意", exact=True).check()
    follow(page.get_by_role("button", name="提交评价"))
    page.wait_for_url("**/track/status/")
    body = page.locator("body").inner_text()
    assert "感谢您的评价" in body and "您的评价" in body
    assert "改名" in page.locator(".meta").inner_text()  # rendered afresh after the rating
    assert Report.objects.get().rating == "satisfied"
    shot(page, "track-status-rated")
