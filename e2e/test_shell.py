"""A resident opens the portal on a phone and on a PC; an official signs in."""

from __future__ import annotations

import pytest
import zxingcpp
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image
from playwright.sync_api import expect

from e2e.conftest import follow, shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_resident_finds_their_village(live_server, world, page):
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "选择您所在的村"
    shot(page, "portal-home")
    follow(page.get_by_role("link", name="甲镇"))
    page.get_by_role("link", name="东村").click()
    page.wait_for_url(f"**/v/{world.village_a1.code}/")
    assert page.locator("h1").inner_text() == "东村"
    body = page.locator("body").inner_text()
    assert "村委会主任" in body and "12388" in body
    assert "11010519491231002X" not in page.content()
    # Nothing is wider than the screen: no sideways scrolling on a phone.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"]
    shot(page, "portal-village")


def test_a_township_official_signs_in(live_server, world, page):
    page.goto(live_server.url + reverse("office:login"))
    shot(page, "office-login")
    page.fill("#id_username", "bob")
    page.fill("#id_password", "pw-bob")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/office/")
    assert page.locator("h1").inner_text() == "待办"
    menu = page.locator(".office-nav a")
    assert menu.count() >= 5
    assert menu.first.is_visible()  # the menu shows on a phone and on a PC, without a click
    # One row on a PC, no sideways scrolling on a phone: every entry is inside the screen.
    width = page.viewport_size["width"]
    for entry in page.locator(".office-nav > *").all():
        assert entry.bounding_box()["x"] + entry.bounding_box()["width"] <= width
    if page.viewport_name == "desktop":
        assert page.locator(".office-nav").bounding_box()["height"] < 60
    shot(page, "office-inbox")
    # The groups open by keyboard: Tab to the summary, Enter opens, Escape closes.
    settings_group = page.locator(".office-nav summary", has_text="机构设置")
    regions = page.get_by_role("link", name="行政区划")
    assert not regions.is_visible()
    settings_group.focus()
    page.keyboard.press("Enter")
    assert regions.is_visible()
    page.keyboard.press("Escape")
    assert not regions.is_visible()
    # one group open at a time, and a click opens it
    page.locator(".office-nav summary", has_text="台账").click()
    settings_group.click()
    expect(page.locator(".office-nav details[open]")).to_have_count(1)
    shot(page, "office-menu-open")
    regions.click()
    page.wait_for_url("**/office/regions/")


def test_a_county_official_enrols_in_totp(live_server, world, page):
    page.goto(live_server.url + reverse("office:login"))
    page.fill("#id_username", "alice")
    page.fill("#id_password", "pw-alice")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/office/otp/enrol/**")
    assert page.locator(".qr svg").count() == 1
    path = shot(page, "office-totp-enrol")
    device = TOTPDevice.objects.get(user=world.county_official, confirmed=False)
    # What a phone's camera sees: the QR in the screenshot decodes to this device's key.
    found = zxingcpp.read_barcodes(Image.open(path))
    assert [r.text for r in found] == [device.config_url]
    assert found[0].text.startswith("otpauth://totp/")
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    page.fill("#id_token", code)
    page.get_by_role("button", name="确认").click()
    page.wait_for_url("**/office/")
    assert "动态口令已绑定" in page.locator("body").inner_text()
