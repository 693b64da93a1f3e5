"""Every column of the few rows behind a run's hits, for tables loaded with only some columns.

A run converts and checks only the columns it reads (columns.py); the evidence of a hit shows
the whole record. When the CSV part holds one record a line (no quote character, as many lines
as records), its rows are taken from it again by their line and converted and checked by the
same SQL as a full load; otherwise the whole file is converted again. A bad cell in such a row
is an error naming its real row and column, as a full load would have raised it.
"""

# SQL here is assembled from the contract's own identifiers and file paths of the work folder,
# never from text in the data files.
# ruff: noqa: S608

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any

import duckdb

from .contract import FIRST_ROW, TABLES, Kind
from .errors import DataError, DataProblem
from .lists import drop_list_table, list_table
from .loader import (
    _SCIENTIFIC,
    LONG_CODES,
    LoadedData,
    _bad_message,
    _load_parts,
    _long_message,
    _stored,
)
from .sniff import Part

_CHUNK = 1 << 24


def complete_rows(
    con: duckdb.DuckDBPyConnection,
    loaded: LoadedData,
    wanted: dict[str, set[int]],
    line_ends: dict[str, LineEnds] | None = None,
) -> None:
    """Re-point the view of each partly loaded table with wanted rows at those rows with every
    column (row_id first, as columns_of gives them). Raises DataError on a bad cell in them.
    `line_ends`: the line ends counted since the load (start_line_ends)."""
    problems: list[DataProblem] = []
    for table in sorted(wanted):
        part = loaded.partial.get(table)
        if part is None or not wanted[table]:
            continue
        rows = sorted(wanted[table])
        problems += _complete(con, loaded, table, part, rows, (line_ends or {}).get(table))
    if problems:
        raise DataError(problems)


def _complete(
    con: duckdb.DuckDBPyConnection,
    loaded: LoadedData,
    table: str,
    part: Part,
    rows: list[int],
    line_ends: LineEnds | None = None,
) -> list[DataProblem]:
    work = loaded.work_dir
    full = work / f"{table}.evidence.parquet"
    lines = _lines(part.path, rows, loaded.rows[table], line_ends)
    if lines is not None:
        small = work / "scratch" / f"{table}.evidence.csv"
        small.write_bytes(b"".join(lines))
        found, _n = _load_parts(con, TABLES[table], [(small, part.shown)], full, keep_bad=True)
        if not _header_or_file_problem(found):
            list_table(con, "__qf_ev_rows", {"row_id": ("BIGINT", rows)})
            con.execute(
                f"CREATE OR REPLACE TEMP TABLE __qf_ev_{table} AS SELECT m.row_id, e.* "
                f"FROM read_parquet('{_lit(full)}', file_row_number=true) e "
                f"JOIN (SELECT row_id, row_number() OVER (ORDER BY row_id) - 1 AS i "
                f"FROM __qf_ev_rows) m ON m.i = e.file_row_number"
            )
            drop_list_table(con, "__qf_ev_rows")
            return _point(con, table, part, rows)
    # fallback: the whole file, every column (its row numbers are those the run used)
    _load_parts(con, TABLES[table], [(part.path, part.shown)], full, keep_bad=True)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE __qf_ev_{table} AS "
        f"SELECT file_row_number + {FIRST_ROW} AS row_id, * EXCLUDE (file_row_number) "
        f"FROM read_parquet('{_lit(full)}', file_row_number=true) "
        f"WHERE file_row_number + {FIRST_ROW} IN ({', '.join(str(r) for r in rows)})"
    )
    return _point(con, table, part, rows)


def _header_or_file_problem(problems: list[DataProblem]) -> bool:
    """A problem that is not a cell's (a header, or a row DuckDB cannot read)."""
    return any(p.row in (None, 1) or p.column is None for p in problems)


def _point(
    con: duckdb.DuckDBPyConnection, table: str, part: Part, rows: list[int]
) -> list[DataProblem]:
    """Point the table's view at the completed rows; the bad cells among them as problems."""
    spec = TABLES[table]
    problems = []
    names = set(
        c for (c,) in con.execute(f"SELECT column_name FROM (DESCRIBE __qf_ev_{table})").fetchall()
    )
    for col in spec.columns:
        if f"__bad_{col.name}" not in names:
            continue
        for row_id, value in con.execute(
            f"SELECT row_id, __bad_{col.name} FROM __qf_ev_{table} "
            f"WHERE __bad_{col.name} IS NOT NULL ORDER BY row_id"
        ).fetchall():
            problems.append(DataProblem(part.shown, row_id, col.header, _bad_message(col, value)))
    for col in spec.columns:  # an ID or account Excel kept as a number (3.30803E+17)
        if col.name not in names or not (col.kind is Kind.ID or col.name in LONG_CODES):
            continue
        for row_id, value in con.execute(
            f"SELECT row_id, {col.name} FROM __qf_ev_{table} "
            f"WHERE contains({col.name}, '+') ORDER BY row_id"
        ).fetchall():
            if re.fullmatch(_SCIENTIFIC, value):
                problems.append(DataProblem(part.shown, row_id, col.header, _long_message(value)))
    cols = ", ".join(["row_id", *_stored(spec)])
    con.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT {cols} FROM __qf_ev_{table}")
    return problems


class LineEnds:
    """The byte offset of every line end of a CSV part, counted in a background thread from the
    moment its table is loaded. The rows behind hits are known only once the rules have run; file
    reads and numpy's comparisons release the GIL, so the count overlaps linking (Python and
    Splink) instead of following the rules. Only for parts up to loader.MEMORY_MAX_BYTES (4 bytes
    an offset: 25 MB for a county's payments)."""

    def __init__(self, path: Path, counted: tuple[Any, int, bytes] | None = None) -> None:
        """`counted`: the line ends already counted (by gaps.scan): no thread then."""
        self.path = path
        self._found: tuple[Any, int, bytes] | None = counted
        self._thread = None
        if counted is None:
            self._thread = threading.Thread(target=self._count, daemon=True)
            self._thread.start()

    def _count(self) -> None:
        try:
            self._found = _line_ends(self.path)
        except (OSError, ValueError, MemoryError):
            self._found = None  # _lines says None: the whole file is converted again

    def get(self) -> tuple[Any, int, bytes] | None:
        if self._thread is not None:
            self._thread.join()
        return self._found


def start_line_ends(loaded: LoadedData) -> dict[str, LineEnds]:
    """LineEnds of each partly loaded table's CSV part, started now."""
    from .loader import MEMORY_MAX_BYTES

    out = {}
    for table, part in loaded.partial.items():
        try:
            small = part.path.stat().st_size <= MEMORY_MAX_BYTES
        except OSError:
            continue
        if small:
            out[table] = LineEnds(part.path, part.line_ends)
    return out


def _line_ends(path: Path) -> tuple[Any, int, bytes] | None:
    """(offsets of every line end as one array, file size, last byte), or None when the file
    holds a quote character (a quoted cell may span lines). Line ends are counted by numpy a
    chunk at a time (about 0.3 s for a 600 MB file; Python's bytes.count takes several times
    that)."""
    import numpy as np

    parts, size, last = [], 0, b""
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            if b'"' in chunk:
                return None
            ends = np.flatnonzero(np.frombuffer(chunk, np.uint8) == 10) + size
            parts.append(ends.astype(np.uint32 if size + len(chunk) < 1 << 32 else np.int64))
            size, last = size + len(chunk), chunk[-1:]
    ends = np.concatenate(parts) if parts else np.zeros(0, np.int64)
    return ends, size, last


def _lines(
    path: Path, rows: list[int], records: int, found: LineEnds | None = None
) -> list[bytes] | None:
    """The header line and the lines holding the given rows (row 2 is the second line), or None
    unless the file is one record a line: no quote character (a quoted cell may span lines) and
    exactly `records` lines after the header (DuckDB skips blank lines, say). The line ends come
    from `found` (counted while the run linked) or are counted now."""
    counted = found.get() if found is not None else _line_ends(path)
    if counted is None:
        return None
    ends, size, last = counted
    if size == 0 or len(ends) + (last != b"\n") != records + 1:
        return None
    out = []
    with path.open("rb") as f:
        for t in [1, *rows]:
            if t >= 2 and t - 2 >= len(ends):
                return None  # no such row
            begin = int(ends[t - 2]) + 1 if t >= 2 else 0
            if begin >= size:
                return None
            f.seek(begin)
            if t - 1 < len(ends):
                out.append(f.read(int(ends[t - 1]) + 1 - begin))
            else:  # the last line, without a line end
                out.append(f.read() + b"\n")
    return out


def _lit(path: Path) -> str:
    return str(path).replace("'", "''")
