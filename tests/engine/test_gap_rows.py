"""Rows among a register's records holding no record: an empty line (DuckDB skips it), a row of
only commas (Excel's empty row), the header again (two exports joined). They are left out and
said so, and every record keeps the row its file gives it, in messages and in the evidence."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from qingfeng.screening.engine import DataError, screen
from qingfeng.screening.engine.cache import LoadCache
from qingfeng.screening.engine.contract import FIRST_ROW
from qingfeng.screening.engine.gaps import EMPTY, HEADER, find_gaps, pieces, without_gaps
from qingfeng.screening.engine.places import locate, with_gaps
from tests.engine.test_title_and_footer_rows import _load

HEADER_LINE = "发放日期,项目,身份证号,姓名,村代码,金额,银行账号"
ID = "330803195001011230"
DEATHS = "身份证号,姓名,死亡日期,来源\n" + f"{ID},张三,2024-01-10,公安\n"


def _pay(month: int, amount: int = 800) -> str:
    return f"2024-{month:02d}-05,低保金,{ID},张三,330803100201,{amount},6222"


def _folder(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    (data / "deaths.csv").write_text(DEATHS, encoding="utf-8")
    return data


def _rows_of_hit(data: Path, **kw) -> list[int]:
    (hit,) = screen(data, rules=["R01"], **kw).hits
    return [r["行号"] for r in json.loads(hit.evidence)["发放记录"]]


@pytest.mark.parametrize(
    ("encoding", "line_end"), [("utf-8", "\n"), ("gb18030", "\r\n"), ("utf-8-sig", "\r\n")]
)
def test_empty_rows_and_a_repeated_header_are_left_out_and_rows_keep_their_numbers(
    tmp_path: Path, encoding: str, line_end: str
) -> None:
    data = _folder(tmp_path)
    lines = [
        HEADER_LINE,  # row 1
        _pay(1),  # 2
        "",  # 3: an empty line
        ",,,,,,",  # 4: Excel's empty row
        _pay(2, 900),  # 5
        HEADER_LINE,  # 6: a second export joined under the first
        _pay(3, 1000),  # 7: paid two months after the death
        " , ,,,,,",  # 8
        _pay(4, 1100),  # 9
        "",  # a last empty line: nothing to say
    ]
    text = line_end.join(lines) + line_end
    (data / "payments.csv").write_bytes(text.encode(encoding))
    rows, said = _load(data, tmp_path)
    assert [amount for _r, amount in rows] == [Decimal(n) for n in (800, 900, 1000, 1100)]
    assert (
        "payments.csv：第3、4、8行是空行，第6行是重复的表头，不作为数据读取（其余各行的行号不变）"
        in said
    )
    assert _rows_of_hit(data) == [7, 9]  # the rows of the file, not of the records
    assert (data / "payments.csv").read_bytes() == text.encode(encoding)  # untouched


def test_a_bad_cell_after_an_empty_row_is_named_by_its_row_in_the_file(tmp_path: Path) -> None:
    data = _folder(tmp_path)
    lines = [HEADER_LINE, _pay(1), "", ",,,,,,", _pay(2).replace("2024-02-05", "2024-13-45")]
    (data / "payments.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        _load(data, tmp_path)
    assert [(p.row, p.column) for p in caught.value.problems] == [(5, "发放日期")]
    # a value too many (DuckDB stops there, diagnose.py finds it): named by its row too
    lines[-1] = _pay(2) + ",多一个值"
    (data / "payments.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        _load(data, tmp_path)
    assert [p.row for p in caught.value.problems] == [5]


def test_rows_over_a_quoted_value_on_several_lines_are_counted_as_excel_does(
    tmp_path: Path,
) -> None:
    data = _folder(tmp_path)
    over_lines = _pay(1).replace("张三", '"张\n\n三"')  # row 2, three lines of text
    lines = [HEADER_LINE, over_lines, "", _pay(3)]
    (data / "payments.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows, said = _load(data, tmp_path)
    assert len(rows) == 2
    # the empty line inside the quoted name is part of row 2; the one after it is row 3
    assert any("第3行是空行" in s for s in said)
    assert _rows_of_hit(data) == [4]


def test_title_footer_and_empty_rows_together(tmp_path: Path) -> None:
    data = _folder(tmp_path)
    lines = [
        "2024年低保金发放花名册,,,,,,",
        HEADER_LINE,
        _pay(1),
        ",,,,,,",
        _pay(3),
        "合计,,,,,1600,",
    ]
    (data / "payments.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows, said = _load(data, tmp_path)
    assert len(rows) == 2
    assert "payments.csv：第4行是空行，不作为数据读取（其余各行的行号不变）" in said
    assert _rows_of_hit(data) == [5]


def test_an_excel_sheet_with_an_empty_row_and_the_header_again(tmp_path: Path) -> None:
    data = _folder(tmp_path)
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER_LINE.split(","))
    sheet.append(["2024-01-05", "低保金", ID, "张三", "330803100201", 800, "6222"])
    sheet.append([])
    sheet.append(HEADER_LINE.split(","))
    sheet.append(["2024-03-05", "低保金", ID, "张三", "330803100201", 800, "6222"])
    sheet.append([None, None])
    book.save(data / "payments.xlsx")
    rows, said = _load(data, tmp_path)
    assert len(rows) == 2
    assert (
        "payments.xlsx：第3行是空行，第4行是重复的表头，不作为数据读取（其余各行的行号不变）"
        in said
    )
    assert _rows_of_hit(data) == [5]


def test_next_month_with_an_empty_row_is_read_whole_with_the_cache(tmp_path: Path) -> None:
    data = _folder(tmp_path)
    month = [HEADER_LINE, _pay(1), _pay(2)]
    (data / "payments.csv").write_text("\n".join(month) + "\n", encoding="utf-8")
    cache = LoadCache(tmp_path / "cache")
    assert screen(data, rules=["R01"], cache=cache).hits == []
    # the new rows come after an empty row: only a read of the whole file numbers them right
    (data / "payments.csv").write_text("\n".join([*month, "", _pay(3)]) + "\n", encoding="utf-8")
    assert _rows_of_hit(data, cache=cache) == [5]
    # and a month after that: last month's file had a gap, so this one is read whole too
    text = "\n".join([*month, "", _pay(3), _pay(4)]) + "\n"
    (data / "payments.csv").write_text(text, encoding="utf-8")
    assert _rows_of_hit(data, cache=cache) == [5, 6]


def _found(path: Path, lines_before: int = 0) -> list[tuple[int, str, int]]:
    return [(g.row, g.kind, g.line) for g in find_gaps(path, lines_before)]


def test_find_gaps(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b"a,b\n1,2\n\n,\na,b\n3,4\n\n\n")
    assert _found(path) == [(3, EMPTY, 3), (4, EMPTY, 4), (5, HEADER, 5)]
    assert _found(path, lines_before=2) == [(5, EMPTY, 3), (6, EMPTY, 4), (7, HEADER, 5)]
    # rows of commas at the end are read by DuckDB as records: left out; a last line without a
    # line end too
    path.write_bytes(b"a,b\n1,2\n,\n,")
    assert _found(path) == [(3, EMPTY, 3), (4, EMPTY, 4)]
    # a clean file, and an empty line inside a quoted value
    path.write_bytes(b"a,b\n1,2\n3,4")
    assert _found(path) == []
    path.write_bytes(b'a,b\n"x\n\ny",2\n3,4\n')
    assert _found(path) == []


def test_the_copy_leaves_out_exactly_the_gaps(tmp_path: Path) -> None:
    path, out = tmp_path / "t.csv", tmp_path / "out.csv"
    path.write_bytes(b"a,b\r\n1,2\r\n\r\n,\r\na,b\r\n3,4\r\n,")
    without_gaps(path, out, find_gaps(path))
    assert out.read_bytes() == b"a,b\r\n1,2\r\n3,4\r\n"


def test_places_number_each_record_after_a_gap() -> None:
    # header row 1, records at rows 2, 5, 6 (rows 3 and 4 left out), then row 8 (7 left out)
    gaps = [(3, EMPTY), (4, EMPTY), (7, HEADER)]
    assert pieces(gaps, above=0) == [(1, 3), (3, 6)]
    places = with_gaps([(0, "t.csv", 0)], [gaps])
    assert [locate(places, FIRST_ROW + i)[1] for i in range(4)] == [2, 5, 6, 8]
    # the same under a title of two rows: every row two further down
    titled = with_gaps([(0, "t.csv", 2)], [[(r + 2, k) for r, k in gaps]])
    assert [locate(titled, FIRST_ROW + i)[1] for i in range(4)] == [4, 7, 8, 10]


def test_a_gzipped_register_gets_the_same_treatment(tmp_path: Path) -> None:
    import gzip

    data = _folder(tmp_path)
    lines = [HEADER_LINE, _pay(1), "", _pay(3), "合计,,,,,1600,", "制表人：王五,,,,,,"]
    (data / "payments.csv.gz").write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    rows, said = _load(data, tmp_path)
    assert len(rows) == 2
    assert "payments.csv.gz：第3行是空行，不作为数据读取（其余各行的行号不变）" in said
    assert any(s.startswith("payments.csv.gz：最后2行是合计") for s in said)
    assert _rows_of_hit(data) == [4]


@pytest.mark.parametrize("last", ["\n", ""])
def test_the_pass_for_gaps_counts_the_line_ends_the_evidence_reads(tmp_path: Path, last) -> None:
    from qingfeng.screening.engine.evidence import _line_ends
    from qingfeng.screening.engine.gaps import scan

    path = tmp_path / "payments.csv"
    path.write_text("a,b\n" + "\n".join(f"{i},x" for i in range(50_000)) + last, "utf-8")
    found, counted, _mixed = scan(path)
    ends, size, tail = _line_ends(path)
    assert found == [] and counted is not None
    assert counted[0].tolist() == ends.tolist() and counted[1:] == (size, tail)
    path.write_text('a,b\n1,"x"\n2,y\n', "utf-8")  # a quote mark: the evidence reads it whole
    assert scan(path)[1] is None and _line_ends(path) is None


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_rows_ending_some_with_crlf_some_with_lf_are_read_and_keep_their_numbers(
    tmp_path: Path, encoding: str
) -> None:
    data = _folder(tmp_path)
    # rows 1-3 end with CRLF (written on Windows), the rest with LF (added elsewhere); row 5 is
    # an empty row, and the name on row 2 holds a line break as Excel writes one (LF): the
    # file's 7 lines are 6 rows
    head = "\r\n".join([HEADER_LINE, _pay(1).replace("张三", '"张\n三"'), _pay(2, 900)]) + "\r\n"
    tail = "\n".join([_pay(3, 1000), "", _pay(4, 1100)]) + "\n"
    (data / "payments.csv").write_bytes((head + tail).encode(encoding))
    rows, said = _load(data, tmp_path)
    assert [amount for _r, amount in rows] == [Decimal(n) for n in (800, 900, 1000, 1100)]
    assert "payments.csv：各行的换行符不统一（Windows和Unix两种换行混用），已统一后读取" in said
    assert "payments.csv：第5行是空行，不作为数据读取（其余各行的行号不变）" in said
    assert _rows_of_hit(data) == [4, 6]  # rows of the file, across the change of line end
    assert (data / "payments.csv").read_bytes() == (head + tail).encode(encoding)  # untouched
    # a bad cell after the change is named by its row
    (data / "payments.csv").write_bytes(
        (head + tail.replace("2024-04-05", "2024-13-45")).encode(encoding)
    )
    with pytest.raises(DataError) as caught:
        _load(data, tmp_path)
    assert [(p.row, p.column) for p in caught.value.problems] == [(6, "发放日期")]


def test_a_line_break_inside_a_quoted_value_is_not_a_mixed_line_end(tmp_path: Path) -> None:
    from qingfeng.screening.engine.gaps import scan, without_mixed_line_ends

    path = tmp_path / "payments.csv"
    path.write_bytes(b'a,b\r\n1,"x\ny"\r\n2,z\r\n')  # Excel: rows CRLF, a cell's break LF
    assert scan(path)[2] is False
    path.write_bytes(b"a,b\r\n1,x\n2,z\r\n")
    assert scan(path)[2] is True
    big = tmp_path / "big.csv"  # a CRLF across the copy's chunks
    body = b"a,b\r\n" + b"".join(b"%d,x\r\n" % i for i in range(900_000)) + b"9,y\n"
    big.write_bytes(body)
    assert scan(big)[2] is True
    without_mixed_line_ends(big, tmp_path / "out.csv")
    assert (tmp_path / "out.csv").read_bytes() == body.replace(b"\r\n", b"\n")
