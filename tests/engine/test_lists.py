"""Python lists into DuckDB temp tables (lists.py): types, NULLs, empty lists, Chinese text."""

from __future__ import annotations

import datetime

import duckdb

from qingfeng.screening.engine.lists import drop_list_table, list_table


def test_columns_keep_their_types_and_nulls() -> None:
    con = duckdb.connect()
    name = list_table(
        con,
        "__t",
        {
            "id": ("VARCHAR", ["110101199001011234", None, "王小二"]),
            "row_id": ("BIGINT", [2, 3, 2**62]),
            "prob": ("DOUBLE", [0.5, None, 1]),
            "day": ("DATE", [datetime.date(2026, 1, 31), None, datetime.date(1900, 2, 28)]),
            "fuzzy": ("BOOLEAN", [True, False, None]),
        },
    )
    assert name == "__t"
    assert con.execute("SELECT * FROM __t ORDER BY row_id").fetchall() == [
        ("110101199001011234", 2, 0.5, datetime.date(2026, 1, 31), True),
        (None, 3, None, None, False),
        ("王小二", 2**62, 1.0, datetime.date(1900, 2, 28), None),
    ]
    assert [t for _n, t, *_ in con.execute("DESCRIBE __t").fetchall()] == [
        "VARCHAR", "BIGINT", "DOUBLE", "DATE", "BOOLEAN"
    ]  # fmt: skip
    drop_list_table(con, name)
    assert not con.execute("SELECT * FROM duckdb_tables() WHERE table_name = '__t'").fetchall()


def test_empty_lists_and_a_long_column_of_nulls_then_text() -> None:
    con = duckdb.connect()
    list_table(con, "__e", {"k": ("VARCHAR", []), "n": ("BIGINT", [])})
    assert con.execute("SELECT count(*) FROM __e").fetchall() == [(0,)]
    values = [None] * 5000 + ["尾"]
    list_table(con, "__n", {"k": ("VARCHAR", values)})
    assert con.execute("SELECT count(*), max(k) FROM __n").fetchall() == [(5001, "尾")]
    views = con.execute("SELECT * FROM duckdb_views() WHERE view_name LIKE '__qf_np%'")
    assert not views.fetchall()
