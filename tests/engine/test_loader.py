"""Loading a folder: encodings, Excel, date and amount forms, and clear errors on bad files."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from openpyxl import Workbook

from qingfeng.screening.engine import DataError, run_screening
from qingfeng.screening.engine.backends import DuckDBBackend
from qingfeng.screening.engine.loader import load_folder, table_columns

PAYMENTS_HEADER = "发放日期,项目,身份证号,姓名,村代码,金额,银行账号"
ID = "330803195001011230"


def _write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> None:
    (folder / name).write_bytes(text.encode(encoding))


def _load(folder: Path, tmp_path: Path) -> tuple[duckdb.DuckDBPyConnection, Path]:
    con = duckdb.connect()
    work = tmp_path / "work"
    load_folder(folder, work, con)
    return con, work


def _view(con: duckdb.DuckDBPyConnection, work: Path, table: str, sql: str) -> list[tuple]:
    """Rows of `sql` over a loaded table, seen as the rules see it (row_id included)."""
    DuckDBBackend(con).register(table, work / f"{table}.parquet", table_columns(table))
    return con.execute(sql).fetchall()


def test_it_reads_utf8_with_bom_and_every_date_and_amount_form(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    rows = [
        f'2024-01-05,低保金,{ID},张三,330803100201,"1,234.50",6222',
        f"2024/1/5,低保金,{ID},张三,330803100201,800元,6222",
        f"20240105,低保金,{ID},张三,330803100201,￥800,6222",
        f"45296,低保金,{ID},张三,330803100201, 800 ,6222",
        # reversals: an ASCII, a full-width and a typographic minus (U+2212, from Word or PDF)
        f"2024-01-05,低保金,{ID},张三,330803100201,-800,6222",
        f"2024-01-05,低保金,{ID},张三,330803100201,－800.00,6222",
        f"2024-01-05,低保金,{ID},张三,330803100201,\u2212800元,6222",
    ]
    _write(
        data,
        "payments.csv",
        "\ufeff" + PAYMENTS_HEADER + ",备注\n" + "\n".join(r + ",x" for r in rows),
    )
    con, work = _load(data, tmp_path)
    got = _view(con, work, "payments", "SELECT row_id, pay_date, amount FROM payments ORDER BY 1")
    day = dt.date(2024, 1, 5)
    assert got == [
        (2, day, Decimal("1234.50")),
        (3, day, Decimal("800.00")),
        (4, day, Decimal("800.00")),
        (5, day, Decimal("800.00")),
        (6, day, Decimal("-800.00")),
        (7, day, Decimal("-800.00")),
        (8, day, Decimal("-800.00")),
    ]


def test_it_reads_gbk(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    _write(
        data,
        "deaths.csv",
        f"身份证号,姓名,死亡日期,来源\n{ID},买买提·艾力,2024-01-05,民政\n",
        "gbk",
    )
    con, work = _load(data, tmp_path)
    assert con.execute(f"SELECT name FROM '{work}/deaths.parquet'").fetchall() == [("买买提·艾力",)]


def test_it_reads_excel_with_date_cells(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    book = Workbook()
    sheet = book.active
    sheet.append(["项目", "开始日期", "结束日期", "标准金额"])
    sheet.append(["低保金", dt.datetime(2024, 1, 1), None, 850])
    book.save(data / "standards.xlsx")
    con, work = _load(data, tmp_path)
    got = con.execute(
        f"SELECT program, start_date, end_date, amount FROM '{work}/standards.parquet'"
    )
    assert got.fetchall() == [("低保金", dt.date(2024, 1, 1), None, Decimal("850.00"))]


def test_a_workbook_whose_first_sheet_holds_no_header_is_read_from_the_sheet_that_does(
    tmp_path: Path,
) -> None:
    """A first sheet of 填表说明 (or empty) before the data: the first visible sheet after it
    whose first rows hold a header is read, and the progress says which."""
    data = tmp_path / "data"
    data.mkdir()
    book = Workbook()
    notes = book.active
    notes.title = "填表说明"
    notes.append(["本表由民政办填写，日期格式为2024-01-05"])
    hidden = book.create_sheet("旧表")
    hidden.append(["项目", "开始日期", "结束日期", "标准金额"])
    hidden.append(["低保金", dt.datetime(2020, 1, 1), None, 1])
    hidden.sheet_state = "hidden"
    sheet = book.create_sheet("2024年标准")
    sheet.append(["2024年补贴标准"])
    sheet.append(["项目", "开始日期", "结束日期", "标准金额"])
    sheet.append(["低保金", dt.datetime(2024, 1, 1), None, 850])
    book.save(data / "standards.xlsx")
    said: list[str] = []
    con = duckdb.connect()
    work = tmp_path / "work"
    load_folder(data, work, con, lambda _f, message: said.append(message))
    got = con.execute(f"SELECT program, amount FROM '{work}/standards.parquet'").fetchall()
    assert got == [("低保金", Decimal("850.00"))]
    assert "standards.xlsx：第一个工作表里没有表头，读取的是工作表“2024年标准”" in said
    assert "standards.xlsx：前1行是表格标题，从第2行的表头读起" in said
    # no sheet with a header: the first sheet is read, and the message says what is missing
    book.remove(sheet)
    book.save(data / "standards.xlsx")
    with pytest.raises(DataError) as err:
        _load(data, tmp_path / "b")
    assert "读取第一个有表头的工作表" in str(err.value)


def test_it_accepts_chinese_file_names_and_old_15_digit_ids(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    _write(data, "发放.csv", f"{PAYMENTS_HEADER}\n2024-01-05,低保金,330803500101123,张三,1,800,1\n")
    con, work = _load(data, tmp_path)
    got = con.execute(f"SELECT id_no, id_raw FROM '{work}/payments.parquet'").fetchall()
    assert got == [("330803195001011230", "330803500101123")]


def test_a_bad_file_names_file_row_and_column_and_nothing_runs(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    _write(
        data,
        "payments.csv",
        f"{PAYMENTS_HEADER}\n"
        f"2024-01-05,低保金,{ID},张三,330803100201,800,6222\n"
        f"2024-13-05,低保金,{ID},张三,330803100201,800,6222\n"
        f"2024-02-05,低保金,{ID},张三,330803100201,捌佰元,6222\n"
        f"2024-03-05,低保金,{ID},张三,330803100201,,6222\n",
    )
    _write(data, "deaths.csv", "身份证号,姓名,来源\n1,张三,民政\n")
    with pytest.raises(DataError) as caught:
        run_screening(data)
    problems = {(p.file, p.row, p.column) for p in caught.value.problems}
    assert problems == {
        ("payments.csv", 3, "发放日期"),
        ("payments.csv", 4, "金额"),
        ("payments.csv", 5, "金额"),
        ("deaths.csv", 1, "死亡日期"),
    }
    message = str(caught.value)
    assert "payments.csv，第3行，“发放日期”列" in message
    assert "“捌佰元”不是金额" in message
    missing = "deaths.csv，第1行，“死亡日期”列：缺少这一列（表头里有：身份证号、姓名、来源）"
    assert missing in message
    assert "未执行任何比对规则" in message


def test_row_numbers_hold_in_a_file_read_in_parallel(tmp_path: Path) -> None:
    """Large files are parsed by several threads; rows and errors keep the file's numbering."""
    data = tmp_path / "data"
    data.mkdir()
    n = 400_000
    lines = [f"2024-01-05,低保金,{ID},张{i},330803100201,{i}.00,6222" for i in range(n)]
    bad = {123_456: "2024-02-30", 399_990: "下周"}  # index in lines -> bad date
    for i, text in bad.items():
        lines[i] = lines[i].replace("2024-01-05", text)
    _write(data, "payments.csv", PAYMENTS_HEADER + "\n" + "\n".join(lines) + "\n")
    with pytest.raises(DataError) as caught:
        run_screening(data)
    assert [(p.row, p.column) for p in caught.value.problems] == [
        (123_456 + 2, "发放日期"),
        (399_990 + 2, "发放日期"),
    ]
    lines[123_456] = lines[399_990] = lines[0]
    _write(data, "payments.csv", PAYMENTS_HEADER + "\n" + "\n".join(lines) + "\n")
    con, work = _load(data, tmp_path)
    picked = _view(
        con,
        work,
        "payments",
        "SELECT row_id, name, amount FROM payments WHERE row_id IN (2, 200002, 400001) ORDER BY 1",
    )
    assert picked == [
        (2, "张0", Decimal("0.00")),
        (200_002, "张200000", Decimal("200000.00")),
        (400_001, "张399999", Decimal("399999.00")),
    ]


def test_many_bad_cells_are_summarised(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    rows = "\n".join(f"昨天,低保金,{ID},张三,1,800,1" for _ in range(8))
    _write(data, "payments.csv", f"{PAYMENTS_HEADER}\n{rows}\n")
    with pytest.raises(DataError) as caught:
        run_screening(data)
    assert [p.row for p in caught.value.problems] == [2, 3, 4, 5, 6, None]
    assert "另有3行同类问题" in str(caught.value)


def test_an_id_number_is_never_echoed_in_full_in_an_error(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    _write(data, "payments.csv", f"{PAYMENTS_HEADER}\n2024-01-05,低保金,{ID},张三,1,{ID}x,1\n")
    with pytest.raises(DataError) as caught:
        run_screening(data)
    assert ID not in str(caught.value)
    assert "3308**********1230" in str(caught.value)


def test_two_files_for_one_table_is_an_error(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    _write(data, "payments.csv", f"{PAYMENTS_HEADER}\n")
    _write(data, "发放.csv", f"{PAYMENTS_HEADER}\n")
    with pytest.raises(DataError, match="同一张表"):
        run_screening(data)


def test_an_empty_or_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="没有找到任何数据表"):
        run_screening(tmp_path)
    with pytest.raises(DataError, match="文件夹不存在"):
        run_screening(tmp_path / "nowhere")


def test_rules_whose_tables_are_absent_are_skipped_with_a_message(tmp_path: Path) -> None:
    from qingfeng.screening.engine.runner import screen

    data = tmp_path / "data"
    data.mkdir()
    _write(data, "payments.csv", f"{PAYMENTS_HEADER}\n2024-01-05,低保金,{ID},张三,1,800,1\n")
    messages: list[str] = []
    report = screen(data, progress=lambda f, m: messages.append(m))
    assert set(report.skipped) == {"R01", "R02", "R03", "R04", "R06", "R08", "R09"}
    assert "缺少数据表 死亡记录" in report.skipped["R01"]
    assert any("R01" in m and "跳过" in m for m in messages)


def test_files_it_ignores_are_named_in_the_progress(tmp_path: Path) -> None:
    from qingfeng.screening.engine.runner import screen

    data = tmp_path / "data"
    data.mkdir()
    _write(data, "payments.csv", f"{PAYMENTS_HEADER}\n2024-01-05,低保金,{ID},张三,1,800,1\n")
    _write(data, "payment.csv", f"{PAYMENTS_HEADER}\n")  # a near miss of a table's name
    _write(data, "说明.docx", "not a table")
    messages: list[str] = []
    screen(data, rules=["R05"], progress=lambda f, m: messages.append(m))
    (ignored,) = [m for m in messages if m.startswith("忽略")]
    assert "payment.csv" in ignored and "说明.docx" in ignored


def test_a_table_may_come_gzipped_or_in_a_zip_of_parts(tmp_path: Path) -> None:
    import gzip
    import zipfile

    data = tmp_path / "data"
    data.mkdir()
    row = f"2024-01-05,低保金,{ID},张三,1,800,1\n"
    (data / "payments.csv.gz").write_bytes(gzip.compress(f"{PAYMENTS_HEADER}\n{row}".encode()))
    with zipfile.ZipFile(data / "deaths.zip", "w") as archive:
        archive.writestr("2023.csv", f"身份证号,姓名,死亡日期,来源\n{ID},张三,2023-01-01,民政\n")
        archive.writestr("2024.csv", "身份证号,姓名,死亡日期,来源\n".encode("gbk"))
    con, work = _load(data, tmp_path)
    assert _view(con, work, "payments", "SELECT row_id, name FROM payments") == [(2, "张三")]
    assert _view(con, work, "deaths", "SELECT count(*) FROM deaths") == [(1,)]


def test_tabs_and_full_width_forms_of_one_id_are_one_person(tmp_path: Path) -> None:
    """A tab copied from Excel before an ID, a full-width Ｘ: the same number as typed clean;
    and the ID check (R11) takes them as formatting, not as a wrong number."""
    from qingfeng.screening.engine.idnumbers import id_problem, with_check_digit

    with_x = with_check_digit("33080319500101006")
    assert with_x.endswith("X")
    wide = with_x.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
    data = tmp_path / "data"
    data.mkdir()
    rows = [
        f"2024-01-05,低保金,{ID},张三,330803100201,800,6222",
        f"2024-02-05,低保金,\t{ID}\t,张\t三,330803100201,800,6222",
        f"2024-01-05,低保金,{with_x},李四,330803100201,800,6223",
        f"2024-02-05,低保金,{wide},李四,330803100201,800,6223",
    ]
    _write(data, "payments.csv", PAYMENTS_HEADER + "\n" + "\n".join(rows))
    con, work = _load(data, tmp_path)
    got = _view(con, work, "payments", "SELECT id_no, name FROM payments ORDER BY row_id")
    assert got == [(ID, "张三"), (ID, "张 三"), (with_x, "李四"), (with_x, "李四")]
    assert id_problem(wide) is None and id_problem("\t" + ID) is None
    assert id_problem(with_x[:-1] + "Ｙ") == "含有非数字字符"


def test_a_trailing_comma_on_every_line_leaves_no_room_for_a_shifted_value(tmp_path: Path) -> None:
    """Lines that all end with a comma (an empty last header): read as usual; a row with one
    value too many is refused by its row, not read into the nameless column."""
    data = tmp_path / "data"
    data.mkdir()
    good = [f"2024-01-05,低保金,{ID},张三,330803100201,800,6222,", ""]
    _write(data, "payments.csv", PAYMENTS_HEADER + ",\n" + "\n".join(good))
    con, work = _load(data, tmp_path)
    assert _view(con, work, "payments", "SELECT amount, account FROM payments") == [
        (Decimal("800.00"), "6222")
    ]
    bad = tmp_path / "bad"
    bad.mkdir()
    rows = [good[0], f"2024-02-05,低保金,{ID},张三,330803100201,1,200.00,6222,"]
    _write(bad, "payments.csv", PAYMENTS_HEADER + ",\n" + "\n".join(rows))
    with pytest.raises(DataError) as err:
        _load(bad, tmp_path / "b")
    assert "payments.csv，第3行，“金额”列：这一行有8个值，表头只有7列" in str(err.value)


def test_a_four_digit_excel_serial_is_a_date_unless_it_reads_as_a_year(tmp_path: Path) -> None:
    """Births before 1927 come as 4-digit Excel serials (9353 is 1925-08-09); 1952 alone is a
    year, not a date, and stays an error."""
    data = tmp_path / "data"
    data.mkdir()
    rows = [f"{ID},张三,男,9353,330803100201,H1,户主", f"{ID},张三,男,10000,330803100201,H1,户主"]
    header = "身份证号,姓名,性别,出生日期,村代码,户号,与户主关系"
    _write(data, "residents.csv", header + "\n" + "\n".join(rows))
    con, work = _load(data, tmp_path)
    got = _view(con, work, "residents", "SELECT birth_date FROM residents ORDER BY row_id")
    assert got == [(dt.date(1925, 8, 9),), (dt.date(1927, 5, 18),)]
    bad = tmp_path / "bad"
    bad.mkdir()
    _write(bad, "residents.csv", header + f"\n{ID},张三,男,1952,330803100201,H1,户主")
    with pytest.raises(DataError) as err:
        _load(bad, tmp_path / "b")
    assert "residents.csv，第2行，“出生日期”列：“1952”不是日期" in str(err.value)


def test_a_payment_month_alone_is_its_first_day_and_other_dates_need_a_day(
    tmp_path: Path,
) -> None:
    """Registers that keep the month paid (发放年月: 2024年3月, 2024-03, 202403) are read, each
    month as its first day (full-width digits too); a death date without a day stays an error
    (its first day would make payments late that were not)."""
    data = tmp_path / "data"
    data.mkdir()
    months = ["2024年1月", "2024-02", "2024/3", "202404", "2024.05", "２０２４年６月"]
    header = PAYMENTS_HEADER.replace("发放日期", "发放年月")
    rows = [f"{m},低保金,{ID},张三,330803100201,800,6222" for m in months]
    _write(data, "payments.csv", header + "\n" + "\n".join(rows) + "\n")
    con, work = _load(data, tmp_path)
    got = _view(con, work, "payments", "SELECT pay_date FROM payments ORDER BY row_id")
    assert got == [(dt.date(2024, m, 1),) for m in range(1, 7)]
    _write(data, "deaths.csv", f"身份证号,姓名,死亡日期,来源\n{ID},张三,2024年1月,公安\n")
    with pytest.raises(DataError) as err:
        _load(data, tmp_path / "b")
    assert str(err.value.problems[0]) == (
        "deaths.csv，第2行，“死亡日期”列：“2024年1月”不是日期"
        "（可用 2024-01-05、2024/1/5、20240105 或 Excel 日期）"
    )


def test_a_leading_apostrophe_marks_text_and_is_not_kept(tmp_path: Path) -> None:
    """'6228… and '3308…: Excel's and the banks' text mark, not part of the account or the ID."""
    data = tmp_path / "data"
    data.mkdir()
    rows = [
        f"2024-01-05,低保金,{ID},张三,330803100201,800,6222",
        f"2024-02-05,低保金,'{ID},张三,330803100201,800,'6222",
    ]
    _write(data, "payments.csv", PAYMENTS_HEADER + "\n" + "\n".join(rows))
    con, work = _load(data, tmp_path)
    got = _view(con, work, "payments", "SELECT id_no, account FROM payments ORDER BY row_id")
    assert got == [(ID, "6222"), (ID, "6222")]
    from qingfeng.screening.engine.idnumbers import id_problem

    assert id_problem("'" + ID) is None  # R11 takes it as formatting too


def test_one_wrong_id_written_in_several_forms_is_one_r11_hit(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    wrong = ID[:-1] + "9"  # the check character does not match
    full_width = wrong.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    old = "330803500101123"  # an old 15-digit number: R11 names it as given
    rows = [
        f"2024-01-05,低保金,{wrong},张三,330803100201,800,6222",
        f"2024-02-05,低保金,{full_width},张三,330803100201,800,6222",
        f"2024-03-05,低保金,'{wrong[:6]} {wrong[6:]},张三,330803100201,800,6222",
        f"2024-03-05,低保金,{old},李四,330803100201,800,6223",
    ]
    _write(data, "payments.csv", "\n".join([PAYMENTS_HEADER, *rows]) + "\n")
    hits = run_screening(data, rules=["R11"])
    assert sorted(h.subject for h in hits) == sorted([wrong, old])
    assert "3笔" in next(h.summary for h in hits if h.subject == wrong)


def test_a_required_cell_without_a_value_is_named_with_its_text_and_counted(
    tmp_path: Path,
) -> None:
    """Required columns keep no offending text beside their values: a row without a value is
    found after the load and its text read again from the file, by the file's row."""
    data = tmp_path / "data"
    data.mkdir()
    good = f"2024-01-05,低保金,{ID},张三,330803100201,800,6222"
    rows = [
        "2024年低保金发放名册,,,,,,",  # row 1: a title above the header (row 2)
        PAYMENTS_HEADER,
        good,
        f"2024-01-05,,{ID},张三,330803100201,800,6222",  # row 4: no programme
        f"2024-13-05,低保金,{ID},张三,330803100201,800,6222",  # row 5: no such date
        f'2024-01-05,低保金,{ID},"张\n三",330803100201,"  ",6222',  # row 6 (two lines): blank
        f"2024-01-05,低保金,{ID},张三,330803100201, 捌佰元 ,6222",  # row 7
        *[f"昨天,低保金,{ID},张三,330803100201,800,6222"] * 6,  # rows 8-13
    ]
    _write(data, "payments.csv", "\n".join(rows) + "\n")
    with pytest.raises(DataError) as caught:
        run_screening(data, rules=["R05"])
    forms = "2024-01-05、2024/1/5、20240105、只写月份的 2024年1月（按1日计） 或 Excel 日期"
    date = f"不是日期（可用 {forms}）"
    amount = "不是金额（应为数字，如 1,234.50 或 1234.5元；不接受大写金额）"
    shown = [str(p) for p in caught.value.problems]
    assert shown == [
        f"payments.csv，第5行，“发放日期”列：“2024-13-05”{date}",
        *[f"payments.csv，第{r}行，“发放日期”列：“昨天”{date}" for r in (8, 9, 10, 11)],
        "payments.csv，“发放日期”列：另有2行同类问题",
        "payments.csv，第4行，“项目”列：不能为空",
        "payments.csv，第6行，“金额”列：不能为空",
        f"payments.csv，第7行，“金额”列：“捌佰元”{amount}",
    ]


def test_amounts_in_wan_yuan_are_read_in_yuan(tmp_path: Path) -> None:
    """Project ledgers keep contracts in 万元: the column `合同金额（万元）` is 合同金额 times
    10000, to the yuan (12.3456万元 is 123,456 yuan); a cell written `1.2万` is in 万元 in any
    amount column; the progress says how the column was read."""
    data = tmp_path / "data"
    data.mkdir()
    header = "合同编号,项目名称,村代码,承包方名称,承包方信用代码,合同金额（万元）,签订日期,发包方式"
    rows = [
        "HT1,修路,330803100201,甲公司,91330800MA2XXXXX1A,12.3456,2024-01-05,直接发包",
        'HT2,修桥,330803100201,甲公司,91330800MA2XXXXX1A,"1,005",2024-01-06,直接发包',
        "HT3,修渠,330803100201,甲公司,91330800MA2XXXXX1A,０.５,2024-01-07,直接发包",
    ]
    _write(data, "contracts.csv", header + "\n" + "\n".join(rows) + "\n")
    pays = [
        f"2024-01-05,低保金,{ID},张三,330803100201,1.2万,6222",
        f"2024-01-05,低保金,{ID},张三,330803100201,800,6222",
    ]
    _write(data, "payments.csv", PAYMENTS_HEADER + "\n" + "\n".join(pays) + "\n")
    said: list[str] = []
    con = duckdb.connect()
    work = tmp_path / "work"
    load_folder(data, work, con, lambda _f, message: said.append(message))
    got = _view(con, work, "contracts", "SELECT amount FROM contracts ORDER BY row_id")
    assert got == [(Decimal("123456.00"),), (Decimal("10050000.00"),), (Decimal("5000.00"),)]
    got = _view(con, work, "payments", "SELECT amount FROM payments ORDER BY row_id")
    assert got == [(Decimal("12000.00"),), (Decimal("800.00"),)]
    assert (
        "contracts.csv：“合同金额(万元)”列作为“合同金额”（以万元计，已乘以10000换算为元）读取"
        in said
    )
    # too large once in yuan: refused as not an amount, never a traceback
    _write(data, "contracts.csv", header + "\n" + rows[0].replace("12.3456", "9" * 13) + "\n")
    with pytest.raises(DataError) as err:
        _load(data, tmp_path / "b")
    assert "contracts.csv，第2行，“合同金额”列：“9999999999999”不是金额" in str(err.value)
