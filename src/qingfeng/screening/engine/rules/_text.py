"""Small helpers for the Chinese summary sentences of hits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from qingfeng.screening.engine.contract import TABLES
from qingfeng.screening.engine.names import name_key
from qingfeng.screening.engine.rules import PROBABLE_LINKS


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


def link_note(
    records: list[dict[str, Any]], against: dict[str, list[dict[str, Any]]] | None = None
) -> str:
    """Says when a record was tied to the payee by probability rather than by ID number; and,
    given `against` (who the records are tied to, by how the sentence calls them: 领取人 -> the
    payee's payment records), when a record tied by the very ID number carries another name."""
    probs = [r["_link_prob"] for r in records if r.get("_link_kind") == "fuzzy"]
    unique = [r["_link_prob"] for r in records if r.get("_link_kind") == "name_unique"]
    note = ""
    if probs:
        note = f"（按姓名、出生日期等模糊匹配，概率{min(probs):.0%}，请核实身份）"
    elif unique:
        note = f"（记录无可用的身份证号，按唯一的姓名匹配，概率{min(unique):.0%}，请核实身份）"
    return note + other_names(records, against or {})


# the ID number and name columns of the records that name a person (relatives name nobody)
_PERSON_COLUMNS = {
    "payments": ("id_no", "name"),
    "deaths": ("id_no", "name"),
    "officials": ("id_no", "name"),
    "residents": ("id_no", "name"),
    "vehicles": ("id_no", "name"),
    "companies": ("rep_id_no", "rep_name"),
}
# a record of each table, as a villager calls it
_RECORD_WORDS = {
    "deaths": "死亡记录",
    "officials": "公职人员名单",
    "residents": "户籍登记",
    "vehicles": "车辆登记",
    "companies": "企业登记",
}


def other_names(records: list[dict[str, Any]], against: dict[str, list[dict[str, Any]]]) -> str:
    """A caution for each record tied to a person by the same ID number whose name is another
    (`（死亡记录的身份证号与领取人相同，但姓名为“李四”，请核实）`): the ID may be mistyped in one
    register, and the sentence must not state as fact what only the number says. Names are
    compared as matching compares them (names.name_key: spaces, full-width forms and the
    middle dot make no difference); a record without a name, or tied by probability (which
    link_note already asks to check), is not compared. Records know their table by `_table`
    (hits.py)."""
    known: dict[str, dict[str, set[str]]] = {}  # who -> ID number -> the names it goes with
    for whom, people in against.items():
        for person in people:
            id_col, name_col = _PERSON_COLUMNS.get(person.get("_table", ""), (None, None))
            key = name_key(person.get(name_col)) if name_col else None
            if id_col and person.get(id_col) and key:
                known.setdefault(whom, {}).setdefault(person[id_col], set()).add(key)
    found: dict[tuple[str, str], dict[str, str]] = {}  # (table, who) -> other names by key
    for record in records:
        table = record.get("_table", "")
        if table not in _RECORD_WORDS or record.get("_link_kind") in PROBABLE_LINKS:
            continue
        id_col, name_col = _PERSON_COLUMNS[table]
        id_no, name = record.get(id_col), record.get(name_col)
        key = name_key(name)
        if not id_no or not key:
            continue
        for whom, people in against.items():
            names = known.get(whom, {}).get(id_no)
            if names and key not in names and not any(record is p for p in people):
                found.setdefault((table, whom), {}).setdefault(key, name)
    said = [
        f"{_RECORD_WORDS[table]}的{TABLES[table].column(_PERSON_COLUMNS[table][0]).header}"
        f"与{whom}相同，但姓名为{'、'.join(f'“{n}”' for n in names.values())}"
        for (table, whom), names in found.items()
    ]
    return f"（{'；'.join(said)}，请核实）" if said else ""
