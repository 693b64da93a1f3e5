"""Links when next month only adds payees (link_growth.py, derived_steps.py): only the records
a new payee can change are linked again, and the links are those of a full relink."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from qingfeng.screening.engine import link_growth
from qingfeng.screening.engine.cache import LoadCache
from qingfeng.screening.engine.generator import generate
from qingfeng.screening.engine.idnumbers import with_check_digit
from qingfeng.screening.engine.runner import screen

from .test_partial import _append, _rows


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("small") / "data"
    generate(out, scale="small", seed=5)
    for extra in ("truth.csv", "decoys.csv"):
        (out / extra).unlink()
    return out


def _links(cache: Path) -> list[tuple[object, ...]]:
    (path,) = (cache / "runs").glob("*/derived/links.parquet")
    return duckdb.sql(f"SELECT * FROM read_parquet('{path}') ORDER BY ALL").fetchall()


def _hits(report) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    return [(h.rule, h.subject, h.village_code, h.summary, h.evidence) for h in report.hits]


def _payee(name: str, village: str, serial: int) -> list[str]:
    """A payment to a new payee (an ID no one in the county has) of 低保金 next month."""
    body = f"{village[:6]}19{serial % 90 + 10:02d}0101{serial % 900 + 100:03d}"
    return ["2099-01-10", "低保金", with_check_digit(body), name, village, "800", ""]


def _first_cache(county: Path, tmp_path: Path) -> tuple[Path, Path]:
    data, cache = tmp_path / "data", tmp_path / "cache"
    shutil.copytree(county, data)
    screen(data, cache=LoadCache(cache))
    return data, cache


def _compare(data: Path, cache: Path, tmp_path: Path, spy: list[int]) -> list[tuple[object, ...]]:
    again = screen(data, cache=LoadCache(cache))
    fresh = tmp_path / "fresh"
    full = screen(data, cache=LoadCache(fresh))
    assert _hits(again) == _hits(full)
    assert _links(cache) == _links(fresh)
    assert spy, "the records a new payee can change were not linked on their own"
    return _links(cache)


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    seen: list[int] = []
    real = link_growth.relink_set

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(real(*args, **kwargs))
        return seen[-1]

    monkeypatch.setattr(link_growth, "relink_set", counting)
    return seen


def _previous_links(cache: Path) -> list[tuple[object, ...]]:
    return _links(cache)


def test_a_namesake_of_a_linked_record(county, tmp_path, spy):
    data, cache = _first_cache(county, tmp_path)
    linked = [r for r in _previous_links(cache) if r[0] == "deaths" and r[4] == "fuzzy"]
    assert linked, "the fixture has deaths linked fuzzily"
    _header, deaths = _rows(data / "deaths.csv")
    header = _rows(data / "deaths.csv")[0].split(",")
    record = dict(zip(header, deaths[int(linked[0][1]) - 2], strict=True))
    payee = _payee(record["姓名"], record.get("村代码") or "330803100201", 11)
    _append(data / "payments.csv", [payee])
    after = _compare(data, cache, tmp_path, spy)
    total = len(_rows(data / "deaths.csv")[1])
    assert spy[0] < total, "only some records are linked again"
    assert after is not None


def test_a_payee_that_makes_a_unique_name_shared(county, tmp_path, spy):
    data, cache = _first_cache(county, tmp_path)
    unique = [r for r in _previous_links(cache) if r[4] == "name_unique" and r[0] != "relatives"]
    assert unique, "the fixture has records linked by a name unique in the county"
    src, row_id = unique[0][0], int(unique[0][1])
    header, rows = _rows(data / f"{src}.csv")
    record = dict(zip(header.split(","), rows[row_id - 2], strict=True))
    name = record.get("姓名") or record.get("法定代表人姓名")
    assert name
    _append(data / "payments.csv", [_payee(name, "330803100299", 22)])
    after = _compare(data, cache, tmp_path, spy)
    # the record's name is no longer unique: it links to nobody now
    assert not [r for r in after if r[0] == src and r[1] == row_id and r[4] == "name_unique"]


def test_an_unrelated_payee(county, tmp_path, spy):
    data, cache = _first_cache(county, tmp_path)
    before = _previous_links(cache)
    _append(data / "payments.csv", [_payee("欧阳无关", "330803100298", 33)])
    after = _compare(data, cache, tmp_path, spy)
    assert after == before
