"""Rows around a register's records: closing rows (合计, 制表人, 审核人, empty rows) and a title
above the header are left out, and said so; records keep the row numbers of the file; a total
among the records is still refused by its row."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from qingfeng.screening.engine import DataError, screen
from qingfeng.screening.engine.cache import LoadCache
from qingfeng.screening.engine.sniff import footer_rows
from tests.engine.helpers import load_payments

HEADER = "发放日期,项目,身份证号,姓名,村代码,金额,银行账号"
ID = "330803195001011230"
RECORDS = [
    f"2024-01-05,低保金,{ID},张三,330803100201,800,6222",
    f'2024-02-05,低保金,{ID},张三,330803100201,"1,200",6222',
]
FOOTER = ["合计,,,,,2000,", ",,,,,,", "制表人：王五,,审核人：赵六,,,,"]


def _load(data: Path, tmp_path: Path) -> tuple[list[tuple], list[str]]:
    return load_payments(data, tmp_path, "row_id, amount")


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


# --- a title above the header ------------------------------------------------------------------

TITLE = ["2024年低保金发放花名册,,,,,,", "填报单位：甲镇,,,,填报日期：2024-02-01,,"]
DEATHS = "身份证号,姓名,死亡日期,来源\n" + f"{ID},张三,2024-01-10,公安\n"
# paid in January, February and March: the March payment is past the month after the death
LATE = f"2024-03-05,低保金,{ID},张三,330803100201,800,6222"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_a_title_above_the_header_is_left_out_and_rows_keep_the_file_numbers(
    tmp_path: Path, encoding: str
) -> None:
    data = _folder(tmp_path)
    text = "\r\n".join([*TITLE, HEADER, *RECORDS, LATE, *FOOTER]) + "\r\n"
    (data / "payments.csv").write_bytes(text.encode(encoding))
    _rows, said = _load(data, tmp_path)
    assert "payments.csv：前2行是表格标题，从第3行的表头读起" in said
    # the evidence names the rows as the file numbers them: the records are rows 4 to 6
    (data / "deaths.csv").write_text(DEATHS, encoding="utf-8")
    (hit,) = screen(data, rules=["R01"]).hits
    evidence = json.loads(hit.evidence)
    assert [r["行号"] for r in evidence["发放记录"]] == [6]  # March
    assert [r["所在文件"] for r in evidence["发放记录"]] == ["payments.csv"]


def test_a_bad_row_under_a_title_is_named_by_its_row_in_the_file(tmp_path: Path) -> None:
    data = _folder(tmp_path)
    bad = f"2024-13-45,低保金,{ID},张三,330803100201,800,6222"
    lines = [*TITLE, HEADER, RECORDS[0], bad, RECORDS[1] + ",多一个值"]
    (data / "payments.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        _load(data, tmp_path)
    # the row with a value too many is found first (DuckDB stops there): row 6 of the file
    assert [p.row for p in caught.value.problems] == [6]
    (data / "payments.csv").write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        _load(data, tmp_path)
    assert [(p.row, p.column) for p in caught.value.problems] == [(5, "发放日期")]


def test_an_excel_sheet_with_a_title_and_a_total(tmp_path: Path) -> None:
    data = _folder(tmp_path)
    book = Workbook()
    sheet = book.active
    sheet.append(["甲镇2024年低保金发放表"])
    sheet.append([])
    sheet.append(HEADER.split(","))
    sheet.append(["2024-01-05", "低保金", ID, "张三", "330803100201", 800, "6222"])
    sheet.append(["2024-13-45", "低保金", ID, "张三", "330803100201", 800, "6222"])
    sheet.append(["合计", None, None, None, None, 1600, None])
    book.save(data / "payments.xlsx")
    with pytest.raises(DataError) as caught:
        _load(data, tmp_path)
    assert [(p.row, p.column) for p in caught.value.problems] == [(5, "发放日期")]


def test_a_title_row_over_unknown_headers_is_still_refused(tmp_path: Path) -> None:
    data = _folder(tmp_path)
    lines = ["甲镇花名册,,,", "日期,类别,证件,名字", f"2024-01-05,低保金,{ID},张三"]
    (data / "payments.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        _load(data, tmp_path)
    assert "像是标题" in str(caught.value)


def test_next_month_of_a_file_with_a_title_is_read_whole_with_the_cache(tmp_path: Path) -> None:
    data = _folder(tmp_path)
    (data / "deaths.csv").write_text(DEATHS, encoding="utf-8")
    month = [*TITLE, HEADER, *RECORDS, LATE]
    (data / "payments.csv").write_text("\n".join(month) + "\n", encoding="utf-8")
    cache = LoadCache(tmp_path / "cache")
    (first,) = screen(data, rules=["R01"], cache=cache).hits
    april = LATE.replace("2024-03-05", "2024-04-05")
    (data / "payments.csv").write_text("\n".join([*month, april]) + "\n", encoding="utf-8")
    (hit,) = screen(data, rules=["R01"], cache=cache).hits
    assert [r["行号"] for r in json.loads(first.evidence)["发放记录"]] == [6]
    assert [r["行号"] for r in json.loads(hit.evidence)["发放记录"]] == [6, 7]


# a header over two rows: 发放日期, 项目 and 金额 merged down, 领取人信息 across the payee's columns
UPPER = ["发放日期", "项目", "领取人信息", "", "", "金额", "银行账号"]
LOWER = ["", "", "身份证号", "姓名", "村代码", "", ""]
RECORD = ["2024-01-05", "低保金", ID, "张三", "330803100201", "800", "6222"]


@pytest.mark.parametrize(("encoding", "line_end"), [("utf-8", "\n"), ("gb18030", "\r\n")])
def test_a_header_over_two_rows_takes_the_names_merged_down(
    tmp_path: Path, encoding: str, line_end: str
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    rows = [["2024年低保金发放名册"], UPPER, LOWER, RECORD, RECORD]
    text = line_end.join(",".join(r) for r in rows) + line_end
    (data / "payments.csv").write_bytes(text.encode(encoding))
    loaded, said = _load(data, tmp_path)
    assert loaded == [(2, Decimal("800")), (3, Decimal("800"))]  # rows of the part read
    assert "payments.csv：前2行是表格标题，从第3行的表头读起" in said
    assert (data / "payments.csv").read_bytes() == text.encode(encoding)


def test_a_sheet_with_a_header_over_two_merged_rows_is_read(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    book = Workbook()
    sheet = book.active
    sheet.append(UPPER)
    sheet.append(LOWER)
    for column in "ABFG":  # merged down: the name stands in the upper row only
        sheet.merge_cells(f"{column}1:{column}2")
    sheet.merge_cells("C1:E1")
    sheet.append([*RECORD[:5], 800, "6222"])
    sheet.append(["2024-13-45", *RECORD[1:5], 800, "6222"])
    book.save(data / "payments.xlsx")
    with pytest.raises(DataError) as caught:
        _load(data, tmp_path)
    assert [(p.row, p.column) for p in caught.value.problems] == [(4, "发放日期")]


def test_a_name_merged_down_beside_a_group_is_taken_from_the_row_above(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    upper = ["发放日期", "领取人信息", "", "", "发放信息", "", ""]  # names one column only
    lower = ["", "身份证号", "姓名", "村代码", "项目", "金额", "银行账号"]
    record = ["2024-01-05", ID, "张三", "330803100201", "低保金", "800", "6222"]
    bad = ["2024-13-45", *record[1:]]
    text = "\n".join(",".join(r) for r in [upper, lower, record, bad]) + "\n"
    (data / "payments.csv").write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        _load(data, tmp_path)
    assert [(p.row, p.column) for p in caught.value.problems] == [(4, "发放日期")]
