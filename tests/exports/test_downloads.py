"""Big exports: written by the worker with a progress bar, kept a day, only for their owner."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from qingfeng.audit.selectors import audit_entries
from qingfeng.exports import services
from qingfeng.exports.models import Download
from tests.conftest import sign_in
from tests.exports.scoped_objects import make_download
from tests.ledger.helpers import new_problem


@pytest.fixture
def small_threshold(settings, tmp_path):
    settings.QINGFENG_EXPORT_SYNC_ROWS = 2
    settings.QINGFENG_EXPORTS_DIR = tmp_path / "exports"


def _rows(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


def test_a_small_export_is_answered_at_once_and_audited(client, world, small_threshold):
    new_problem(world.village_a1, title="路灯不亮")
    sign_in(client, world.county_official)
    response = client.get(reverse("office:ledger:export"))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attach")
    _caption, header, row = _rows(response.getvalue())
    assert header[6] == "问题描述" and row[6] == "本月低保金没有到账"
    assert audit_entries().filter(action="exports.export").count() == 1
    assert Download.objects.count() == 0


def test_a_big_export_goes_to_the_worker_and_the_downloads_list(client, world, small_threshold):
    for i in range(3):
        new_problem(world.village_a1, title=f"问题{i}")
    sign_in(client, world.county_official)
    response = client.get(reverse("office:ledger:export"))
    assert response.status_code == 302
    assert response["Location"] == reverse("office:exports:list")
    download = Download.objects.get()
    # The test settings run tasks at once: the file is ready.
    assert download.status == Download.Status.DONE and download.rows_done == 3
    assert download.expires_at > timezone.now() + dt.timedelta(hours=23)
    page = client.get(reverse("office:exports:list")).content.decode()
    assert "后台" in page  # the message: it is being written in the background
    assert reverse("office:exports:file", args=[download.pk]) in page and "100%" in page
    got = client.get(reverse("office:exports:file", args=[download.pk]))
    assert got.status_code == 200
    caption, _header, *rows = _rows(got.getvalue())
    assert len(rows) == 3 and caption[0].startswith("筛选条件")
    assert audit_entries().filter(action="exports.download.start").count() == 1
    assert audit_entries().filter(action="exports.download.get").count() == 1


def test_only_the_owner_gets_the_file_and_only_while_in_scope(client, world, small_threshold):
    for i in range(3):
        new_problem(world.village_a1, title=f"问题{i}")
    sign_in(client, world.county_official)
    client.get(reverse("office:ledger:export"))
    download = Download.objects.get()
    url = reverse("office:exports:file", args=[download.pk])
    other = world.admin  # same county, not the owner
    sign_in(client, other)
    assert client.get(url).status_code == 404
    assert reverse("office:exports:file", args=[download.pk]) not in (
        client.get(reverse("office:exports:list")).content.decode()
    )
    # The owner moves to one township: the county-wide file is no longer theirs to take.
    owner = world.county_official
    owner.scope_regions.set([world.township_a])
    sign_in(client, owner)
    assert client.get(url).status_code == 404
    assert audit_entries().filter(action="exports.download.get").count() == 0


def test_the_progress_row_polls_while_the_file_is_written(client, world):
    download = make_download(world.county_official, world.county.code, rows_total=200)
    Download.objects.filter(pk=download.pk).update(status="running", rows_done=50)
    sign_in(client, world.county_official)
    html = client.get(reverse("office:exports:row", args=[download.pk])).content.decode()
    assert 'value="25"' in html and "hx-get" in html and "25%" in html
    assert client.get(reverse("office:exports:file", args=[download.pk])).status_code == 302


def test_a_failed_build_says_so_in_chinese(world, small_threshold, monkeypatch):
    download = make_download(world.county_official, world.county.code)

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(services.xlsx, "write", broken)
    assert services.run(download.pk) == {"failed": True}
    download.refresh_from_db()
    assert download.status == "failed" and "重试" in download.error
    assert not list((services.exports_dir()).glob("*.part"))


def test_downloads_older_than_a_day_are_removed_with_their_file(world, small_threshold):
    download = make_download(world.county_official, world.county.code)
    assert services.run(download.pk)["rows"] == 0
    download.refresh_from_db()
    path = services.file_path(download)
    assert path.is_file()
    assert services.purge_expired(timezone.now() + dt.timedelta(days=1, minutes=1)) == 1
    assert not path.exists() and not Download.objects.exists()
