"""Closing rows under a register's records (合计, 制表人, 审核人, empty rows) are left out, and
said so; a total among the records, or anything else at the end, is still refused by row."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from openpyxl import Workbook

from qingfeng.screening.engine import DataError
from qingfeng.screening.engine.backends import DuckDBBackend
from qingfeng.screening.engine.loader import load_folder, table_columns
from qingfeng.screening.engine.sniff import footer_rows

HEADER = "发放日期,项目,身份证号,姓名,村代码,金额,银行账号"
ID = "330803195001011230"
RECORDS = [
    f"2024-01-05,低保金,{ID},张三,330803100201,800,6222",
    f'2024-02-05,低保金,{ID},张三,330803100201,"1,200",6222',
]
FOOTER = ["合计,,,,,2000,", ",,,,,,", "制表人：王五,,审核人：赵六,,,,"]


def _load(data: Path, tmp_path: Path) -> tuple[list[tuple], list[str]]:
    said: list[str] = []
    con = duckdb.connect()
    work = tmp_path / "work"
    load_folder(data, work, con, progress=lambda _f, text: said.append(text))
    DuckDBBackend(con).register("payments", work / "payments.parquet", table_columns("payments"))
    rows = con.execute("SELECT row_id, amount FROM payments ORDER BY 1").fetchall()
    return rows, said


def _folder(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    return data


@pytest.mark.parametrize(
    ("encoding", "line_end"), [("utf-8-sig", "\n"), ("gb18030", "\r\n"), ("utf-8", "\r\n")]
)
def test_total_and_signature_rows_under_a_csv_are_left_out_and_said(
    tmp_path: Path, encoding: str, line_end: str
) -> None:
    data = _folder(tmp_path)
    text = line_end.join([HEADER, *RECORDS, *FOOTER]) + line_end
    (data / "payments.csv").write_bytes(text.encode(encoding))
    rows, said = _load(data, tmp_path)
    assert rows == [(2, Decimal("800")), (3, Decimal("1200"))]
    assert "payments.csv：最后3行是合计、签字等表尾（“合计”、“制表”），不作为数据读取" in said
    assert (data / "payments.csv").read_bytes() == text.encode(encoding)  # the file is untouched


def test_closing_rows_of_an_excel_sheet_are_left_out(tmp_path: Path) -> None:
    data = _folder(tmp_path)
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(["2024-01-05", "低保金", ID, "张三", "330803100201", 800, "6222"])
    sheet.append([None, "合  计", None, None, None, 800, None])  # first filled cell, spaced
    sheet.append(["填表人：王五", None, None, "填表日期：2024-02-01"])
    book.save(data / "payments.xlsx")
    rows, said = _load(data, tmp_path)
    assert rows == [(2, Decimal("800"))]
    assert any("payments.xlsx：最后2行" in s and "“合计”" in s for s in said)


def test_a_total_among_the_records_is_still_refused_by_its_row(tmp_path: Path) -> None:
    data = _folder(tmp_path)
    lines = [HEADER, RECORDS[0], "小计,,,,,800,", RECORDS[1], FOOTER[0]]
    (data / "payments.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        _load(data, tmp_path)
    rows = {p.row for p in caught.value.problems}
    assert rows == {3}  # the 小计 between records; the 合计 at the end is left out


def test_a_bad_last_record_above_the_footer_keeps_its_row_number(tmp_path: Path) -> None:
    data = _folder(tmp_path)
    bad = f"2024-13-45,低保金,{ID},张三,330803100201,800,6222"
    lines = [HEADER, *RECORDS, bad, *FOOTER]
    (data / "payments.csv").write_text("\n".join(lines), encoding="utf-8")  # no last line end
    with pytest.raises(DataError) as caught:
        _load(data, tmp_path)
    assert [(p.row, p.column) for p in caught.value.problems] == [(4, "发放日期")]


def test_a_record_ending_in_a_quoted_value_over_lines_is_not_cut(tmp_path: Path) -> None:
    data = _folder(tmp_path)
    header = HEADER + ",备注"
    lines = [header, RECORDS[0] + ',"补发\n合计两个月"', RECORDS[1] + ","]
    (data / "payments.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows, said = _load(data, tmp_path)
    assert rows == [(2, Decimal("800")), (3, Decimal("1200"))]
    assert not any("表尾" in s for s in said)


def test_footer_rows_rules() -> None:
    header, record = HEADER.split(","), RECORDS[0].split(",")
    assert footer_rows([header, record, ["合计", "", "800"]]) == (2, ("合计",))
    assert footer_rows([header, record, [""], ["  "], ["审核：李四"]]) == (2, ("", "", "审核"))
    # empty rows alone are not a footer (the checks say what is missing in them)
    assert footer_rows([header, record, ["", ""]]) == (3, ())
    # a name is a record, wherever the words appear later in the row
    assert footer_rows([header, ["张合计", "合计"]]) == (2, ())
    # the header is never a footer, and more closing rows than a footer has are left alone
    assert footer_rows([["备注"], ["合计"]]) == (1, ("合计",))
    many = [header, record, *[["合计"]] * 11]
    assert footer_rows(many) == (13, ())
