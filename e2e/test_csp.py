"""Under the strict Content-Security-Policy the key pages work and the browser reports no
violation: the village page, the report form (sent, with its CSRF token), the office dashboard
with its ECharts charts (hovered, so a tooltip is drawn), the screening upload page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from tests.intake.helpers import jpeg_with_gps

from e2e.conftest import SHOTS, shot
from e2e.test_sweep import _sign_in, content  # noqa: F401  (the sweep's small world with data)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


def _watch(page) -> list[str]:
    errors: list[str] = []
    page.context.add_init_script(LISTEN)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def _clean(page, errors: list[str], where: str) -> None:
    violations = page.evaluate("window.__csp || []")
    assert violations == [], (where, violations)
    assert [e for e in errors if "Content Security Policy" in e] == [], (where, errors)
    assert errors == [], (where, errors)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_public_pages_and_the_report_form(live_server, content, page, tmp_path):  # noqa: F811
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(jpeg_with_gps().read())
    errors = _watch(page)
    village = content.village_a1.code
    page.goto(f"{live_server.url}/v/{village}/")
    assert page.locator("h1").inner_text() == "东村"
    _clean(page, errors, "village page")
    for path in (f"/v/{village}/powers/", f"/v/{village}/disclosure/", "/track/"):
        page.goto(live_server.url + path)
        _clean(page, errors, path)
    page.goto(f"{live_server.url}/v/{village}/report/")
    shot(page, "csp-report-form")
    _clean(page, errors, "report form")
    page.get_by_label(re.compile("民生诉求")).check()
    page.fill("#id_description", "村口的路灯坏了三个月，晚上看不见路。")
    page.set_input_files("input[name=photo]", str(photo))  # the form previews it (blob: URL)
    page.wait_for_timeout(300)
    _clean(page, errors, "report form with a photo")
    page.get_by_role("button", name="提交").click()
    page.wait_for_url("**/report/done/")  # the CSRF token went with the form
    code = re.sub(r"\D", "", page.locator("#code").inner_text())
    assert len(code) == 16
    _clean(page, errors, "report sent")
    page.goto(live_server.url + "/track/")
    page.fill("#id_code", code)
    page.get_by_role("button", name="查询").click()
    page.wait_for_url("**/track/status/")
    assert "已提交" in page.locator("body").inner_text()
    _clean(page, errors, "tracked")


def test_the_dashboard_draws_its_charts(live_server, browser, content):  # noqa: F811
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    _sign_in(context, live_server, content.admin)
    page = context.new_page()
    errors = _watch(page)
    page.goto(live_server.url + reverse("office:insights:dashboard"))
    page.wait_for_selector("[data-chart] canvas")
    charts = page.locator("[data-chart] canvas")
    assert charts.count() >= 1
    box = charts.first.bounding_box()
    assert box and box["width"] > 100 and box["height"] > 100
    charts.first.scroll_into_view_if_needed()
    box = charts.first.bounding_box()
    for step in range(1, 8):  # across the chart, so the tooltip shows on some bar or slice
        page.mouse.move(box["x"] + box["width"] * step / 8, box["y"] + box["height"] / 2)
        page.wait_for_timeout(150)
    page.screenshot(path=str(SHOTS / "csp-dashboard-desktop.png"))
    _clean(page, errors, "dashboard")
    page.goto(live_server.url + reverse("office:screening:upload"))
    assert page.locator("input[type=file]").count() >= 1
    _clean(page, errors, "screening upload")
    context.close()


def test_the_audit_checkpoints_page(live_server, world, page, settings, tmp_path):
    from django.db import transaction

    from qingfeng.audit.services import audit_checkpoint, audit_record

    settings.QINGFENG_AUDIT_CHECKPOINTS = tmp_path / "checkpoints.txt"
    for i in range(3):
        with transaction.atomic():
            audit_record(actor=None, action=f"test.step{i}")
    audit_checkpoint()
    errors = _watch(page)
    page.goto(live_server.url + "/audit/checkpoints/")
    assert page.locator("h1").inner_text() == "审计日志校验点"
    assert page.locator("td.hash").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    shot(page, "audit-checkpoints")
    _clean(page, errors, "audit checkpoints")
