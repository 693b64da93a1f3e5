"""大数据比对 in the office, as a county official: upload two registers (one needs its columns
mapped), run the rules in the background with a live progress bar, confirm a hit into the
ledger. Desktop only: this is office work at a PC."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect
from tests.screening.conftest import DEAD_A1, DEATHS, PAYMENTS

from e2e.conftest import shot
from qingfeng.ledger.models import Problem
from qingfeng.screening.models import Hit, ScreeningRun

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OWN_HEADERS = "发放时间,补贴项目,公民身份号码,户主姓名,村代码,发放金额,卡号"


def _sign_in_county_official(page, live_server, world):
    device = TOTPDevice.objects.create(user=world.county_official, name="phone", confirmed=True)
    page.goto(live_server.url + reverse("office:login"))
    page.fill("#id_username", "alice")
    page.fill("#id_password", "pw-alice")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/office/otp/verify/**")
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    page.fill("#id_token", code)
    page.get_by_role("button", name="继续").click()
    page.wait_for_url("**/office/")


def _upload(page, live_server, kind, path):
    page.goto(live_server.url + reverse("office:screening:upload"))
    page.select_option("#id_kind", kind)
    page.fill("#id_as_of", "2024-05-01")
    page.set_input_files("#id_file", str(path))
    if kind == "deaths":
        shot(page, "screening-upload")
        page.get_by_text("各类数据的标准列").click()
        expect(page.get_by_text("表头注明“万元”的列会自动换算为元")).to_be_visible()
        shot(page, "screening-upload-columns")
    page.get_by_role("button", name="上传并校验").click()
    # the browser sends the file in chunks; the check is queued for the worker
    page.wait_for_url("**/datasets/*/")


def _worker_checks(page):
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    # htmx polls the check's progress and reloads the page once the worker is done (HX-Refresh);
    # a reload of the test's own raced it (net::ERR_ABORTED): wait for the page's own instead
    expect(page.locator("#check-progress[hx-get]")).to_have_count(0, timeout=15000)
    page.wait_for_load_state()


def test_a_county_official_uploads_runs_and_confirms_a_hit(
    live_server, world, page, settings, tmp_path
):
    if page.viewport_name == "phone":
        pytest.skip("office screening work is done at a PC")
    settings.SCREENING_DATA_DIR = tmp_path / "screening"
    # A real queue: the run waits for the worker, as in production.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # as many systems export "Excel": a web page in GBK named .xls
    deaths = tmp_path / "死亡人员.xls"
    table = "".join(
        "<tr>" + "".join(f"<td>{c}</td>" for c in line.split(",")) + "</tr>"
        for line in DEATHS.splitlines()
    )
    deaths.write_text(
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        f"</head><body><table>{table}</table></body></html>",
        encoding="gbk",
    )
    payments = tmp_path / "低保发放明细.csv"
    # as the civil affairs system exports it: a title above the header, an empty row among the
    # records (row 5 of the file), a total and signatures under them
    lines = PAYMENTS.replace(PAYMENTS.splitlines()[0], OWN_HEADERS).splitlines(keepends=True)
    own = "".join([*lines[:3], ",,,,,,\n", *lines[3:]])
    # the title and header end with CRLF (written on Windows), the rows added later with LF
    payments.write_text(
        f"低保金发放花名册,,,,,,\r\n{own.replace(chr(10), chr(13) + chr(10), 1)}"
        "合计,,,,,3400,\n制表人：王五,,,,,,\n",
        "utf-8-sig",
        newline="",
    )

    _sign_in_county_official(page, live_server, world)
    # the menu entry is registered (its link is in the page; the shell's menu shows it)
    assert page.locator(".office-nav a", has_text="大数据比对").count() == 1
    page.goto(live_server.url + reverse("office:screening:index"))
    assert page.locator("h1").inner_text() == "大数据比对"

    _upload(page, live_server, "deaths", deaths)
    assert "等待后台任务检查文件" in page.locator("#check-progress").inner_text()
    _worker_checks(page)
    assert "已校验" in page.locator("body").inner_text()
    assert "是网页格式的表格（不是Excel工作簿），已按表格读取" in page.locator("body").inner_text()
    shot(page, "screening-dataset-checked")

    _upload(page, live_server, "payments", payments)
    _worker_checks(page)
    assert "文件表头与标准不一致" in page.locator("body").inner_text()
    page.get_by_role("link", name="对应数据列").click()
    page.wait_for_url("**/map/")
    for contract, mine in [
        ("发放日期", "发放时间"),
        ("项目", "补贴项目"),
        ("身份证号", "公民身份号码"),
        ("姓名", "户主姓名"),
        ("金额", "发放金额"),
        ("银行账号", "卡号"),
    ]:
        page.get_by_label(contract, exact=True).select_option(mine)
    assert page.get_by_label("村代码", exact=True).input_value() == "村代码"
    shot(page, "screening-mapping")
    page.get_by_role("button", name="应用并校验").click()
    page.wait_for_url("**/datasets/*/")
    _worker_checks(page)
    checked = page.locator("body").inner_text()
    assert "已校验：5 行" in checked
    assert "前1行是表格标题，从第2行的表头读起" in checked
    assert "最后2行是合计、签字等表尾（“合计”、“制表”），不作为数据读取" in checked
    assert "第5行是空行，不作为数据读取（其余各行的行号不变）" in checked
    assert "各行的换行符不统一（Windows和Unix两种换行混用），已统一后读取" in checked
    shot(page, "screening-dataset-title-footer")

    page.goto(live_server.url + reverse("office:screening:run_new"))
    assert page.locator(".tag", has_text="死亡记录").count() == 1
    shot(page, "screening-run-new")
    page.get_by_role("button", name="开始比对").click()
    page.wait_for_url("**/runs/*/")
    bar = page.locator("#run-progress progress")
    assert bar.is_visible()
    assert "等待后台任务执行" in page.locator("#run-progress").inner_text()
    shot(page, "screening-run-queued")

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    run = ScreeningRun.objects.get()
    assert run.status == ScreeningRun.Status.DONE
    # htmx polls the progress endpoint, which reloads the page when the run has ended
    page.wait_for_selector("table.hits", timeout=10000)
    assert page.locator("#run-progress .percent").inner_text() == "100%"
    body = page.locator("body").inner_text()
    assert "死亡后仍领取补贴" in body and "东村" in body and "南村" in body
    assert DEAD_A1 not in body  # the list is masked, even for the county
    shot(page, "screening-run-hits")

    # a county has hundreds of villages: the township first, then its villages
    page.select_option("#township", world.township_a.code)
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url(f"**township={world.township_a.code}**")
    page.select_option("#village", world.village_a1.code)
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url(f"**village={world.village_a1.code}**")  # not the list before the filter
    expect(page.locator("table.hits tbody tr")).to_have_count(1)
    page.locator("table.hits tbody a").first.click()
    page.wait_for_url("**/hits/*/")
    assert DEAD_A1 in page.locator("table.evidence").first.inner_text()
    assert page.locator("table.evidence").count() == 2
    shot(page, "screening-hit")

    page.fill("#note", "请民政办核实死亡后发放情况")
    page.get_by_role("button", name="确认问题").click()
    # the page posts back to the same URL: wait for the message, not for the URL
    expect(page.locator(".messages")).to_contain_text("已列入问题台账")
    shot(page, "screening-hit-confirmed")
    hit = Hit.objects.get(status=Hit.Status.CONFIRMED)
    problem = Problem.objects.get()
    assert problem.source == "screening" and problem.about == f"screening:{hit.pk}"
    page.get_by_role("link", name=problem.number).click()
    page.wait_for_url(f"**/office/ledger/{problem.pk}/")
    assert "大数据比对" in page.locator("body").inner_text()
    shot(page, "screening-problem-in-ledger")
