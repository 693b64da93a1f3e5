"""An administrator registers an open API client in the office, reads its token once, the
token works against the API, and revoking it in the office stops it."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from e2e.conftest import follow, shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _sign_in_admin(page, live_server, world):
    device = TOTPDevice.objects.create(user=world.admin, name="phone", confirmed=True)
    page.goto(live_server.url + reverse("office:login"))
    page.fill("#id_username", "admin")
    page.fill("#id_password", "pw-admin")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/office/otp/verify/**")
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    page.fill("#id_token", code)
    page.get_by_role("button", name="继续").click()
    page.wait_for_url("**/office/")


def _get(url: str, token: str) -> int:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            json.loads(response.read())
            return response.status
    except urllib.error.HTTPError as exc:
        assert set(json.loads(exc.read())) == {"code", "message", "field"}
        return exc.code


def test_register_use_and_revoke_a_client(live_server, world, page):
    _sign_in_admin(page, live_server, world)
    page.goto(live_server.url + reverse("office:api:clients"))
    follow(page.get_by_role("link", name="登记客户端"))
    page.fill("#id_name", "县12345热线")
    page.select_option("#id_org_unit", str(world.commission.pk))
    page.select_option("#id_scope_regions", str(world.township_a.pk))
    page.get_by_label("报送问题").check()
    page.get_by_label("读取问题台账").check()
    page.fill("#id_webhook_url", "https://hotline.example/hook")
    shot(page, "api-client-form")
    follow(page.get_by_role("button", name="登记并显示令牌"))
    token = page.locator(".api-secret code").first.inner_text().strip()
    assert token.startswith("qf_")
    shot(page, "api-client-token")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1  # the long token wraps on a phone

    problems = f"{live_server.url}/api/v1/problems"
    assert _get(problems, token) == 200
    page.get_by_role("link", name="返回客户端").click()
    expect(page.get_by_text("回调推送记录")).to_be_visible()
    assert token not in page.content()
    page.get_by_role("button", name="吊销令牌").click()
    expect(page.get_by_text("该客户端的令牌已失效。")).to_be_visible()
    shot(page, "api-client-revoked")
    assert _get(problems, token) == 401
