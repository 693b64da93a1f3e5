"""A resident scans the village QR code on a phone: reads the power list and a flowchart,
opens the disclosures and a correction's history."""

from __future__ import annotations

import pytest
from django.db import transaction
from playwright.sync_api import expect
from tests.disclosure.conftest import finance_rows, publish_direct
from tests.powers.conftest import make_template, make_village_list

from e2e.conftest import follow, shot
from qingfeng.disclosure import services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def village_content(world):
    make_village_list(make_template(world.county), world.village_a1)
    batch = publish_direct(world.village_a1, title="2026年3月财务收支明细")
    with transaction.atomic():
        services.correct(
            actor=world.township_a_official,
            batch=batch,
            rows=finance_rows(4),
            reason="漏记一笔办公费",
        )
    return world


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_a_resident_reads_the_list_a_flowchart_and_a_corrected_disclosure(
    live_server, village_content, page
):
    code = village_content.village_a1.code
    page.goto(f"{live_server.url}/v/{code}/")  # what the QR code on the notice board opens
    assert page.locator("h1").inner_text() == "东村"
    shot(page, "village-with-sections")

    page.get_by_role("link", name="小微权力清单").first.click()
    page.wait_for_url(f"**/v/{code}/powers/")
    assert "重大决策" in page.locator("main").inner_text()
    no_sideways_scroll(page)
    shot(page, "power-list")

    follow(page.get_by_role("link", name="最低生活保障（低保）申请"))
    svg = page.locator("svg.flowchart")
    assert svg.count() == 1
    assert svg.bounding_box()["width"] <= page.viewport_size["width"]
    assert "入户调查" in svg.text_content()
    doubt = page.get_by_role("link", name="对此有疑问")
    assert doubt.get_attribute("href").startswith(f"/v/{code}/report/?about=power:")
    no_sideways_scroll(page)
    shot(page, "power-item-flowchart")

    page.goto(f"{live_server.url}/v/{code}/")
    page.get_by_role("link", name="三务公开").first.click()
    page.wait_for_url(f"**/v/{code}/disclosure/")
    shot(page, "disclosure-list")
    follow(page.get_by_role("link", name="2026年3月财务收支明细"))
    body = page.locator("main").inner_text()
    assert "已更正，第 2 版" in body and "漏记一笔办公费" in body
    assert "SHA-256" not in body  # the hashes wait, folded, at the end
    page.get_by_text("如何核验").click()
    verify = page.locator("details.verify").inner_text()
    assert "SHA-256" in verify and "qingfeng disclosure verify" in verify
    no_sideways_scroll(page)
    shot(page, "disclosure-corrected")

    page.get_by_role("link", name="第 1 版").click()
    expect(page.locator("main")).to_contain_text("此版本已被更正")
    shot(page, "disclosure-first-version")


def test_the_village_qr_on_the_power_list_page_scans(live_server, village_content, page):
    import zxingcpp
    from PIL import Image

    code = village_content.village_a1.code
    page.goto(f"{live_server.url}/v/{code}/powers/")
    image = page.locator(".qr-box img")
    image.scroll_into_view_if_needed()
    assert image.evaluate("i => i.complete && i.naturalWidth > 0")  # not a broken image
    path = shot(page, "powers-qr")
    found = [r.text for r in zxingcpp.read_barcodes(Image.open(path))]
    assert found == [f"{live_server.url}/v/{code}/"]
