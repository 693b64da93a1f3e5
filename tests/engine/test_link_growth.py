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


def test_a_namesake_of_a_linked_record(county, tmp_path, spy):
    """A new payee with the name of a fuzzily linked death and an ID one sequence number off
    the linked payee's: a rival as good as the payee, so the record now links to nobody."""
    data, cache = _first_cache(county, tmp_path)
    linked = [r for r in _links(cache) if r[0] == "deaths" and r[4] == "fuzzy"]
    assert linked, "the fixture has deaths linked fuzzily"
    src, row_id, _role, person = linked[0][:4]
    header, deaths = _rows(data / "deaths.csv")
    record = dict(zip(header.split(","), deaths[int(row_id) - 2], strict=True))
    rival = with_check_digit(f"{person[:14]}{(int(person[14:17]) + 2) % 1000:03d}")
    village = record.get("村代码") or f"{person[:6]}100201"
    _append(
        data / "payments.csv", [["2099-01-10", "低保金", rival, record["姓名"], village, "800", ""]]
    )
    after = _compare(data, cache, tmp_path, spy)
    assert [r for r in after if (r[0], r[1]) == (src, row_id)] != [linked[0]]
    assert spy[0] < len(deaths), "only some records are linked again"


def test_a_payee_that_makes_a_unique_name_shared(county, tmp_path, spy):
    data, cache = _first_cache(county, tmp_path)
    unique = [r for r in _links(cache) if r[4] == "name_unique" and r[0] != "relatives"]
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
    before = _links(cache)
    _append(data / "payments.csv", [_payee("欧阳无关", "330803100298", 33)])
    after = _compare(data, cache, tmp_path, spy)
    assert after == before


HOMOPHONES = dict(
    zip("伟华明丽强军芳英静平红燕杰涛斌", "威花鸣利墙君方鹰敬萍宏艳洁滔彬", strict=True)
)


def test_a_rival_under_another_name_that_a_blocking_rule_pairs(county, tmp_path, spy):
    """A new payee whose name only sounds like a fuzzily linked death's (same pinyin) and whose
    ID shares the linked payee's first 14 characters: only Splink's blocking rules pair them,
    and the record, with two good candidates now, links to nobody."""
    data, cache = _first_cache(county, tmp_path)
    header, deaths = _rows(data / "deaths.csv")
    columns = header.split(",")
    found = None
    for r in _links(cache):
        if r[0] == "deaths" and r[4] == "fuzzy":
            record = dict(zip(columns, deaths[int(r[1]) - 2], strict=True))
            if record["姓名"] and record["姓名"][-1] in HOMOPHONES:
                found = r, record
                break
    assert found, "the fixture has a fuzzily linked death whose name ends in a common character"
    link, record = found
    person = str(link[3])
    name = record["姓名"][:-1] + HOMOPHONES[record["姓名"][-1]]
    rival = with_check_digit(f"{person[:14]}{(int(person[14:17]) + 2) % 1000:03d}")
    village = record.get("村代码") or f"{person[:6]}100201"
    _append(data / "payments.csv", [["2099-01-10", "低保金", rival, name, village, "800", ""]])
    after = _compare(data, cache, tmp_path, spy)
    assert [r for r in after if (r[0], r[1]) == (link[0], link[1])] != [link]
