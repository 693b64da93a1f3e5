"""Next month's file: the rows checked last month re-used, only the rows appended checked.

A county's payments file grows by a month at a time, this month's rows first. When the load
cache holds a file that is the start of the new one (same bytes up to a line's end, cache.py),
only the new rows are read and checked, into a Parquet segment of their own that follows last
month's segments (segments.py): nothing checked before is read or written again, and row numbers
(and evidence) are those of a full load. A chain longer than MAX_SEGMENTS is written out as one
file again.
"""

# SQL here is assembled from the engine's own file paths, never from text in the data files.
# ruff: noqa: S608

from __future__ import annotations

import dataclasses
from pathlib import Path

import duckdb

from .cache import Entry, place
from .contract import Table
from .errors import DataProblem
from .segments import clear_segments, segment_path
from .sources import to_parts

CSV_SUFFIXES = (".csv", ".txt")  # plain text that grows at its end (not .gz, not Excel)
MAX_SEGMENTS = 36  # three years of months; then one file again


def is_csv(path: Path) -> bool:
    return path.name.lower().endswith(CSV_SUFFIXES)


def load_appended(
    con: duckdb.DuckDBPyConnection,
    table: Table,
    path: Path,
    earlier: Entry,
    out: Path,
    scratch: Path,
) -> tuple[list[DataProblem], int, Path | None]:
    """Check the rows of `path` after `earlier.size` bytes; place `earlier`'s segments at `out`
    and the new rows as the next segment. Returns (problems, rows of the whole table, the new
    segment or None when the chain was written out as one file). Problems name the rows as the
    whole file numbers them."""
    from .loader import _load_one, _load_parts

    tail = scratch / f"{table.name}.appended{path.suffix.lower()}"
    with path.open("rb") as src, tail.open("wb") as dst:
        dst.write(src.readline())  # the header line
        src.seek(earlier.size)
        while chunk := src.read(1 << 22):
            dst.write(chunk)
    parts, _ignored = to_parts(table.name, tail, scratch)
    tail_parquet = scratch / f"{table.name}.appended.parquet"
    if len(parts) == 1:
        problems, rows = _load_one(con, table, parts[0].path, path.name, tail_parquet)
    else:
        problems, rows = _load_parts(con, table, [(p.path, path.name) for p in parts], tail_parquet)
    problems = [
        dataclasses.replace(p, row=p.row + earlier.rows) if p.row is not None else p
        for p in problems
    ]
    segment: Path | None = None
    if problems:
        tail_parquet.unlink(missing_ok=True)
    elif len(earlier.segments) + 1 > MAX_SEGMENTS:
        # a multi-file scan keeps the files' order and each file's row order
        files = ", ".join(f"'{_lit(p)}'" for p in (*earlier.segments, tail_parquet))
        clear_segments(out)
        con.execute(
            f"COPY (SELECT * FROM read_parquet([{files}])) TO '{_lit(out)}' (FORMAT parquet)"
        )
        tail_parquet.unlink(missing_ok=True)
    else:
        place(earlier, out)
        segment = segment_path(out, len(earlier.segments))
        tail_parquet.replace(segment)
    for scratch_file in {tail, *(p.path for p in parts)}:
        scratch_file.unlink(missing_ok=True)
    return problems, earlier.rows + rows, segment


def _lit(path: Path) -> str:
    return str(path).replace("'", "''")
