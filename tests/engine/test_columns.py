"""A run converts and checks only the columns its rules read; the rows behind its hits are
read again whole for their evidence, and a bad cell there is still an error (decision 0013)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from qingfeng.screening.engine import DataError, run_screening
from qingfeng.screening.engine.columns import columns_read
from qingfeng.screening.engine.evidence import _lines
from qingfeng.screening.engine.needs import plan
from qingfeng.screening.engine.rules import select_rules

from .helpers import hit_rows, read_expected

R01 = Path(__file__).parents[2] / "src/qingfeng/screening/engine/rules/r01_paid_after_death"


def _r01_data(tmp_path: Path, edit=None) -> Path:  # type: ignore[no-untyped-def]
    data = tmp_path / "data"
    shutil.copytree(R01 / "input", data)
    if edit is not None:
        lines = (data / "payments.csv").read_text(encoding="utf-8").splitlines()
        edit(lines)
        (data / "payments.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return data


def _bad_account(row: int):  # type: ignore[no-untyped-def]
    def edit(lines: list[str]) -> None:
        cells = lines[row - 1].split(",")
        cells[6] = "6.22E+15"  # Excel cut the account short
        lines[row - 1] = ",".join(cells)

    return edit


def _no_programme(row: int):  # type: ignore[no-untyped-def]
    def edit(lines: list[str]) -> None:
        cells = lines[row - 1].split(",")
        cells[1] = ""
        lines[row - 1] = ",".join(cells)

    return edit


def test_r01_reads_only_the_payment_columns_it_needs() -> None:
    rules = select_rules(["R01"])
    columns = columns_read(rules, plan(rules))
    # the amount: a reversal (negative amount) is no payment
    assert columns["payments"] == {"pay_date", "id_no", "name", "village_code", "amount"}
    assert "account" not in columns["payments"]
    every = columns_read(select_rules(None), plan(select_rules(None)))
    assert {"amount", "program", "account", "id_raw"} <= every["payments"]


def test_a_bad_cell_in_a_column_the_run_does_not_read_is_not_checked(tmp_path: Path) -> None:
    # row 12 (赵六, paid 26 days after death) is no hit of R01
    data = _r01_data(tmp_path, _bad_account(12))
    said: list[str] = []
    hits = run_screening(data, rules=["R01"], progress=lambda f, m: said.append(m))
    assert hit_rows(hits) == read_expected(R01 / "expected.csv")
    told = [m for m in said if "payments.csv 只读取并检查本次比对用到的列" in m]
    assert told and "银行账号" not in told[0]
    with pytest.raises(DataError) as caught:  # R10 reads the account: the cell is checked
        run_screening(data)
    assert ("payments.csv", 12, "银行账号") in {
        (p.file, p.row, p.column) for p in caught.value.problems
    }


def test_a_bad_cell_in_a_row_behind_a_hit_is_an_error_naming_its_row(tmp_path: Path) -> None:
    data = _r01_data(tmp_path, _no_programme(5))  # 张三's payment after his death
    with pytest.raises(DataError) as caught:
        run_screening(data, rules=["R01"])
    assert [(p.file, p.row, p.column) for p in caught.value.problems] == [
        ("payments.csv", 5, "项目")
    ]


def test_an_account_excel_cut_short_in_a_row_behind_a_hit_is_an_error(tmp_path: Path) -> None:
    data = _r01_data(tmp_path, _bad_account(5))  # 张三's payment after his death
    with pytest.raises(DataError) as caught:
        run_screening(data, rules=["R01"])
    assert [(p.file, p.row, p.column) for p in caught.value.problems] == [
        ("payments.csv", 5, "银行账号")
    ]
    assert "末几位已经丢失" in str(caught.value)


def test_evidence_is_the_same_as_from_every_column_and_with_quotes(tmp_path: Path) -> None:
    plain = run_screening(_r01_data(tmp_path / "a"), rules=["R01"])
    full = [h for h in run_screening(_r01_data(tmp_path / "b")) if h.rule == "R01"]

    def quote(lines: list[str]) -> None:  # a quote anywhere: the whole file is read again
        lines[3] = lines[3].replace("张三", '"张三"')

    quoted = run_screening(_r01_data(tmp_path / "c", quote), rules=["R01"])
    assert plain == full == quoted
    assert '"金额":"800.00"' in plain[-1].evidence


def test_lines_finds_rows_by_their_line(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b"h\r\na\r\nb\r\nc")
    assert _lines(path, [2, 4], 3) == [b"h\r\n", b"a\r\n", b"c\n"]
    assert _lines(path, [5], 3) is None
    assert _lines(path, [2], 4) is None  # fewer lines than records: not one record a line
    path.write_bytes(b'h\na\n"b"\n')
    assert _lines(path, [2], 2) is None


def test_line_ends_counted_in_the_background_find_the_same_lines(tmp_path: Path) -> None:
    """The line ends a run counts while it links (LineEnds) give the lines counted on the spot,
    across numpy's chunks; a quote, a missing row or a file over the memory limit say None or
    are not counted at all (the whole file is converted again instead)."""
    from qingfeng.screening.engine import evidence
    from qingfeng.screening.engine.evidence import LineEnds, start_line_ends
    from qingfeng.screening.engine.loader import LoadedData
    from qingfeng.screening.engine.sniff import Part

    path = tmp_path / "t.csv"
    rows = [f"{i},{'x' * (i % 7)}".encode() for i in range(5000)]
    path.write_bytes(b"h\n" + b"\n".join(rows))  # the last line without its end
    original = evidence._CHUNK
    evidence._CHUNK = 1000  # many chunks, with lines across their borders
    try:
        found = LineEnds(path)
        wanted = [2, 3, 999, 2500, 5001]
        assert _lines(path, wanted, 5000, found) == _lines(path, wanted, 5000)
        assert _lines(path, wanted, 5000, found)[1:] == [rows[t - 2] + b"\n" for t in wanted]
        assert _lines(path, [5002], 5000, found) is None
        path.write_bytes(b'h\na\n"b"\n')
        assert _lines(path, [2], 2, LineEnds(path)) is None
    finally:
        evidence._CHUNK = original
    loaded = LoadedData(work_dir=tmp_path)
    loaded.partial["payments"] = Part(path, "payments.csv")
    assert set(start_line_ends(loaded)) == {"payments"}
    import qingfeng.screening.engine.loader as loader

    limit, loader.MEMORY_MAX_BYTES = loader.MEMORY_MAX_BYTES, 3
    try:
        assert start_line_ends(loaded) == {}
    finally:
        loader.MEMORY_MAX_BYTES = limit
