"""Next month's data: the rows checked last month are re-used, only the appended ones checked,
and the hits are those of a full run on the new files (issue 13 item 5)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from qingfeng.screening.engine import DataError, loader
from qingfeng.screening.engine.cache import LoadCache
from qingfeng.screening.engine.rules import all_rules
from qingfeng.screening.engine.runner import screen

R01_INPUT = all_rules()["R01"].folder / "input"
# one more month for 张三 (dead, still paid) and a new payee
NEXT_MONTH = (
    "2024-07-15,低保金,330803195001011230,张三,330803100201,800,6222000000000001\n"
    "2024-07-15,低保金,330803196002022341,李新,330803100201,800,6222000000000099\n"
)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(R01_INPUT, folder)
    return folder


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The CSV files the loader parsed (the appended rows of a file are a file of their own)."""
    seen: list[str] = []
    real = loader._load_one

    def counting(con, table, csv_path, file_name, out, **kw):
        seen.append(Path(csv_path).name)
        return real(con, table, csv_path, file_name, out, **kw)

    monkeypatch.setattr(loader, "_load_one", counting)
    return seen


def _hits(data: Path, cache: LoadCache | None) -> list[tuple[str, str, str]]:
    report = screen(data, rules=["R01"], cache=cache)
    return [(h.subject, h.summary, h.evidence) for h in report.hits]


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8", newline="") as f:
        f.write(text)


def test_next_month_checks_only_the_new_rows_and_hits_equal_a_full_run(data, tmp_path, parsed):
    cache = LoadCache(tmp_path / "cache")
    first = _hits(data, cache)
    _append(data / "payments.csv", NEXT_MONTH)
    deaths = (data / "deaths.csv").read_text(encoding="utf-8")
    (data / "deaths.csv").write_text(deaths.replace("\n", "\r\n"), encoding="utf-8")  # changed
    parsed.clear()

    again = _hits(data, cache)

    assert parsed == ["deaths.csv", "payments.appended.csv"]
    assert again == _hits(data, None)  # a full run without the cache
    assert again != first
    grown = next(h for h in again if h[0] == "330803195001011230")
    assert "2024-07-15" in grown[2]  # the new month's payment is in the evidence, with its row
    assert '"行号":14' in grown[2]


def test_a_bad_appended_row_is_named_by_its_row_in_the_whole_file(data, tmp_path):
    cache = LoadCache(tmp_path / "cache")
    _hits(data, cache)
    _append(data / "payments.csv", NEXT_MONTH + "2024-13-45,低保金,330803195001011230,张三,,1,\n")
    with pytest.raises(DataError) as caught:
        _hits(data, cache)
    assert [(p.row, p.column) for p in caught.value.problems] == [(16, "发放日期")]


def test_a_changed_old_row_means_the_whole_file_is_checked_again(data, tmp_path, parsed):
    cache = LoadCache(tmp_path / "cache")
    _hits(data, cache)
    text = (data / "payments.csv").read_text(encoding="utf-8")
    (data / "payments.csv").write_text(text.replace(",800,", ",801,", 1) + NEXT_MONTH)
    parsed.clear()
    assert _hits(data, cache) == _hits(data, None)
    assert parsed[0] == "payments.csv"
