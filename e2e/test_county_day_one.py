"""A real county on day one: init-county, the first administrator signs in (TOTP, own
password), downloads the template, imports a county built in code (check, then import),
hands out the one-time passwords; residents find the new villages with their posters."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from openpyxl import load_workbook
from tests.orgs import county_workbook as cw

from e2e.conftest import DESKTOP, FLAGS, PHONE, SHOTS, follow  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _sign_in(page, url, username, password, new_password):
    page.goto(url + reverse("office:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="登录").click()


def _change_password(page, old, new):
    page.wait_for_url("**/office/password/**")
    page.fill("#id_old_password", old)
    page.fill("#id_new_password1", new)
    page.fill("#id_new_password2", new)
    page.get_by_role("button", name="修改密码").click()
    page.wait_for_url("**/office/")


def test_a_county_goes_live_from_the_workbook(live_server, browser, tmp_path, capsys):
    call_command("init_county", "--code", cw.COUNTY, "--name", cw.COUNTY_NAME)
    password = re.search(r"一次性密码：(\S+)", capsys.readouterr().out).group(1)
    office = browser.new_context(viewport=DESKTOP, locale="zh-CN", accept_downloads=True)
    page = office.new_page()
    page.set_default_timeout(20000)
    _sign_in(page, live_server.url, "admin", password, None)
    page.wait_for_url("**/office/otp/enrol/**")
    device = TOTPDevice.objects.get(user__username="admin", confirmed=False)
    page.fill("#id_token", f"{totp(device.bin_key, step=device.step, t0=device.t0):06d}")
    page.get_by_role("button", name="确认").click()
    _change_password(page, password, "Qingshan-admin-2026")

    page.locator(".office-nav summary", has_text="机构设置").click()
    follow(page.get_by_role("link", name="组织机构导入"))
    _shot(page, "county-import-start")
    with page.expect_download() as download:
        page.get_by_role("link", name="下载空白导入表").click()
    template = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert template.sheetnames[1:] == ["行政区划", "片区", "单位", "人员", "亲属关系", "用户"]

    rows = cw.build(townships=2, villages=2, residents=2, users_per_township=1)
    path = cw.write(rows, tmp_path / "青山县组织机构.xlsx")
    page.set_input_files("#id_workbook", str(path))
    page.get_by_role("button", name="检查（不写入）").click()
    page.wait_for_selector("text=没有发现错误")
    _shot(page, "county-import-check")
    page.get_by_role("button", name="导入").click()
    page.wait_for_selector("h1:has-text('已导入')")
    _shot(page, "county-import-done")
    with page.expect_download() as download:
        page.get_by_role("link", name="下载新账号和一次性密码（只能下载一次）").click()
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    passwords = {row[0]: row[4] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert set(passwords) == {r[0] for r in rows["users"]}
    office.close()

    # a township official signs in with the one-time password and must choose their own
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    _sign_in(page, live_server.url, "qs_t1_0", passwords["qs_t1_0"], None)
    _change_password(page, passwords["qs_t1_0"], "Qingxi-town-2026!")
    assert page.locator("h1").inner_text() == "待办"
    context.close()

    # residents find the new village on a phone, with its power list and poster
    phone = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = phone.new_page()
    page.goto(live_server.url + "/")
    follow(page.get_by_role("link", name="青1镇"))
    page.get_by_role("link", name="青11村").click()
    page.wait_for_url("**/v/522632101201/")
    assert page.locator("h1").inner_text() == "青11村"
    body = page.locator("body").inner_text()
    assert "村党组织书记、村委会主任" in body and "青1镇纪委" in body
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    _shot(page, "county-village-phone")
    poster = page.request.get(live_server.url + "/v/522632101201/poster.pdf")
    assert poster.status == 200 and poster.body()[:4] == b"%PDF"
    powers = page.request.get(live_server.url + "/v/522632101201/powers/")
    assert powers.status == 200 and "事项" in powers.text()
    phone.close()
