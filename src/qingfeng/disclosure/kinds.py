"""What each kind of disclosure publishes: its columns, their types and row-level checks.

The column headers are the Chinese names used on village notice boards and in the Excel
templates (a data format, like the screening data contract), so they are not translated.
Values are kept as canonical strings (dates 2026-03-05, amounts 1200.50) so that the hash
of a batch can be recomputed from what the public page shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

TEXT, DATE, MONEY, INT, CHOICE, NAME, ID_NUMBER = (
    "text",
    "date",
    "money",
    "int",
    "choice",
    "name",
    "id_number",
)


class Kind(models.TextChoices):
    FINANCE = "finance", gettext_lazy("Village finances")
    SUBSIDY = "subsidy", gettext_lazy("Benefit payments")
    PROJECT = "project", gettext_lazy("Construction projects")
    ASSET = "asset", gettext_lazy("Collective assets and resources")
    DECISION = "decision", gettext_lazy("Major decisions (four discussions, two publications)")
    PARTY = "party", gettext_lazy("Party affairs")
    VILLAGE = "village", gettext_lazy("Village affairs")


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    type: str = TEXT
    required: bool = True
    max_length: int = 200
    choices: tuple[str, ...] = ()


PROJECT_STAGES = ("立项", "发包", "合同", "变更", "验收", "付款")
PROCUREMENT = ("公开招标", "邀请招标", "竞争性谈判", "询价比价", "村民代表会议议定")
ASSET_ACTIONS = ("出租", "发包", "处置")
DECISION_STEPS = (
    "党组织提议",
    "两委会商议",
    "党员大会审议",
    "村民代表会议决议",
    "村民会议决议",
    "决议公开",
    "实施结果公开",
)

COLUMNS: dict[str, tuple[Column, ...]] = {
    Kind.FINANCE: (
        Column("date", "日期", DATE),
        Column("account", "科目", max_length=32),
        Column("summary", "摘要"),
        Column("income", "收入（元）", MONEY, required=False),
        Column("expense", "支出（元）", MONEY, required=False),
        Column("voucher", "凭证号", required=False, max_length=32),
    ),
    Kind.SUBSIDY: (
        Column("name", "姓名", NAME, max_length=64),
        Column("id_number", "身份证号", ID_NUMBER),
        Column("programme", "项目", max_length=32),
        Column("date", "发放日期", DATE),
        Column("amount", "金额（元）", MONEY),
        Column("note", "备注", required=False),
    ),
    Kind.PROJECT: (
        Column("project", "项目名称", max_length=100),
        Column("stage", "阶段", CHOICE, choices=PROJECT_STAGES),
        Column("date", "日期", DATE),
        Column("method", "发包方式", CHOICE, required=False, choices=PROCUREMENT),
        Column("contractor", "承包方", required=False, max_length=100),
        Column("amount", "金额（元）", MONEY, required=False),
        Column("note", "说明", required=False),
    ),
    Kind.ASSET: (
        Column("asset", "资产资源名称", max_length=100),
        Column("action", "方式", CHOICE, choices=ASSET_ACTIONS),
        Column("date", "日期", DATE),
        Column("counterparty", "承租或受让方", required=False, max_length=100),
        Column("term", "期限", required=False, max_length=32),
        Column("amount", "金额（元）", MONEY),
        Column("note", "说明", required=False),
    ),
    Kind.DECISION: (
        Column("matter", "事项", max_length=100),
        Column("step", "步骤", CHOICE, choices=DECISION_STEPS),
        Column("date", "日期", DATE),
        Column("expected", "应到人数", INT, required=False),
        Column("present", "实到人数", INT, required=False),
        Column("agree", "同意", INT, required=False),
        Column("oppose", "反对", INT, required=False),
        Column("abstain", "弃权", INT, required=False),
        Column("note", "说明", required=False),
    ),
    Kind.PARTY: (
        Column("title", "标题", max_length=100),
        Column("date", "日期", DATE),
        Column("content", "内容", max_length=2000),
    ),
    Kind.VILLAGE: (
        Column("title", "标题", max_length=100),
        Column("date", "日期", DATE),
        Column("content", "内容", max_length=2000),
    ),
}

# Kinds whose rows carry a person: the public sees the masked name and ID number only.
PERSONAL_KINDS = frozenset({Kind.SUBSIDY})


def columns(kind: str) -> tuple[Column, ...]:
    return COLUMNS[kind]


def check_row(kind: str, values: dict[str, str]) -> list[tuple[str, str]]:
    """Checks across a row's cells: [(column header, message)]."""
    problems: list[tuple[str, str]] = []
    if kind == Kind.FINANCE:
        if not values.get("income") and not values.get("expense"):
            problems.append(("收入（元）", _("fill in the income or the expense.")))
        elif values.get("income") and values.get("expense"):
            problems.append(("支出（元）", _("one row is either income or expense, not both.")))
    if kind == Kind.DECISION:
        n = {
            k: int(values[k])
            for k in ("expected", "present", "agree", "oppose", "abstain")
            if values.get(k)
        }
        if "present" in n and "expected" in n and n["present"] > n["expected"]:
            problems.append(("实到人数", _("more people present than expected.")))
        votes = sum(n.get(k, 0) for k in ("agree", "oppose", "abstain"))
        if "present" in n and votes > n["present"]:
            problems.append(("同意", _("more votes than people present.")))
    return problems


def decision_validity(values: dict[str, str]) -> str | None:
    """For a 村民代表会议 / 村民会议 vote: "valid" or "invalid" by 组织法 art. 22–26 (2/3 of
    representatives present; a majority of those present agreeing), or None if not a vote."""
    if values.get("step") not in ("村民代表会议决议", "村民会议决议"):
        return None
    try:
        expected, present, agree = (int(values[k]) for k in ("expected", "present", "agree"))
    except (KeyError, ValueError):
        return None
    quorum = (
        present * 3 >= expected * 2
        if values["step"] == "村民代表会议决议"
        else present * 2 > expected
    )
    return "valid" if quorum and agree * 2 > present else "invalid"
