"""The records behind a run's hits, kept in the version so that next month reads only new ones.

A hit's evidence shows every column of the records behind it (hits.fetch_records). Those
records are spread over the whole payments file (an ongoing case is paid every month), so
fetching them is a pass over every row of the table, whatever their number. A run with a
version keeps them (`records/<table>.parquet`, every column, by row_id); next run takes a
record from there when its table is the same as then, or grew and the record is among the rows
it had (rows appended never change the rows before them), and fetches only the others, which a
row_id range keeps to the new segment (DuckDB prunes Parquet row groups by the range).

DuckDB only: the records live in temp tables `__qf_rec_<table>` of the run's connection until the
version is written.
"""

# SQL here is assembled from the contract's own identifiers and the engine's own file paths,
# never from text in the data files.
# ruff: noqa: S608

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from .contract import FIRST_ROW
from .lists import drop_list_table, list_table
from .prepare import columns_of
from .versions import Change

if TYPE_CHECKING:
    from .partial import Plan

RECORDS_DIR = "records"


class RecordStore:
    """Records by (table, row_id): from the previous version where still valid, else fetched."""

    def __init__(self, con: duckdb.DuckDBPyConnection, plan: Plan | None) -> None:
        self.con, self.plan = con, plan
        self.tables: set[str] = set()  # tables with a __qf_rec_<table>

    def _valid_below(self, table: str) -> int | None:
        """Row ids below this are the same records as in the previous version (None: none)."""
        if self.plan is None or table not in self.plan.tables:
            return None
        change = self.plan.tables[table]
        if change.change is Change.SAME:
            return 1 << 62
        if change.change is Change.APPENDED:
            return change.rows_before + FIRST_ROW
        return None

    def _previous(self, table: str) -> Path | None:
        if self.plan is None:
            return None
        path = self.plan.previous.folder / RECORDS_DIR / f"{table}.parquet"
        return path if path.is_file() else None

    def fetch(self, rows: list[tuple[Any, ...]]) -> dict[tuple[str, int], dict[str, Any]]:
        """Every record the rows (OUTPUT_COLUMNS) point at, as hits.fetch_records gives them."""
        wanted: dict[str, set[int]] = defaultdict(set)
        for row in rows:
            wanted[row[2]].add(row[3])
        out: dict[tuple[str, int], dict[str, Any]] = {}
        for table in sorted(wanted):
            self._gather(table, wanted[table])
            cols = columns_of(table)
            ids = _ids(self.con, wanted[table])
            found = self.con.execute(
                f"SELECT {', '.join('r.' + c for c in cols)} FROM __qf_rec_{table} r "
                f"JOIN {ids} i ON i.row_id = r.row_id"
            ).fetchall()
            drop_list_table(self.con, ids)
            for values in found:
                record = dict(zip(cols, values, strict=True))
                out[(table, record["row_id"])] = record
        return out

    def _gather(self, table: str, row_ids: set[int]) -> None:
        """Add the wanted records to __qf_rec_<table>: the previous version's, then the rest."""
        cols = ", ".join(columns_of(table))
        rec = f"__qf_rec_{table}"
        if table not in self.tables:
            typed = ", ".join(f"{name} {typ}" for name, typ in _schema(table))
            self.con.execute(f"CREATE OR REPLACE TEMP TABLE {rec} ({typed})")
            self.tables.add(table)
        ids = _ids(self.con, row_ids)
        previous, below = self._previous(table), self._valid_below(table)
        if previous is not None and below is not None:
            self.con.execute(
                f"INSERT INTO {rec} SELECT {cols} FROM read_parquet('{_lit(previous)}') "
                f"WHERE row_id < {int(below)} AND row_id IN (SELECT row_id FROM {ids}) "
                f"AND row_id NOT IN (SELECT row_id FROM {rec})"
            )
        missing = sorted(
            r
            for (r,) in self.con.execute(
                f"SELECT row_id FROM {ids} WHERE row_id NOT IN (SELECT row_id FROM {rec})"
            ).fetchall()
        )
        drop_list_table(self.con, ids)
        if missing:
            ids = _ids(self.con, set(missing))
            # the range lets DuckDB skip the row groups outside it (the new rows are at the end)
            self.con.execute(
                f"INSERT INTO {rec} SELECT {', '.join('t.' + c for c in columns_of(table))} "
                f"FROM {table} t JOIN {ids} i ON i.row_id = t.row_id "
                f"WHERE t.row_id BETWEEN {int(missing[0])} AND {int(missing[-1])}"
            )
            drop_list_table(self.con, ids)

    def save(self, folder: Path, rows: dict[str, list[tuple[Any, ...]]]) -> None:
        """Write the records behind every rule's rows into `folder`/records (a version being
        written)."""
        wanted: dict[str, set[int]] = defaultdict(set)
        for rule_rows in rows.values():
            for row in rule_rows:
                wanted[row[2]].add(row[3])
        out = folder / RECORDS_DIR
        out.mkdir(exist_ok=True)
        for table in sorted(wanted):
            self._gather(table, wanted[table])
            ids = _ids(self.con, wanted[table])
            path = _lit(out / f"{table}.parquet")
            self.con.execute(
                f"COPY (SELECT r.* FROM __qf_rec_{table} r WHERE r.row_id IN "
                f"(SELECT row_id FROM {ids}) ORDER BY r.row_id) TO '{path}' (FORMAT parquet)"
            )
            drop_list_table(self.con, ids)


def _schema(table: str) -> list[tuple[str, str]]:
    from .contract import TABLES, engine_schema
    from .prepare import DERIVED_SCHEMAS

    return DERIVED_SCHEMAS.get(table) or engine_schema(TABLES[table])


def _ids(con: duckdb.DuckDBPyConnection, row_ids: set[int]) -> str:
    name = "__qf_rec_ids"
    return list_table(con, name, {"row_id": ("BIGINT", sorted(row_ids))})


def _lit(path: Path) -> str:
    return str(path).replace("'", "''")
