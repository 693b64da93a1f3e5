"""The office's next month: a payments file that only adds rows to the previous version is
checked from where that one ended, and the run starts from the region's previous run; the hits
are those of a full run (issue 13 item 5)."""

from __future__ import annotations

import gzip

import pytest

from qingfeng.screening import datafiles, services
from qingfeng.screening.engine import partial
from qingfeng.screening.engine.increments import open_text
from qingfeng.screening.engine.runner import screen
from qingfeng.screening.models import DataSet, ScreeningRun
from tests.conftest import VILLAGE_A1
from tests.screening.conftest import DEAD_A1, DEATHS, PAYMENTS

MAY = f"2024-05-05,低保金,{DEAD_A1},张三丰,{VILLAGE_A1},800,6222000000000001\n"

pytestmark = pytest.mark.django_db


@pytest.fixture
def checked_texts(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The rows each check read (the text handed to the engine's loader)."""
    seen: list[list[str]] = []
    real = datafiles.load_table

    def recording(con, kind, parts, out, *args, **kw):  # type: ignore[no-untyped-def]
        seen.append([open_text(p).read().decode("utf-8-sig") for p, _name in parts])
        return real(con, kind, parts, out, *args, **kw)

    monkeypatch.setattr(datafiles, "load_table", recording)
    return seen


@pytest.fixture
def modes(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    seen: dict[str, str] = {}
    real = partial.PartialRules.run

    def recording(self, rule, values):  # type: ignore[no-untyped-def]
        mode, rows, dirty = real(self, rule, values)
        seen[rule.code] = mode.value
        return mode, rows, dirty

    monkeypatch.setattr(partial.PartialRules, "run", recording)
    return seen


def _full_run_hits(datasets: list[DataSet]) -> list[tuple[str, str, str]]:
    report = screen(None, checked=datafiles.checked_tables(datasets))
    return sorted((h.rule, h.subject, h.evidence) for h in report.hits)


def test_next_months_payments_check_only_the_new_rows_and_run_from_the_last_run(
    world, upload, checked_texts, modes
):
    deaths = upload(world.department_user, world.county, "deaths", DEATHS)
    april = upload(world.department_user, world.county, "payments", PAYMENTS)
    first = services.run_start(actor=world.county_official, region=world.county)
    first.refresh_from_db()
    assert first.status == ScreeningRun.Status.DONE and modes == {}
    checked_texts.clear()

    may = upload(world.department_user, world.county, "payments", PAYMENTS + MAY)
    assert may.status == DataSet.Status.VALID and may.rows == 6
    assert checked_texts == [[PAYMENTS.splitlines()[0] + "\n" + MAY]]  # the header, then May
    kept = sorted(p.name for p in datafiles.folder_path(may.folder).iterdir())
    assert kept == ["checked.json", "checked.parquet", "checked.part-1.parquet", "original-0.csv"]
    april_table = datafiles.checked_parquet(april.folder)
    assert datafiles.checked_parquet(may.folder).stat().st_ino == april_table.stat().st_ino

    second = services.run_start(actor=world.county_official, region=world.county)
    second.refresh_from_db()
    assert second.status == ScreeningRun.Status.DONE
    assert modes["R01"] == "row" and modes["R05"] == "keys"
    full = _full_run_hits([deaths, may])
    assert second.hit_count == len(full)
    assert any(rule == "R01" and "2024-05-05" in ev for rule, _s, ev in full)
    report = screen(
        None,
        checked=datafiles.checked_tables([deaths, may]),
        history=services.History(datafiles.versions_folder(world.county.pk)),
    )
    assert sorted((h.rule, h.subject, h.evidence) for h in report.hits) == full


def test_a_bad_new_row_is_named_by_its_row_in_the_whole_file(world, upload):
    upload(world.department_user, world.county, "payments", PAYMENTS)
    bad = upload(
        world.department_user,
        world.county,
        "payments",
        PAYMENTS + MAY + "2024-13-45,低保金,,,,1,\n",
    )
    assert bad.status == DataSet.Status.INVALID
    assert [(p["row"], p["column"]) for p in bad.problems] == [(8, "发放日期")]


def test_a_compressed_upload_is_compared_by_its_text(world, upload, checked_texts):
    upload(world.department_user, world.county, "payments", PAYMENTS)
    checked_texts.clear()
    import datetime as dt

    from django.core.files.uploadedfile import SimpleUploadedFile

    packed = gzip.compress((PAYMENTS + MAY).encode("utf-8-sig"))
    may = services.dataset_upload(
        actor=world.department_user,
        region=world.county,
        kind="payments",
        as_of=dt.date(2024, 6, 1),
        upload=SimpleUploadedFile("payments.csv.gz", packed),
    )
    assert may.problems == []
    assert may.status == DataSet.Status.VALID and may.rows == 6
    assert checked_texts == [[PAYMENTS.splitlines()[0] + "\n" + MAY]]


def test_a_changed_old_row_is_checked_in_full(world, upload, checked_texts):
    upload(world.department_user, world.county, "payments", PAYMENTS)
    checked_texts.clear()
    changed = PAYMENTS.replace(",800,", ",801,", 1) + MAY
    may = upload(world.department_user, world.county, "payments", changed)
    assert may.rows == 6 and checked_texts == [[changed]]
    kept = sorted(p.name for p in datafiles.folder_path(may.folder).iterdir())
    assert "checked.part-1.parquet" not in kept
