"""Dirt that real registers carry: typos in ID numbers, missing IDs, name variants.

Only records of people no plant uses get noise here, so noise alone never creates a hit; it tests
that the linker does not tie a record to the wrong payee.
"""

# SQL here is assembled from the contract's own identifiers and typed, quoted parameters,
# never from text in the data files.
# ruff: noqa: S608

from __future__ import annotations

import duckdb

from .anomalies import name_variant_sql, typo_sql


def attach_identity(con: duckdb.DuckDBPyConnection) -> None:
    """Each register gets the ID and name it will be written with (noise changes these)."""
    for table in ("deaths", "officials", "vehicles", "companies"):
        con.execute(f"ALTER TABLE {table} ADD COLUMN id_out VARCHAR")
        con.execute(f"ALTER TABLE {table} ADD COLUMN name_out VARCHAR")
        con.execute(
            f"UPDATE {table} t SET id_out = p.id_no, name_out = p.name "
            f"FROM persons p WHERE p.pid = t.pid"
        )
    # a death certificate that carries neither birth date nor village (written as empty)
    con.execute("ALTER TABLE deaths ADD COLUMN bare BOOLEAN DEFAULT false")
    con.execute(
        """
        CREATE OR REPLACE TABLE relatives AS
        SELECT row_number() OVER (ORDER BY r.pid, r.relative_pid) AS rid, r.*,
               a.id_no AS id_out, b.id_no AS relative_id_out
        FROM relatives r JOIN persons a ON a.pid = r.pid JOIN persons b ON b.pid = r.relative_pid
        """
    )


def add_noise(con: duckdb.DuckDBPyConnection) -> None:
    free = "pid NOT IN (SELECT pid FROM used)"
    typo = "CASE WHEN u(pid, 'n2') < 0.3 THEN {two} ELSE {one} END".format(
        one=typo_sql("id_out", "pid", "n1"), two=typo_sql("id_out", "pid", "n2", two=True)
    )
    con.execute(
        f"""
        UPDATE deaths SET
            id_out = CASE WHEN u(pid, 'nd') < 0.02 THEN {typo}
                          WHEN u(pid, 'nd') < 0.03 THEN NULL ELSE id_out END,
            name_out = CASE WHEN strpos(name_out, '·') > 0 AND u(pid, 'nn') < 0.4
                                THEN {name_variant_sql("name_out", "pid")}
                            WHEN u(pid, 'nn') < 0.01 THEN {name_variant_sql("name_out", "pid")}
                            ELSE name_out END
        WHERE {free}
        """
    )
    con.execute(
        f"""
        UPDATE officials SET id_out = CASE WHEN u(pid, 'no') < 0.02 THEN {typo}
                                           WHEN u(pid, 'no') < 0.03 THEN NULL ELSE id_out END
        WHERE {free}
        """
    )
    con.execute(
        f"""
        UPDATE relatives SET relative_id_out = {typo_sql("relative_id_out", "rid", "nr")}
        WHERE u(rid, 'nr') < 0.01 AND {free} AND relative_pid NOT IN (SELECT pid FROM used)
        """
    )
    con.execute(f"UPDATE vehicles SET id_out = {typo} WHERE u(pid, 'nv') < 0.02 AND {free}")
    con.execute(f"UPDATE companies SET id_out = {typo} WHERE u(pid, 'nc') < 0.01 AND {free}")
    # payment registers spell some transliterated names differently
    con.execute(
        f"""
        UPDATE pay SET name = {name_variant_sql("name", "pid")}
        WHERE strpos(name, '·') > 0 AND u(pid, 'np') < 0.3
        """
    )
