"""Turning a rule's rows (one per record behind a hit) into hits with a sentence and evidence."""

# SQL here is assembled from the contract's own identifiers and typed, quoted parameters,
# never from text in the data files.
# ruff: noqa: S608

from __future__ import annotations

import datetime as dt
import functools
import json
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .backends import Backend
from .contract import TABLES
from .params import ParamValue
from .places import FILE, LINE
from .prepare import columns_of
from .rules import OUTPUT_COLUMNS, HitFacts, Rule

# evidence lists tables in this order: who the person is first, the money last
EVIDENCE_ORDER = (
    "deaths",
    "officials",
    "relatives",
    "residents",
    "vehicles",
    "companies",
    "contracts",
    "standards",
    "payments",
)
HIT_COLUMNS = ("rule", "subject", "village_code", "summary", "evidence")
# where an evidence record is: its row as Excel shows it, and for a table given in parts (a
# zip's members, several files) the part it is in, as the loader's messages name it
ROW_KEY = "行号"
FILE_KEY = "所在文件"


@dataclass(frozen=True)
class Hit:
    rule: str
    subject: str
    village_code: str
    summary: str
    # JSON: table label -> records, each with its file row number (行号), and for a table in
    # parts the file it is in (所在文件)
    evidence: str
    fuzzy: bool = False  # some record behind the hit was linked by probability

    def as_row(self) -> dict[str, str]:
        return {c: getattr(self, c) for c in HIT_COLUMNS}


def collect_hits(backend: Backend, rule: Rule, params: dict[str, ParamValue]) -> list[Hit]:
    """Run the rule on the backend and build its hits, sorted by subject."""
    rows = rule_rows(backend, rule, params)
    if not rows:
        return []
    return build_hits(rule, rows, fetch_records(backend, rows), params)


def rule_rows(backend: Backend, rule: Rule, params: dict[str, ParamValue]) -> list[tuple[Any, ...]]:
    """The rule's rows: one per record behind a hit (OUTPUT_COLUMNS)."""
    columns = ", ".join(OUTPUT_COLUMNS)
    return backend.rows(f"SELECT DISTINCT {columns} FROM ({rule.sql(params)}) AS rule_rows")


def hit_count(rule: Rule, rows: list[tuple[Any, ...]]) -> int:
    """How many hits the rows make (as build_hits groups them)."""
    return len(_groups(rule, rows))


def build_hits(
    rule: Rule,
    rows: list[tuple[Any, ...]],
    records: dict[tuple[str, int], dict[str, Any]],
    params: dict[str, ParamValue],
) -> list[Hit]:
    """Hits of a rule from its rows and the records they point at (fetch_records)."""
    hits = [
        _hit(rule, subject, village, group, records, params)
        for (subject, village), group in _groups(rule, rows).items()
    ]
    return sorted(hits, key=lambda h: (h.subject, h.village_code))


def _groups(
    rule: Rule, rows: list[tuple[Any, ...]]
) -> dict[tuple[str, str | None], list[tuple[Any, ...]]]:
    groups: dict[tuple[str, str | None], list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        subject = row[0] if row[0] is not None else "(空)"
        key = (subject, row[1] if rule.per_village else None)
        groups[key].append(row)
    return groups


def fetch_records(
    backend: Backend, rows: list[tuple[Any, ...]]
) -> dict[tuple[str, int], dict[str, Any]]:
    """Every record the rows point at, by (table, row_id), fetched on the rules' own engine:
    one pass over each table for all the rules of a run (a pass over 6M payments costs more than
    most rules)."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for row in rows:
        wanted[row[2]].add(row[3])
    out: dict[tuple[str, int], dict[str, Any]] = {}
    for table in sorted(wanted):
        cols = columns_of(table)
        for values in backend.records(table, cols, sorted(wanted[table])):
            record = dict(zip(cols, values, strict=True))
            out[(table, record["row_id"])] = record
    return out


def _hit(
    rule: Rule,
    subject: str,
    village: str | None,
    rows: list[tuple[Any, ...]],
    records: dict[tuple[str, int], dict[str, Any]],
    params: dict[str, ParamValue],
) -> Hit:
    by_table: dict[str, dict[int, dict[str, Any]]] = defaultdict(dict)
    for _subject, _village, src, row_id, link_kind, link_prob in sorted(rows, key=_row_order):
        if row_id in by_table[src]:
            continue
        record = dict(records[(src, row_id)])
        record["_table"] = src  # whose record it is, for the summary (rules/_text.py)
        if link_kind:
            record["_link_kind"], record["_link_prob"] = link_kind, link_prob
        by_table[src][row_id] = record
    ordered = {
        t: [by_table[t][k] for k in sorted(by_table[t])] for t in EVIDENCE_ORDER if t in by_table
    }
    if village is None:
        villages = sorted(v for r in rows if (v := r[1]))
        village = villages[0] if villages else ""
    facts = HitFacts(subject=subject, village_code=village, records=ordered, params=params)
    evidence = {TABLES[t].label: [_evidence_record(t, r) for r in rs] for t, rs in ordered.items()}
    return Hit(
        rule=rule.code,
        subject=subject,
        village_code=village or "",
        summary=rule.summarize(facts),
        evidence=json.dumps(evidence, ensure_ascii=False, separators=(",", ":")),
        fuzzy=facts.fuzzy,
    )


def _row_order(row: tuple[Any, ...]) -> tuple[Any, ...]:
    # exact links before fuzzy ones, then the most probable, so the record shows its best link
    kind_rank = {"exact": 0, "fuzzy": 1, "name_unique": 2}.get(row[4], 3)
    return (row[2], row[3], kind_rank, -(row[5] or 0.0))


@functools.cache
def _shown_columns(table: str) -> tuple[tuple[str, str, bool], ...]:
    """(record key, header, optional) of each column a record of `table` shows, in order."""
    return tuple(
        # a payee's ID as given in the file
        (
            "id_raw" if table == "payments" and col.name == "id_no" else col.name,
            col.header,
            col.optional,
        )
        for col in TABLES[table].columns
    )


def _evidence_record(table: str, record: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if record.get(FILE):  # a table in parts: the part, and the row within it (places.py)
        out[FILE_KEY] = record[FILE]
    out[ROW_KEY] = record.get(LINE, record["row_id"])
    for name, header, optional in _shown_columns(table):
        value = record.get(name)
        if value is None:
            if not optional:
                out[header] = None
        elif isinstance(value, str | int | float):
            out[header] = value
        else:
            out[header] = _json_value(value)
    kind = record.get("_link_kind")
    if kind == "exact":
        out["关联方式"] = "身份证号一致"
    elif kind in ("fuzzy", "name_unique"):
        out["关联方式"] = "模糊匹配" if kind == "fuzzy" else "姓名唯一匹配"
        out["匹配概率"] = round(float(record["_link_prob"]), 4)
    return out


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return value
