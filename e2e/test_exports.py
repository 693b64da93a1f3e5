"""A county official exports the filtered ledger; above the threshold the worker writes it and
it appears in 我的下载 with a progress bar that turns into the link."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import expect
from tests.ledger.helpers import new_problem

from e2e.conftest import shot
from e2e.test_screening_review import _sign_in_county_official
from qingfeng.exports.models import Download

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_big_filtered_export_goes_through_my_downloads(
    live_server, world, page, settings, tmp_path
):
    settings.QINGFENG_EXPORT_SYNC_ROWS = 1
    settings.QINGFENG_EXPORTS_DIR = tmp_path / "exports"
    for i in range(3):
        new_problem(world.village_a1, title=f"低保问题{i}", description=f"低保金未到账{i}")
    new_problem(world.village_b1, title="低保乙乡", description="乙乡低保金未到账")
    new_problem(world.village_a2, title="道路积水", description="村口道路积水")
    _sign_in_county_official(page, live_server, world)
    page.goto(live_server.url + reverse("office:ledger:list"))
    page.fill("#q", "低保")
    page.select_option("#township", world.township_a.code)
    page.get_by_role("button", name="筛选").click()
    expect(page.locator("table.grid tbody tr")).to_have_count(3)
    shot(page, "exports-ledger-filtered")
    page.get_by_role("link", name="导出 Excel").click()
    page.wait_for_url("**/office/exports/")
    link = page.locator("table.grid a", has_text="问题台账")
    expect(link).to_be_visible()
    shot(page, "exports-my-downloads")
    download = Download.objects.get()
    assert download.params["township"] == world.township_a.code
    with page.expect_download() as got:
        link.click()
    book = load_workbook(io.BytesIO(open(got.value.path(), "rb").read()))  # noqa: SIM115
    rows = list(book.active.iter_rows(values_only=True))
    assert "甲镇" in rows[0][0] and "低保" in rows[0][0]
    assert len(rows) == 2 + 3
