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
import gzip
import hashlib
import json
from pathlib import Path

import duckdb

from .cache import Entry, place
from .contract import Table
from .digest import NAME as DIGEST
from .digest import file_digest
from .errors import DataProblem
from .segments import clear_segments, segment_path, segments
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
    shown: str | None = None,
) -> tuple[list[DataProblem], int, Path | None] | None:
    """Check the rows of `path` after `earlier.size` bytes; place `earlier`'s segments at `out`
    and the new rows as the next segment. Returns (problems, rows of the whole table, the new
    segment or None when the chain was written out as one file), or None when the new rows
    hold rows to leave out (gaps.py), which only a read of the whole file numbers right.
    Problems name the rows as the whole file numbers them, naming the file as `shown` (default
    its name)."""
    from .loader import _load_one, _load_parts

    shown = shown or path.name
    tail = scratch / f"{table.name}.appended{path.suffix.lower()}"
    with path.open("rb") as src, tail.open("wb") as dst:
        dst.write(src.readline())  # the header line
        src.seek(earlier.size)
        while chunk := src.read(1 << 22):
            dst.write(chunk)
    parts, _ignored = to_parts(table.name, tail, scratch, shown)
    if any(p.gaps for p in parts):  # empty rows among the new ones (gaps.py): read it whole
        for scratch_file in {tail, *(p.path for p in parts)}:
            scratch_file.unlink(missing_ok=True)
        return None
    tail_parquet = scratch / f"{table.name}.appended.parquet"
    if len(parts) == 1:
        problems, rows = _load_one(con, table, parts[0].path, shown, tail_parquet)
    else:
        problems, rows = _load_parts(con, table, [(p.path, shown) for p in parts], tail_parquet)
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


# --- checked tables kept by the office (a data set's checked.parquet and its segments)

SIDECAR_SUFFIX = ".json"


def sidecar(parquet: Path) -> Path:
    """`checked.json` beside `checked.parquet`: which text the table was checked from."""
    return parquet.with_suffix(SIDECAR_SUFFIX)


def open_text(path: Path):  # type: ignore[no-untyped-def]
    """A part's bytes as the loader reads them: a `.gz` part decompressed."""
    return gzip.open(path, "rb") if path.name.lower().endswith(".gz") else path.open("rb")


def text_digest(path: Path, limit: int | None = None) -> tuple[str, int]:
    """Content hash and length of a part's (decompressed) text, or of its first `limit` bytes."""
    digest, size, _starts = file_digest(path, limit=limit)
    return digest, size


def write_checked_meta(
    parquet: Path,
    texts: list[Path],
    rows: int,
    mapping: dict[str, str],
    appended_to: tuple[str, int] | None = None,
) -> None:
    """Record, beside a checked table, the UTF-8 text it was checked from (its parts' hashes;
    size too when it is one file), so that next month's longer file can be checked from where
    this one ended, and a run can tell the same table from a changed one."""
    from .cache import LOADER_VERSION

    measured = [text_digest(t) for t in texts]
    digests = [d for d, _size in measured]
    digest = (
        digests[0] if len(digests) == 1 else hashlib.sha256("".join(digests).encode()).hexdigest()
    )
    mapping_text = json.dumps(mapping, sort_keys=True, ensure_ascii=False)
    key = hashlib.sha256(f"{LOADER_VERSION}\0{mapping_text}\0{digest}".encode()).hexdigest()
    meta = {
        "key": key,
        "rows": rows,
        "size": measured[0][1] if len(texts) == 1 else 0,
        DIGEST: digest,
        "mapping": mapping_text,
        "loader": LOADER_VERSION,
        "appended_to": list(appended_to) if appended_to else None,
    }
    sidecar(parquet).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    sidecar(parquet).chmod(0o600)


def read_checked_meta(parquet: Path) -> dict | None:
    from .cache import LOADER_VERSION

    try:
        meta = json.loads(sidecar(parquet).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict) or meta.get("loader") != LOADER_VERSION:
        return None
    return meta


def checked_prefix(earlier: Path, text: Path, mapping: dict[str, str]) -> Entry | None:
    """The checked table `earlier` (a previous version's checked.parquet) when its text is the
    start of `text` up to a line's end, under the same column mapping: only the rows after it
    are then left to check."""
    meta = read_checked_meta(earlier)
    if meta is None or meta.get("mapping") != json.dumps(
        mapping, sort_keys=True, ensure_ascii=False
    ):
        return None
    size = int(meta["size"])
    if size <= 0:
        return None
    digest, seen = text_digest(text, size)
    if seen != size or digest != meta.get(DIGEST):
        return None
    with open_text(text) as f:  # the previous text ended a line, and this one goes on
        f.seek(size - 1)
        if f.read(1) != b"\n" or not f.read(1):
            return None
    parts = tuple(segments(earlier))
    if not all(p.is_file() for p in parts):
        return None
    return Entry(
        parts[0], int(meta["rows"]), size, str(meta["key"]), parts if len(parts) > 1 else ()
    )


def checked_version(parquet: Path) -> tuple[str, tuple[str, int] | None] | None:
    """(key, appended_to) of a checked table, for the run's versions (versions.py)."""
    meta = read_checked_meta(parquet)
    if meta is None:
        return None
    before = meta.get("appended_to")
    return str(meta["key"]), (str(before[0]), int(before[1])) if before else None
