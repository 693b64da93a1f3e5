"""Small helpers for the Chinese summary sentences of hits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any


def money(amount: Decimal | float | int | None) -> str:
    return f"{Decimal(str(amount or 0)):,.2f}元"


def day(value: dt.date | None) -> str:
    return value.isoformat() if value else "日期不详"


def total(records: Iterable[dict[str, Any]], column: str = "amount") -> Decimal:
    return sum((Decimal(str(r[column])) for r in records if r.get(column) is not None), Decimal(0))


def listing(values: Iterable[Any]) -> str:
    """Distinct values in first-seen order, joined with 、."""
    seen: list[str] = []
    for v in values:
        if v is not None and str(v) not in seen:
            seen.append(str(v))
    return "、".join(seen) if seen else "（不详）"


def who(records: list[dict[str, Any]], column: str = "name") -> str:
    return listing(r.get(column) for r in records[:1]) if records else "（姓名不详）"


def span(records: list[dict[str, Any]], column: str = "pay_date") -> str:
    dates = sorted(r[column] for r in records if r.get(column))
    if not dates:
        return ""
    return day(dates[0]) if dates[0] == dates[-1] else f"{day(dates[0])}至{day(dates[-1])}"


def link_note(records: list[dict[str, Any]]) -> str:
    """Says when a record was tied to the payee by probability rather than by ID number."""
    probs = [r["_link_prob"] for r in records if r.get("_link_kind") == "fuzzy"]
    if probs:
        return f"（按姓名、出生日期等模糊匹配，概率{min(probs):.0%}，请核实身份）"
    unique = [r["_link_prob"] for r in records if r.get("_link_kind") == "name_unique"]
    if unique:
        return f"（记录无可用的身份证号，按唯一的姓名匹配，概率{min(unique):.0%}，请核实身份）"
    return ""
