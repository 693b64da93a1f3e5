"""Deterministic randomness inside DuckDB: every draw is a hash of (key, salt, seed).

No generator state, so results do not depend on thread scheduling or row order.
"""

# SQL here is assembled from the contract's own identifiers and typed, quoted parameters,
# never from text in the data files.
# ruff: noqa: S608

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import pyarrow as pa


def install_macros(con: duckdb.DuckDBPyConnection, seed: int) -> None:
    # one string hashed, not hash(a, b): DuckDB combines multi-argument hashes so cheaply that
    # orderings by hash(k, 'a') and hash(k, 'b') come out almost the same
    con.execute(
        f"CREATE OR REPLACE MACRO hx(k, salt) AS "
        f"hash(CAST(k AS VARCHAR) || '|' || salt || '|{int(seed)}')"
    )
    con.execute("CREATE OR REPLACE MACRO u(k, salt) AS (hx(k, salt) % 1000003) / 1000003.0")
    con.execute(
        "CREATE OR REPLACE MACRO ri(k, salt, n) AS CAST(hx(k, salt) % CAST(n AS UBIGINT) AS BIGINT)"
    )


def sql_list(values: Sequence[str]) -> str:
    """A DuckDB list literal; pick with `{list}[1 + ri(k, 'salt', n)]`."""
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def put_arrow(con: duckdb.DuckDBPyConnection, name: str, columns: dict[str, list]) -> None:
    """Create table `name` from Python lists (through Arrow: no row-by-row inserts)."""
    con.register("__gen_arrow", pa.table(columns))
    con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM __gen_arrow")
    con.unregister("__gen_arrow")


def count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    return int(con.execute(sql).fetchall()[0][0])
