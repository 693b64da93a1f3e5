"""Python lists into DuckDB tables without pyarrow.

Building an Arrow array from a Python list makes pyarrow import pandas (0.2 s) to ask whether
the list is a pandas Series; a run without linking needs pandas nowhere else. A list passed as
one DuckDB list parameter and unnested costs a few hundredths of a second for 100k values.
"""

# SQL here names the caller's own temp tables, columns and DuckDB types; values are parameters.

from __future__ import annotations

from typing import Any

import duckdb


def list_table(
    con: duckdb.DuckDBPyConnection, name: str, columns: dict[str, tuple[str, list[Any]]]
) -> str:
    """Temp table `name` from equally long lists: column -> (DuckDB type, values). Returns
    `name`; drop it with `drop_list_table`."""
    select = ", ".join(
        f"unnest(${i}::{sql_type}[]) AS {column}"
        for i, (column, (sql_type, _values)) in enumerate(columns.items(), 1)
    )
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT {select}",
        [list(values) for _type, values in columns.values()],
    )
    return name


def drop_list_table(con: duckdb.DuckDBPyConnection, name: str) -> None:
    con.execute(f"DROP TABLE IF EXISTS {name}")
