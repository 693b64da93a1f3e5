"""Derived tables every rule can read, computed once in DuckDB and written to Parquet.

- an empty table for each contract table not given, so rule SQL never breaks on a missing table;
- `people`: one row per payee ID with name, village, birth date and household;
- `id_checks`: every payee ID string as given that fails GB 11643, and why (idnumbers.py);
- `links`: who in the other registers is which payee (see linking.py).

Spark reads the same Parquet, so both engines see identical derived tables.
"""

# SQL here is assembled from the contract's own identifiers and typed, quoted parameters,
# never from text in the data files.
# ruff: noqa: S608

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from .backends import DuckDBBackend
from .cadres import SCHEMAS as CADRE_SCHEMAS
from .contract import TABLES, engine_schema, stored_schema
from .idnumbers import check_digit_sql, problems_table
from .linking import BIRTH_FROM_ID, LINK_THRESHOLD, LinkStats, build_links
from .loader import LoadedData
from .needs import Needs, everything
from .progress import Progress, Stage, silent

if TYPE_CHECKING:
    from .partial import Plan

DERIVED_SCHEMAS: dict[str, list[tuple[str, str]]] = {
    "people": [
        ("id_no", "VARCHAR"),
        ("name", "VARCHAR"),
        ("village_code", "VARCHAR"),
        ("birth_date", "DATE"),
        ("household", "VARCHAR"),
    ],
    "id_checks": [("id_key", "VARCHAR"), ("problem", "VARCHAR")],
    "links": [
        ("src", "VARCHAR"),
        ("row_id", "BIGINT"),
        ("role", "VARCHAR"),
        ("person_id", "VARCHAR"),
        ("kind", "VARCHAR"),
        ("probability", "DOUBLE"),
    ],
    **CADRE_SCHEMAS,
}

_PEOPLE_SQL = f"""
WITH payee AS (
    -- name and village as on the payee's first row, in one pass (arg_min_null keeps a NULL)
    SELECT id_no, arg_min_null(name, row_id) AS name,
           arg_min_null(village_code, row_id) AS village_code
    FROM __PAYMENTS__ WHERE id_no IS NOT NULL GROUP BY id_no
), resident AS (
    SELECT id_no, min(birth_date) AS birth_date,
           min(village_code || ':' || household_no) AS household
    FROM residents WHERE id_no IS NOT NULL GROUP BY id_no
)
SELECT p.id_no, p.name, p.village_code,
       -- the ID's own birth date when it passes its check character; else the register's,
       -- which a typo in the ID's date digits (the check character catches it) leaves right
       coalesce(
           CASE WHEN regexp_full_match(p.id_no, '[0-9]{{17}}[0-9X]')
                 AND substr(p.id_no, 18, 1) = {check_digit_sql("p.id_no")}
                THEN {BIRTH_FROM_ID.format(c="p.id_no")} END,
           r.birth_date, {BIRTH_FROM_ID.format(c="p.id_no")}) AS birth_date,
       coalesce(r.household, 'id:' || p.id_no) AS household
FROM payee p LEFT JOIN resident r ON r.id_no = p.id_no
"""


def table_paths(loaded: LoadedData) -> dict[str, Path]:
    """Every table a rule may read, present or empty, as Parquet."""
    return {**{t: loaded.work_dir / f"{t}.parquet" for t in TABLES}, **_derived(loaded)}


def _derived(loaded: LoadedData) -> dict[str, Path]:
    return {t: loaded.work_dir / f"{t}.parquet" for t in DERIVED_SCHEMAS}


def columns_of(table: str) -> list[str]:
    schema = DERIVED_SCHEMAS.get(table) or engine_schema(TABLES[table])
    return [name for name, _ in schema]


def prepare(
    con: duckdb.DuckDBPyConnection,
    loaded: LoadedData,
    progress: Progress = silent,
    link_threshold: float = LINK_THRESHOLD,
    needs: Needs | None = None,
    predict: Callable[[duckdb.DuckDBPyConnection], None] | None = None,
    plan: Plan | None = None,
) -> LinkStats:
    """Write empty and derived tables next to the loaded ones; return linking statistics.

    Only the derived tables in `needs` are computed (all when None); the others are written
    empty, like the contract tables not given, so that every rule's SQL still binds. With a
    `plan` (partial.py), derived tables are re-used from the previous version where their
    inputs are the same, and `plan.derived` says how each compares with the previous one."""
    needs = needs or everything()
    derived = needs.derived
    for name, table in TABLES.items():
        if not loaded.has(name):
            _write_empty(con, loaded.work_dir / f"{name}.parquet", stored_schema(table))
    backend = DuckDBBackend(con, loaded.memory)
    for name in TABLES:
        path = loaded.work_dir / f"{name}.parquet"
        backend.register(name, path, loaded.view_columns(name) or columns_of(name))
    from .derived_steps import DerivedSteps

    stats = LinkStats()
    derived_tables = DerivedSteps(con, loaded, plan)
    if "people" in derived:
        progress(0.05, "汇总领取人")
        derived_tables.people()
    if "id_checks" in derived:
        derived_tables.id_checks()
    if "links" in derived:
        stats = derived_tables.links(
            lambda sources, only=None: build_links(
                con, link_threshold, Stage(progress, 0.1, 0.95), sources, predict, only
            ),
            needs.link_sources,
        )
    if "cadres" in derived:
        derived_tables.cadres()
    for name in DERIVED_SCHEMAS:
        out = loaded.work_dir / f"{name}.parquet"
        if name not in derived:
            _write_empty(con, out, DERIVED_SCHEMAS[name])
            continue
        if name in derived_tables.placed:
            con.execute(f"DROP VIEW {name}")
            continue
        cols = ", ".join(columns_of(name))
        path = str(out).replace("'", "''")
        out.unlink(missing_ok=True)  # never write through a hard link to a kept version
        con.execute(f"COPY (SELECT {cols} FROM {name} ORDER BY ALL) TO '{path}' (FORMAT parquet)")
        con.execute(f"DROP TABLE {name}")
    return stats


def people_sql(payments: str = "payments") -> str:
    return _PEOPLE_SQL.replace("__PAYMENTS__", payments)


def id_checks_sql(con: duckdb.DuckDBPyConnection, payments: str = "payments") -> str:
    """Check the payee IDs as given of `payments`; the query selecting those that fail."""
    problems_table(con, f"SELECT coalesce(id_raw, '') FROM {payments}", "__qf_id_verdicts")
    return "SELECT id AS id_key, problem FROM __qf_id_verdicts WHERE problem IS NOT NULL"


def _write_empty(con: duckdb.DuckDBPyConnection, out: Path, schema: list[tuple[str, str]]) -> None:
    cols = ", ".join(f"CAST(NULL AS {typ}) AS {name}" for name, typ in schema)
    path = str(out).replace("'", "''")
    out.unlink(missing_ok=True)  # never write through a hard link to a kept version
    con.execute(f"COPY (SELECT {cols} LIMIT 0) TO '{path}' (FORMAT parquet)")
