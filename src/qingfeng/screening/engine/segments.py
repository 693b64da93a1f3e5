"""A table stored as several Parquet files in a row: last month's checked rows, then each
month appended since (increments.py), so that next month's load writes only its own rows.

`payments.parquet` is the first segment; `payments.part-1.parquet`, `payments.part-2.parquet`…
follow. A record's row number (row_id) counts across the segments, as in the file they came from.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

import duckdb


def segment_path(first: Path, index: int) -> Path:
    """The path of segment `index` (0 is `first` itself)."""
    if index == 0:
        return first
    return first.with_name(f"{first.stem}.part-{index}{first.suffix}")


def segments(first: Path) -> list[Path]:
    """The segments of the table whose first segment is `first`, in order."""
    pattern = re.compile(re.escape(first.stem) + r"\.part-(\d+)" + re.escape(first.suffix))
    rest = []
    if first.parent.is_dir():
        for path in first.parent.iterdir():
            match = pattern.fullmatch(path.name)
            if match:
                rest.append((int(match.group(1)), path))
    return [first, *(p for _, p in sorted(rest))]


def clear_segments(first: Path) -> None:
    """Remove every segment after the first (a stale chain of an earlier load)."""
    for path in segments(first)[1:]:
        path.unlink(missing_ok=True)


def with_offsets(first: Path) -> list[tuple[Path, int]]:
    """(segment, rows before it) for each segment of the table."""
    out, before = [], 0
    for path in segments(first):
        out.append((path, before))
        before += _rows(path)
    return out


_LOCAL = threading.local()
_ROWS: dict[tuple[str, int, int, int, int], int] = {}


def _rows(path: Path) -> int:
    """Rows of a Parquet file, from its metadata; remembered per file (a run asks for each
    table's segments whenever it points a view at them), keyed by inode, size and mtime so
    that a file written again is counted again."""
    st = path.stat()
    key = (str(path), st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    if key not in _ROWS:
        con = getattr(_LOCAL, "con", None)  # one per thread: opening one costs milliseconds
        if con is None:
            con = _LOCAL.con = duckdb.connect(config={"threads": 1})
        # the file's metadata only: no row is read
        _ROWS[key] = con.execute("SELECT count(*) FROM read_parquet(?)", [str(path)]).fetchall()[0][
            0
        ]
    return _ROWS[key]
