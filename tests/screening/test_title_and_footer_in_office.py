"""A register uploaded in the office with a title above its header or a total and signatures under
its records: those rows are left out, the data set is valid, its page says which rows were not
read, and problems name rows as the file numbers them; next month's file, with its own footer,
is checked as the rows appended to this one."""

from __future__ import annotations

import pytest
from django.urls import reverse

from qingfeng.screening import datafiles
from qingfeng.screening.engine.segments import segments
from qingfeng.screening.models import DataSet
from tests.screening.conftest import PAYMENTS

pytestmark = pytest.mark.django_db

FOOTER = "合计,,,,,3400,\n,,,,,,\n制表人：王五,,审核人：赵六,,,,\n"
MONTH_TWO = "2024-05-05,低保金,330101195001010011,钱七,330101001001,800,6222000000000009\n"


def test_closing_rows_are_left_out_and_the_data_set_page_says_so(world, upload, login):
    dataset = upload(world.department_user, world.county, "payments", PAYMENTS + FOOTER)
    assert dataset.status == DataSet.Status.VALID, dataset.problems
    assert dataset.rows == PAYMENTS.count("\n") - 1
    assert dataset.notes == [
        "payments.csv：最后3行是合计、签字等表尾（“合计”、“制表”），不作为数据读取"
    ]
    page = login(world.county_official).get(reverse("office:screening:dataset", args=[dataset.pk]))
    assert "最后3行是合计、签字等表尾" in page.content.decode()

    # next month: last month's records, the new ones, and a new footer under them
    again = upload(world.department_user, world.county, "payments", PAYMENTS + MONTH_TWO + FOOTER)
    assert again.status == DataSet.Status.VALID, again.problems
    assert again.rows == dataset.rows + 1
    # only the new row was checked: last month's checked rows, then a segment of the new one
    assert len(segments(datafiles.checked_parquet(again.folder))) == 2
    assert again.notes == dataset.notes


def test_a_total_among_the_records_is_refused_by_its_row(world, upload):
    lines = PAYMENTS.splitlines()
    text = "\n".join([*lines[:3], "小计,,,,,1600,", *lines[3:]]) + "\n"
    dataset = upload(world.department_user, world.county, "payments", text)
    assert dataset.status == DataSet.Status.INVALID
    assert {p["row"] for p in dataset.problems} == {4}
    assert dataset.notes == []


def test_a_title_above_the_header_is_left_out_and_rows_keep_the_file_numbers(world, upload):
    title = "2024年5月低保金发放花名册,,,,,,\n"
    dataset = upload(world.department_user, world.county, "payments", title + PAYMENTS + FOOTER)
    assert dataset.status == DataSet.Status.VALID, dataset.problems
    assert dataset.rows == PAYMENTS.count("\n") - 1
    assert dataset.notes[0] == "payments.csv：前1行是表格标题，从第2行的表头读起"

    # a bad date in the first record: row 3 of the file (title, header, record)
    lines = PAYMENTS.splitlines()
    bad = lines[1].replace("2024-01-05", "2024-13-45")
    text = title + "\n".join([lines[0], bad, *lines[2:]]) + "\n"
    refused = upload(world.department_user, world.county, "payments", text)
    assert refused.status == DataSet.Status.INVALID
    assert [(p["row"], p["column"]) for p in refused.problems] == [(3, "发放日期")]


def test_empty_rows_and_a_repeated_header_among_the_records(world, upload):
    lines = PAYMENTS.splitlines()
    header = lines[0]
    text = "\n".join([lines[0], lines[1], ",,,,,,", "", *lines[2:4], header, *lines[4:]]) + "\n"
    dataset = upload(world.department_user, world.county, "payments", text)
    assert dataset.status == DataSet.Status.VALID, dataset.problems
    assert dataset.rows == len(lines) - 1
    assert dataset.notes == [
        "payments.csv：第3、4行是空行，第7行是重复的表头，不作为数据读取（其余各行的行号不变）"
    ]
    # a bad date after them is named by its row in the file
    bad = lines[4].replace(lines[4].split(",")[0], "2024-13-45")
    text = "\n".join([lines[0], lines[1], ",,,,,,", "", *lines[2:4], bad, *lines[5:]]) + "\n"
    refused = upload(world.department_user, world.county, "payments", text)
    assert refused.status == DataSet.Status.INVALID
    assert [(p["row"], p["column"]) for p in refused.problems] == [(7, "发放日期")]

    # next month, the new row after an empty row: the file is checked whole, numbered right
    again = upload(
        world.department_user, world.county, "payments", PAYMENTS + ",,,,,,\n" + MONTH_TWO
    )
    assert again.status == DataSet.Status.VALID, again.problems
    assert again.rows == len(lines)
    assert len(segments(datafiles.checked_parquet(again.folder))) == 1
    assert again.notes == [
        f"payments.csv：第{len(lines) + 1}行是空行，不作为数据读取（其余各行的行号不变）"
    ]


def _tabbed(text: str) -> str:
    return text.replace(",", "\t")


def test_excel_unicode_text_and_a_web_page_named_xls_are_checked_like_a_csv(world, upload, login):
    dataset = upload(
        world.department_user,
        world.county,
        "payments",
        _tabbed(PAYMENTS),
        "名册.txt",
        encoding="utf-16",
    )
    assert dataset.status == DataSet.Status.VALID, dataset.problems
    assert dataset.rows == PAYMENTS.count("\n") - 1
    assert dataset.notes == [
        "名册.txt：各列用制表符（Tab）分隔、UTF-16编码（Excel的“Unicode文本”），"
        "已转换为逗号分隔的表格读取"
    ]
    page = login(world.county_official).get(reverse("office:screening:dataset", args=[dataset.pk]))
    assert "已转换为逗号分隔的表格读取" in page.content.decode()

    rows = "".join(
        "<tr>" + "".join(f"<td>{c}</td>" for c in line.split(",")) + "</tr>"
        for line in PAYMENTS.splitlines()
    )
    page = f"<html><body><table>{rows}</table></body></html>"
    web = upload(
        world.department_user, world.county, "payments", page, "名册.xls", encoding="utf-8"
    )
    assert web.status == DataSet.Status.VALID, web.problems
    assert web.rows == dataset.rows
    assert web.notes == ["名册.xls：是网页格式的表格（不是Excel工作簿），已按表格读取"]

    # a row with a value too many is named by its row, in the words of the file's separator
    lines = _tabbed(PAYMENTS).splitlines()
    text = "\n".join([*lines[:2], lines[2] + "\t多余", *lines[3:]]) + "\n"
    bad = upload(
        world.department_user, world.county, "payments", text, "名册.txt", encoding="utf-16"
    )
    assert bad.status == DataSet.Status.INVALID
    assert [(p["row"], "制表符" in p["message"]) for p in bad.problems] == [(3, True)]


def test_contracts_in_wan_yuan_and_mixed_line_ends_are_checked_and_said(world, upload, login):
    import duckdb

    header = "合同编号,项目名称,村代码,承包方名称,承包方信用代码,合同金额（万元）,签订日期,发包方式"
    rows = [
        "HT1,修路,330101001001,甲公司,91330100MA2XXXXX1A,12.3456,2024-01-05,直接发包",
        "HT2,修桥,330101001001,甲公司,91330100MA2XXXXX1A,3,2024-01-06,直接发包",
    ]
    # the header and first row end with CRLF, the last row with LF alone
    text = "\r\n".join([header, rows[0]]) + "\r\n" + rows[1] + "\n"
    dataset = upload(world.department_user, world.county, "contracts", text, encoding="utf-8")
    assert dataset.status == DataSet.Status.VALID, dataset.problems
    assert dataset.notes == [
        "contracts.csv：各行的换行符不统一（Windows和Unix两种换行混用），已统一后读取",
        "“合同金额(万元)”列以万元计，已乘以10000换算为元",
    ]
    checked = datafiles.checked_parquet(dataset.folder)
    amounts = duckdb.sql(f"SELECT amount FROM read_parquet('{checked}')").fetchall()
    assert [float(a) for (a,) in amounts] == [123456.0, 30000.0]
    page = login(world.county_official).get(reverse("office:screening:dataset", args=[dataset.pk]))
    assert "已乘以10000换算为元" in page.content.decode()
