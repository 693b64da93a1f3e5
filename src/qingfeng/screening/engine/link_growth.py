"""Which records to link again when the payees only grew (derived_steps.py).

A record's link depends on the record, the payees, the residents register and (relatives) the
officials, never on the other records (linking.py). When the residents and officials are the
same and next month only adds payees, a record kept from last month can link otherwise only if
a new payee

- carries its ID (an exact link, before any fuzzy one),
- is paired with it by one of Splink's blocking rules (the new payee becomes a candidate, or a
  rival that leaves the record unlinked): the same rules on the same columns as linking.py, so
  a record no rule pairs with a new payee has the same candidates and scores as before, or
- carries its name (a name unique in the county becomes shared, or its one carrier, a resident,
  becomes a payee and the record links by name).

Those records, the new records of a grown register and every record of a changed register are
linked again; the others keep their links. tests/engine/test_link_growth.py compares with a
full relink.
"""

# SQL here is assembled from the contract's own identifiers, linking.py's blocking rules and the
# engine's own file paths, never from text in the data files.
# ruff: noqa: S608

from __future__ import annotations

from pathlib import Path

import duckdb

from .contract import FIRST_ROW
from .idnumbers import problems_table
from .linking import _DOT_CLASS, _MENTIONS, BIRTH_FROM_ID, _settings, name_table
from .names import name_key

RELINK = "__qf_relink"


def relink_set(
    con: duckdb.DuckDBPyConnection,
    sources: frozenset[str],
    previous_people: Path,
    grown: dict[str, int],
    changed: set[str],
) -> int:
    """Create temp table __qf_relink(src, row_id) of the records to link again; their count.

    `grown` maps a register that only grew to its rows before; `changed` names registers whose
    every record is linked again. The views of the registers and `people` must exist."""
    parts = [_MENTIONS[s] for s in sorted(sources)]
    con.execute(f"CREATE OR REPLACE TEMP TABLE __qf_gm AS {' UNION ALL '.join(parts)}")
    con.execute(
        "CREATE OR REPLACE TEMP TABLE __qf_gp AS SELECT * FROM people WHERE id_no NOT IN "
        f"(SELECT id_no FROM read_parquet('{_lit(previous_people)}'))"
    )
    _names(con)
    problems_table(
        con, "SELECT id_no FROM __qf_gm UNION ALL SELECT id_no FROM __qf_gp", "__qf_gcheck"
    )
    key = f"regexp_replace({{c}}, '{_DOT_CLASS}', '', 'g')"
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE __qf_gl AS
        SELECT m.src, m.row_id, m.id_no, n.name_key, n.name_py,
               strftime(coalesce(m.record_birth, CASE WHEN c.problem IS NULL
                                 THEN {BIRTH_FROM_ID.format(c="m.id_no")} END), '%Y-%m-%d')
                   AS birth_date,
               m.village_code, substr(m.village_code, 1, 9) AS township
        FROM __qf_gm m
        LEFT JOIN __qf_gnames n ON n.name = m.name
        LEFT JOIN __qf_gcheck c ON c.id = m.id_no
        """
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE __qf_gr AS
        SELECT p.id_no, n.name_key, n.name_py, strftime(p.birth_date, '%Y-%m-%d') AS birth_date,
               p.village_code, substr(p.village_code, 1, 9) AS township,
               {key.format(c="p.name")} AS pool_key
        FROM __qf_gp p LEFT JOIN __qf_gnames n ON n.name = p.name
        """
    )
    blocks = _settings()["blocking_rules_to_generate_predictions"]
    paired = [
        f"SELECT l.src, l.row_id FROM __qf_gl l JOIN __qf_gr r ON {rule}"
        for rule in [*blocks, "l.id_no = r.id_no", "l.name_key = r.pool_key"]  # type: ignore[misc]
    ]
    fresh = [
        f"SELECT src, row_id FROM __qf_gm WHERE src = '{s}' AND row_id >= {int(b) + FIRST_ROW}"
        for s, b in grown.items()
    ] + [f"SELECT src, row_id FROM __qf_gm WHERE src = '{s}'" for s in sorted(changed)]
    con.execute(f"CREATE OR REPLACE TEMP TABLE {RELINK} AS {' UNION '.join([*paired, *fresh])}")
    for table in ("__qf_gm", "__qf_gp", "__qf_gnames", "__qf_gcheck", "__qf_gl", "__qf_gr"):
        con.execute(f"DROP TABLE {table}")
    return int(con.execute(f"SELECT count(*) FROM {RELINK}").fetchall()[0][0])


def _names(con: duckdb.DuckDBPyConnection) -> None:
    """__qf_gnames(name, name_key, name_py) for the names of the records and the new payees,
    as linking._name_keys computes them."""
    rows = con.execute(
        "SELECT DISTINCT name FROM (SELECT name FROM __qf_gm UNION ALL SELECT name FROM __qf_gp) "
        "WHERE name IS NOT NULL"
    ).fetchall()
    names = [n for (n,) in rows]
    name_table(con, "__qf_gnames", names, [name_key(n) for n in names])


def _lit(path: Path) -> str:
    return str(path).replace("'", "''")
