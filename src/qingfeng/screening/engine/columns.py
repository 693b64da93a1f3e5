"""Which columns of each table a run reads (issue 13 item 4, decision 0013).

A run converts and checks only these columns of the tables it loads from a folder; the other
cells are neither read nor checked by that run, except in the few rows behind its hits, whose
every column is converted and checked when their evidence is gathered (evidence.py). The office's
stored data sets (`loader.load_table`) and the load cache still check every column.

The columns are those a chosen rule's SQL names (any engine column name of the table appearing
as a word in it: generous, never short) and those the derived tables need (people, links, cadres,
ID checks), listed here beside the SQL in prepare.py, linking.py and cadres.py that reads them.
A column left out by mistake is a loud binder error, never a silent NULL: views expose only the
columns loaded.
"""

from __future__ import annotations

import re

from .contract import RAW_ID_COLUMNS, TABLES
from .needs import Needs
from .rules import Rule

_COMMENT = re.compile(r"--[^\n]*")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

# what each derived step reads, by table (prepare._PEOPLE_SQL, linking.py, cadres.py, idnumbers)
_PEOPLE = {
    "payments": {"id_no", "name", "village_code"},
    "residents": {"id_no", "birth_date", "village_code", "household_no"},
}
_LINKS = {"residents": {"id_no", "name", "birth_date", "village_code"}}
_MENTIONS = {
    "deaths": {"deaths": {"id_no", "name", "birth_date", "village_code"}},
    "officials": {"officials": {"id_no", "name", "birth_date", "village_code"}},
    "vehicles": {"vehicles": {"id_no", "name"}},
    "companies": {"companies": {"rep_id_no", "rep_name"}},
    "relatives": {
        "relatives": {"id_no", "relative_id_no"},
        "officials": {"id_no", "village_code"},
    },
}
_CADRES = {
    "officials": {"id_no", "name", "birth_date", "village_code", "category"},
    "residents": {"id_no", "name", "birth_date", "village_code"},
    "relatives": {"id_no", "relative_id_no"},
}
_ID_CHECKS = {"payments": {"id_raw"}}


def table_columns(table: str) -> list[str]:
    """Every stored column of a contract table, in the Parquet's order (raw ID columns too)."""
    out = []
    for col in TABLES[table].columns:
        out.append(col.name)
        raw = RAW_ID_COLUMNS.get(table)
        if raw and raw[0] == col.name:
            out.append(raw[1])
    return out


def columns_read(rules: list[Rule], needs: Needs) -> dict[str, frozenset[str]]:
    """Table -> the stored columns a run of `rules` reads, for each table in `needs.tables`."""
    words = {w for rule in rules for w in _WORD.findall(_COMMENT.sub("", rule.sql_template))}
    wanted: dict[str, set[str]] = {
        t: {c for c in table_columns(t) if c in words} for t in needs.tables
    }

    def add(spec: dict[str, set[str]]) -> None:
        for table, cols in spec.items():
            if table in wanted:
                wanted[table] |= cols

    if "people" in needs.derived:
        add(_PEOPLE)
    if "links" in needs.derived:
        add(_LINKS)
        for source in needs.link_sources:
            add(_MENTIONS[source])
    if "cadres" in needs.derived:
        add(_CADRES)
    if "id_checks" in needs.derived:
        add(_ID_CHECKS)
    for table, (col, raw) in RAW_ID_COLUMNS.items():
        if table in wanted and raw in wanted[table]:
            wanted[table].add(col)  # the raw text is kept beside the parsed column
    return {t: frozenset(cols) for t, cols in wanted.items()}
