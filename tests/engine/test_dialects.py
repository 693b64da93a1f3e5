"""Registers as county systems export them besides comma-separated CSV: separated by tabs,
semicolons or vertical bars, UTF-16 text (Excel's "Unicode text"), a web page or an Excel 2003
XML spreadsheet saved as .xls. Each is read as the same CSV would be, row numbers included, and
the run says how it read it; the user's file is not changed."""

from __future__ import annotations

import csv
import gzip
import io
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from qingfeng.screening.engine import DataError
from qingfeng.screening.engine.dialects import separator_of
from tests.engine.helpers import load_payments

HEADER = ["发放日期", "项目", "身份证号", "姓名", "村代码", "金额", "银行账号"]
RECORDS = [
    ["2024-01-05", "低保金", "330803195001011230", "张三", "330803100201", "800", "6222"],
    ["2024-02-05", "低保金", "330803195001011230", "张三", "330803100201", "1,200", "6222"],
    ["2024-03-05", "低保金", "330803195001011230", "张\n三", "330803100201", "90.5", "6222"],
]
EXPECTED = [
    (2, "张三", Decimal("800")),
    (3, "张三", Decimal("1200")),
    (4, "张\n三", Decimal("90.5")),
]


def _load(data: Path, tmp_path: Path) -> tuple[list[tuple], list[str]]:
    return load_payments(data, tmp_path, "row_id, name, amount")


def _village_codes(tmp_path: Path) -> list[str]:
    path = tmp_path / "work" / "payments.parquet"
    rows = duckdb.connect().execute(f"SELECT village_code FROM read_parquet('{path}')").fetchall()
    return [r[0] for r in rows]


def _text(rows: list[list[str]], sep: str, line_end: str = "\n") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=sep, lineterminator=line_end).writerows(rows)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "sep", "encoding", "line_end", "said"),
    [
        ("payments.txt", "\t", "utf-16", "\r\n", "各列用制表符（Tab）分隔、UTF-16编码"),
        ("payments.tsv", "\t", "utf-16-be", "\n", "各列用制表符（Tab）分隔、UTF-16编码"),
        ("payments.txt", "\t", "utf-16-le", "\n", "UTF-16编码"),
        ("payments.csv", ";", "gb18030", "\r\n", "各列用分号分隔"),
        ("payments.csv", "|", "utf-8-sig", "\n", "各列用竖线“|”分隔"),
        ("payments.txt", "\t", "utf-8", "\n", "各列用制表符（Tab）分隔"),
    ],
)
def test_text_in_another_dialect_reads_as_the_csv_does(
    tmp_path: Path, name: str, sep: str, encoding: str, line_end: str, said: str
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    raw = _text([HEADER, *RECORDS], sep, line_end).encode(encoding)
    (data / name).write_bytes(raw)
    rows, progress = _load(data, tmp_path)
    assert rows == EXPECTED
    assert any(line.startswith(f"{name}：") and said in line for line in progress), progress
    assert (data / name).read_bytes() == raw


def test_a_title_an_empty_row_and_a_total_keep_the_file_s_row_numbers(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    rows = [
        ["2024年低保金发放名册"],
        HEADER,
        RECORDS[0],
        [],
        RECORDS[1],
        ["合计", "", "", "", "", "2000"],
    ]
    (data / "payments.txt").write_bytes(_text(rows, "\t", "\r\n").encode("utf-16"))
    loaded, said = _load(data, tmp_path)
    # rows of the part read; the file's rows are in the notes and in messages (next test)
    assert [a for _r, _n, a in loaded] == [Decimal("800"), Decimal("1200")]
    assert "payments.txt：前1行是表格标题，从第2行的表头读起" in said
    assert "payments.txt：第4行是空行，不作为数据读取（其余各行的行号不变）" in said


def test_a_bad_cell_in_a_converted_file_is_named_by_the_file_s_row(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    bad = [*RECORDS[0][:5], "八百", "6222"]
    rows = [["名册"], HEADER, RECORDS[0], RECORDS[2], bad]  # row 4 spans two lines
    (data / "payments.txt").write_bytes(_text(rows, "\t").encode("utf-16"))
    with pytest.raises(DataError) as caught:
        _load(data, tmp_path)
    (problem,) = caught.value.problems
    assert (problem.file, problem.row, problem.column) == ("payments.txt", 5, "金额")
    assert "不是金额" in problem.message


def test_a_row_that_is_not_gbk_in_a_semicolon_file_is_named(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    good = _text([HEADER, RECORDS[0], RECORDS[1]] * 2000, ";").encode("gb18030")
    (data / "payments.csv").write_bytes(good + b"2024-01-05;\xff\xfe;x\n")
    with pytest.raises(DataError) as caught:
        _load(data, tmp_path)
    (problem,) = caught.value.problems
    assert problem.row == 6001
    assert "乱码" in problem.message and "GBK" in problem.message


def test_a_gzipped_pipe_separated_file_is_read(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "payments.csv.gz").write_bytes(gzip.compress(_text([HEADER, *RECORDS], "|").encode()))
    rows, _said = _load(data, tmp_path)
    assert rows == EXPECTED


def test_a_gzipped_web_page_is_read_as_its_table(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    rows = [HEADER, *RECORDS[:2]]
    table = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    page = f"<html><body><table>{table}</table></body></html>"
    (data / "payments.csv.gz").write_bytes(gzip.compress(page.encode()))
    got, said = _load(data, tmp_path)
    assert got == EXPECTED[:2]
    assert "payments.csv.gz：是网页格式的表格（不是Excel工作簿），已按表格读取" in said
    # cut short: the same words as any damaged .gz
    whole = gzip.compress(page.encode() * 2000)
    (data / "payments.csv.gz").write_bytes(whole[: len(whole) // 2])
    with pytest.raises(DataError) as err:
        _load(data, tmp_path / "b")
    assert "压缩文件（.gz）不完整或已损坏" in str(err.value)


def _cell(text: str, tag: str = "td", extra: str = "") -> str:
    return f"<{tag}{extra} style=\"mso-number-format:'\\@'\">{text}</{tag}>"


def test_a_web_page_saved_as_xls_is_read_as_its_table(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    head = "".join(_cell(h, "th") for h in HEADER)
    first = "".join(_cell(c) for c in RECORDS[0][:3]) + _cell("张&nbsp;三")
    # the village code spans two rows, as systems merge equal cells; a name over two lines
    first += _cell(RECORDS[0][4], extra=' rowspan="2"') + _cell("800") + _cell("6222")
    second = "".join(_cell(c) for c in RECORDS[1][:3]) + "<td>张三"  # a cell never closed
    second += _cell("1,200") + _cell("6222")
    third = "".join(_cell(c) for c in RECORDS[2][:3]) + _cell("张<br>三")
    third += "".join(_cell(c) for c in (RECORDS[2][4], "90.5", "6222"))
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        f'</head><body><table><tr><td colspan="7">2024年低保金发放名册</td></tr>'
        f"<tr>{head}</tr><tr>{first}</tr><tr>{second}</tr><tr>{third}</tr></table>"
        "<table><tr><td>制表人：王五</td><td>审核人：赵六</td></tr></table></body></html>"
    )
    (data / "payments.xls").write_bytes(page.encode("gb18030"))
    rows, said = _load(data, tmp_path)
    assert [(n, a) for _r, n, a in rows] == [
        ("张 三", Decimal("800")),
        ("张三", Decimal("1200")),
        ("张\n三", Decimal("90.5")),
    ]
    assert _village_codes(tmp_path) == ["330803100201"] * 3  # the rowspan
    assert "payments.xls：是网页格式的表格（不是Excel工作簿），已按表格读取" in said
    assert "payments.xls：前1行是表格标题，从第2行的表头读起" in said


def test_an_excel_2003_xml_spreadsheet_is_read_from_its_first_sheet(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()

    def row(cells: list[str], extra: str = "") -> str:
        inner = "".join(f'<Cell><Data ss:Type="String">{c}</Data></Cell>' for c in cells)
        return f"<Row{extra}>{inner}</Row>"

    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><?mso-application progid="Excel.Sheet"?>'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="名册"><Table>'
        + row(HEADER)
        + row([*RECORDS[0][:5], "800", "6222"])
        # row 3 is left out of the file: an empty row; then a date typed as a date
        + '<Row ss:Index="4"><Cell><Data ss:Type="DateTime">2024-02-05T00:00:00.000</Data></Cell>'
        + "".join(f'<Cell><Data ss:Type="String">{c}</Data></Cell>' for c in RECORDS[1][1:5])
        + '<Cell><Data ss:Type="Number">1200</Data></Cell>'
        + '<Cell ss:Index="7"><Data ss:Type="String">6222</Data></Cell></Row>'
        + '</Table></Worksheet><Worksheet ss:Name="说明"><Table>'
        + row(["这张表不读"])
        + "</Table></Worksheet></Workbook>"
    )
    (data / "payments.xls").write_text(sheet, encoding="utf-8")
    rows, said = _load(data, tmp_path)
    assert [(n, a) for _r, n, a in rows] == [("张三", Decimal("800")), ("张三", Decimal("1200"))]
    assert "payments.xls：第3行是空行，不作为数据读取（其余各行的行号不变）" in said


@pytest.mark.parametrize(
    ("text", "sep"),
    [
        ("发放日期,项目,身份证号\n", ","),
        ("发放日期\t项目\t身份证号\n", "\t"),
        ("名册\n发放日期;项目;身份证号\n", ";"),
        ("a|b\n", "|"),
        ("姓名,备注\n张三,a;b;c\n", ","),  # a comma header wins over semicolons in values
        ("单列\n", ","),
    ],
)
def test_the_separator_is_the_one_the_header_uses(text: str, sep: str) -> None:
    assert separator_of(text) == sep


@pytest.mark.parametrize(("sep", "encoding"), [("\t", "utf-8"), (";", "gb18030"), ("|", "utf-8")])
def test_a_file_without_quotes_or_commas_is_copied_the_fast_way_to_the_same_rows(
    tmp_path: Path, sep: str, encoding: str
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    plain = [RECORDS[0], [*RECORDS[1][:5], "1200", "6222"], [], RECORDS[0]]
    text = sep.join(HEADER) + "\n" + "\n".join(sep.join(r) for r in plain) + "\n"
    (data / "payments.txt").write_bytes(text.encode(encoding))
    rows, said = _load(data, tmp_path)
    assert [(n, a) for _r, n, a in rows] == [
        ("张三", Decimal("800")),
        ("张三", Decimal("1200")),
        ("张三", Decimal("800")),
    ]
    assert "payments.txt：第4行是空行，不作为数据读取（其余各行的行号不变）" in said


def test_lines_ended_by_a_carriage_return_alone_are_read(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    records = [RECORDS[0], [*RECORDS[1][:5], "1200", "6222"]]
    text = "\r".join(",".join(r) for r in [HEADER, *records]) + "\r"
    (data / "payments.csv").write_bytes(text.encode("gb18030"))
    rows, said = _load(data, tmp_path)
    assert [a for _r, _n, a in rows] == [Decimal("800"), Decimal("1200")]
    assert "payments.csv：换行符是旧式的回车符（CR），已转换为逗号分隔的表格读取" in said


@pytest.mark.parametrize(
    ("sep", "encoding", "said"),
    [
        ("\t", "gb18030", "是文本格式的表格（不是Excel工作簿），各列用制表符（Tab）分隔，已转换"),
        (",", "utf-8", "是文本格式的表格（不是Excel工作簿），已按表格读取"),
    ],
)
def test_text_saved_as_xls_is_read_as_text(tmp_path: Path, sep, encoding, said) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "payments.xls").write_bytes(_text([HEADER, *RECORDS], sep).encode(encoding))
    rows, progress = _load(data, tmp_path)
    assert rows == EXPECTED
    assert any(line.startswith("payments.xls：" + said) for line in progress), progress


def test_csv_text_named_xlsx_is_still_refused(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "payments.xlsx").write_bytes(_text([HEADER, *RECORDS], ",").encode())
    with pytest.raises(DataError) as caught:
        _load(data, tmp_path)
    assert "扩展名是Excel，内容却是CSV文本" in str(caught.value)
