"""Columns under the names the registers' systems give them (公民身份号码, 金额（元）, 姓 名) are
read as the contract's; two candidates, or another unit, are a missing column (headers.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from qingfeng.screening.engine import DataError, run_screening
from qingfeng.screening.engine.contract import TABLES
from qingfeng.screening.engine.headers import find_columns
from qingfeng.screening.engine.rules import all_rules

from .helpers import hit_rows, read_expected

R01 = all_rules()["R01"].folder


def _data(tmp_path: Path, payments_header: str, deaths_header: str | None = None) -> Path:
    data = tmp_path / "data"
    shutil.copytree(R01 / "input", data)
    for name, header in (("payments.csv", payments_header), ("deaths.csv", deaths_header)):
        if header is None:
            continue
        lines = (data / name).read_text(encoding="utf-8").splitlines()
        (data / name).write_text("\n".join([header, *lines[1:]]) + "\n", encoding="utf-8")
    return data


def test_other_names_of_columns_give_the_same_hits(tmp_path: Path) -> None:
    data = _data(
        tmp_path,
        "发放时间,项目,公民身份号码,姓 名,村代码,金额（元）,银行帐号",
        "身份证号码,姓名,死亡时间,来源,出生日期,村代码",
    )
    said: list[str] = []
    hits = run_screening(data, rules=["R01"], progress=lambda f, m: said.append(m))
    assert hit_rows(hits) == read_expected(R01 / "expected.csv")
    assert (
        "payments.csv：“发放时间”列作为“发放日期”，“公民身份号码”列作为“身份证号”，“姓 名”列作为"
        "“姓名”，“金额(元)”列作为“金额”，“银行帐号”列作为“银行账号”读取"
    ) in said
    assert "deaths.csv：“身份证号码”列作为“身份证号”，“死亡时间”列作为“死亡日期”读取" in said
    assert [h.evidence for h in hits] == [
        h.evidence for h in run_screening(R01 / "input", rules=["R01"])
    ]


def test_two_candidates_for_one_column_are_a_missing_column(tmp_path: Path) -> None:
    data = _data(tmp_path, "发放日期,项目,公民身份号码,身份证号码,姓名,村代码,金额,银行账号")
    with pytest.raises(DataError) as caught:
        run_screening(data, rules=["R01"])
    problems = [(p.file, p.row, p.column) for p in caught.value.problems]
    assert problems == [("payments.csv", 1, "身份证号")]
    assert "公民身份号码、身份证号码" in str(caught.value)


def test_an_amount_in_wan_yuan_is_taken_when_none_is_in_yuan() -> None:
    """A column in 万元 is the amount (the loader multiplies it by 10000: test_loader.py), unless
    the file also has the amount in yuan."""
    contracts = TABLES["contracts"]
    headers = ["合同编号", "项目名称", "村代码", "承包方名称", "承包方信用代码", "合同金额（万元）"]
    assert find_columns(contracts, headers)["合同金额"] == "合同金额（万元）"
    in_yuan = find_columns(contracts, [*headers, "合同金额（元）"])
    assert in_yuan["合同金额"] == "合同金额（元）"
    assert find_columns(TABLES["payments"], ["发放金额（万元）"]) == {"金额": "发放金额（万元）"}


def test_the_contract_name_wins_and_a_used_header_is_not_taken_twice() -> None:
    payments = TABLES["payments"]
    found = find_columns(payments, ["身份证号", "身份证号码", "发放金额", "金额"])
    assert found["身份证号"] == "身份证号" and found["金额"] == "金额"
    assert find_columns(payments, ["公民身份号码", "发放日期"]) == {
        "身份证号": "公民身份号码",
        "发放日期": "发放日期",
    }


def test_the_names_of_the_civil_affairs_payment_lists() -> None:
    payments = TABLES["payments"]
    headers = ["发放日期", "补贴项目", "领取人身份证号码", "领取人姓名", "村（社区）代码", "金额"]
    assert find_columns(payments, headers) == {
        "发放日期": "发放日期",
        "项目": "补贴项目",
        "身份证号": "领取人身份证号码",
        "姓名": "领取人姓名",
        "村代码": "村（社区）代码",
        "金额": "金额",
    }
    # a contract's 项目名称 stays its own column
    contracts = find_columns(TABLES["contracts"], ["合同编号", "项目名称", "村代码"])
    assert contracts["项目名称"] == "项目名称"


def test_more_names_registers_use() -> None:
    payments = TABLES["payments"]
    headers = ["发放年月", "项目", "身份证", "人员姓名", "村编码", "实发金额", "收款账号"]
    assert find_columns(payments, headers) == {
        "发放日期": "发放年月",
        "项目": "项目",
        "身份证号": "身份证",
        "姓名": "人员姓名",
        "村代码": "村编码",
        "金额": "实发金额",
        "银行账号": "收款账号",
    }
    # 补贴金额 and 实发金额 both: which is the amount paid is the office's question
    assert "金额" not in find_columns(payments, ["补贴金额", "实发金额"])
    deaths = find_columns(TABLES["deaths"], ["居民身份证号码", "姓名", "死亡年月日"])
    assert deaths["身份证号"] == "居民身份证号码" and deaths["死亡日期"] == "死亡年月日"
