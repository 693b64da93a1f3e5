"""The load cache: a file checked once is not parsed again, and never stands in for another."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from qingfeng.screening.engine import DataError, loader
from qingfeng.screening.engine.cache import LoadCache
from qingfeng.screening.engine.rules import all_rules
from qingfeng.screening.engine.runner import screen

R01_INPUT = all_rules()["R01"].folder / "input"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(R01_INPUT, folder)
    return folder


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """File names the loader parsed (not taken from a cache)."""
    seen: list[str] = []
    real = loader._load_one

    def counting(con, table, csv_path, file_name, out, **kw):
        seen.append(file_name)
        return real(con, table, csv_path, file_name, out, **kw)

    monkeypatch.setattr(loader, "_load_one", counting)
    return seen


def _hits(data: Path, cache: LoadCache) -> list[tuple[str, str, str]]:
    report = screen(data, rules=["R01"], cache=cache)
    return [(h.subject, h.summary, h.evidence) for h in report.hits]


def test_a_second_run_takes_every_file_from_the_cache(data, tmp_path, parses):
    cache = LoadCache(tmp_path / "cache")
    first = _hits(data, cache)
    files = sorted(p.name for p in data.iterdir())
    assert sorted(parses) == files
    parses.clear()
    assert _hits(data, cache) == first and first
    assert parses == []
    assert _hits(data, None) == first  # and the cache changes nothing in the result


def test_a_changed_file_is_parsed_again(data, tmp_path, parses):
    cache = LoadCache(tmp_path / "cache")
    first = _hits(data, cache)
    deaths = data / "deaths.csv"
    lines = deaths.read_text(encoding="utf-8-sig").splitlines()
    deaths.write_text("\n".join(lines[:1]) + "\n", encoding="utf-8")  # nobody died
    parses.clear()
    assert _hits(data, cache) == [] != first
    assert parses == ["deaths.csv"]


def test_a_bad_file_is_never_cached_and_fails_every_time(data, tmp_path, parses):
    cache = LoadCache(tmp_path / "cache")
    payments = data / "payments.csv"
    payments.write_text(
        payments.read_text(encoding="utf-8-sig") + "下周,低保金,1,张三,1,800,1\n", encoding="utf-8"
    )
    for _ in range(2):
        with pytest.raises(DataError) as caught:
            screen(data, rules=["R01"], cache=cache)
        assert [p.column for p in caught.value.problems] == ["发放日期"]
    assert parses.count("payments.csv") == 2
    assert parses.count("deaths.csv") == 1  # the good file was kept


def test_a_damaged_entry_is_ignored(data, tmp_path, parses):
    cache = LoadCache(tmp_path / "cache")
    first = _hits(data, cache)
    for meta in (tmp_path / "cache").glob("*.json"):
        meta.write_text("{not json", encoding="utf-8")
    parses.clear()
    assert _hits(data, cache) == first
    assert len(parses) == len(list(data.iterdir()))


def test_entries_beside_the_sources_are_private(data, parses):
    _hits(data, LoadCache.beside_sources())
    folder = data / ".qingfeng-checked"
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    entries = list(folder.glob("*.parquet"))
    assert len(entries) == len(list(data.glob("*.csv")))
    assert all(p.stat().st_mode & 0o077 == 0 for p in entries)
