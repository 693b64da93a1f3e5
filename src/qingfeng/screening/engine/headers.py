"""Which column of a file holds each contract column.

A file's header names the contract's column as officials keep it (`身份证号`); systems that export
the registers often call it otherwise (`公民身份号码` from the household register, `身份证号码`
from the civil affairs system, `金额（元）`), or put a space inside (`姓 名`). A contract column
the file lacks under its own name is taken from the one file column carrying one of its other
names; when two do, or none, the column is missing and the message lists the file's headers (the
office then asks which column is which). An amount column's names with the unit 万元
(`合同金额（万元）`, as project ledgers keep contracts) are among its other names: the loader
multiplies its numbers by 10000 (amount_scale), also when the office maps such a column.
"""

from __future__ import annotations

import re
import unicodedata

from .contract import Kind, Table

# other names of a contract header, as the registers' systems export them
OTHER_NAMES: dict[str, tuple[str, ...]] = {
    "身份证号": (
        "身份证号码",
        "公民身份号码",
        "公民身份证号",
        "公民身份证号码",
        "证件号码",
        "领取人身份证号",
        "领取人身份证号码",
        "享受人身份证号",
        "享受人身份证号码",
        "身份证",
        "身份证件号",
        "身份证件号码",
        "居民身份证号",
        "居民身份证号码",
        "证件号",
    ),
    "姓名": ("领取人姓名", "享受人姓名", "救助对象姓名", "人员姓名"),
    "项目": ("补贴项目", "发放项目", "项目名称", "补贴类别", "救助类别", "资金项目"),
    "村代码": ("村(社区)代码", "村居代码", "村级代码", "村编码", "村(社区)编码", "村居编码"),
    "亲属身份证号": ("亲属身份证号码", "亲属公民身份号码"),
    "法定代表人身份证号": ("法定代表人身份证号码", "法人身份证号", "法人身份证号码"),
    "法定代表人姓名": ("法人姓名",),
    "发放日期": ("发放时间", "发放年月", "发放月份", "发放年月日", "支付日期"),
    "死亡日期": ("死亡时间", "死亡年月日"),
    "出生日期": ("出生年月日",),
    "金额": (
        "金额(元)",
        "发放金额",
        "发放金额(元)",
        "补贴金额",
        "补贴金额(元)",
        "救助金额",
        "救助金额(元)",
        "实发金额",
        "实发金额(元)",
    ),
    "合同金额": ("合同金额(元)",),
    "标准金额": ("标准金额(元)", "标准(元)"),
    "银行账号": ("银行帐号", "银行卡号", "账号", "帐号", "银行账户", "收款账号"),
    "号牌号码": ("车牌号码", "车牌号"),
    "承包方信用代码": ("承包方统一社会信用代码",),
}

_SPACE = re.compile(r"\s+")


def key(header: str) -> str:
    """A header as compared: NFKC (full-width brackets and letters), no spaces anywhere."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", header or "").replace("\ufeff", ""))


def find_columns(table: Table, headers: list[str]) -> dict[str, str]:
    """Contract header -> the file's header holding it, for the columns the file has: its own
    name first, else the one file header among its other names (not one that is another
    contract column's own name)."""
    keyed: dict[str, str] = {}
    for header in headers:
        if header:
            keyed.setdefault(key(header), header)
    found = {c.header: keyed[key(c.header)] for c in table.columns if key(c.header) in keyed}
    taken = set(found.values())
    for col in table.columns:
        if col.header in found:
            continue
        names = OTHER_NAMES.get(col.header, ())
        others = {keyed[k] for k in map(key, names) if k in keyed} - taken
        if not others and col.kind is Kind.AMOUNT:  # else one in 万元 (amount_scale)
            bare = [col.header, *(n.removesuffix("(元)") for n in names)]
            wan = dict.fromkeys(f"{n}(万元)" for n in bare)
            others = {keyed[k] for k in map(key, wan) if k in keyed} - taken
        if len(others) == 1:
            found[col.header] = others.pop()
    return found


IN_WAN = "以万元计，已乘以10000换算为元"  # what is said of an amount column in 万元


def amount_scale(header: str | None) -> int:
    """Yuan per unit of an amount column headed `header`: 10000 for one in 万元."""
    return 10000 if header and "万元" in key(header) else 1


def scale_note(table: Table, mapping: dict[str, str]) -> list[str]:
    """What the progress and the office say of the amount columns in 万元 of a column mapping."""
    return [
        f"“{theirs}”列{IN_WAN}"
        for col in table.columns
        if col.kind is Kind.AMOUNT
        and (theirs := mapping.get(col.header))
        and amount_scale(theirs) != 1
    ]
