"""Where a record is in the files it came from, for a table given in parts.

A table may come in parts: a zip of monthly files, or several files uploaded as one table. Its
rows are numbered across the parts (row_id), a number nobody finds in any file. When it loads
such a table, the loader keeps the rows before each part and the part's name ("places"): in the
table's Parquet (key-value metadata, so that the load cache and the office's checked tables keep
them) or, for a table kept in memory, in `LoadedData.places`. The evidence of a hit then names
the part and the row within it (`低保发放.zip 内的 2026年11月.csv`, 第12行), as the loader's own
messages do. A file with a title above its header (sniff.rows_above) has places too: its rows
are numbered from its header, and the file's rows above it are added back; likewise a file with
empty rows or the header again among its records (gaps.py): an entry after each such run. A
table in one plain file without these has no places: its row_id is the file's row.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from .contract import FIRST_ROW
from .segments import segments
from .sniff import is_member

if TYPE_CHECKING:
    from .loader import LoadedData

KEY = "qingfeng_parts"  # the Parquet key-value metadata holding a table's places
FILE = "_file"  # keys a located record carries (hits.py shows them in the evidence)
LINE = "_line"

# (rows before the part, the part's name, its file's rows above the header), in order
Places = list[tuple[int, str, int]]


def needed(names: Sequence[str]) -> bool:
    """Whether a table read from parts of these names needs places: several parts, or a member
    of a zip (the reviewer must know which file inside it to open)."""
    return len(names) > 1 or any(is_member(n) for n in names)


def metadata_option(places: Places) -> str:
    """The COPY option writing `places` into a Parquet file. ASCII JSON, quotes doubled: a file
    name never ends the SQL string."""
    text = json.dumps([[int(b), str(n), int(a)] for b, n, a in places], ensure_ascii=True)
    return ", KV_METADATA {" + KEY + ": '" + text.replace("'", "''") + "'}"


def read_places(parquet: Path, con: duckdb.DuckDBPyConnection | None = None) -> Places | None:
    """The places written into a table's Parquet; for a table in segments (rows appended to an
    earlier file, segments.py), those of the last one, which was checked from the file as it now
    is. None for a table in one plain file (or no file: a table kept in memory)."""
    try:
        last = segments(parquet)[-1]
        if not last.is_file():
            return None
        query = "SELECT decode(value) FROM parquet_kv_metadata(?) WHERE decode(key) = ?"
        if con is not None:  # the run's own: a new connection costs 10 ms a table
            found = con.execute(query, [str(last), KEY]).fetchall()
        else:
            with duckdb.connect() as own:
                found = own.execute(query, [str(last), KEY]).fetchall()
    except (OSError, duckdb.Error):
        return None
    if not found:
        return None
    try:
        # a table checked before titles were left out has no rows above its header
        return [(int(b), str(n), int(a[0]) if a else 0) for b, n, *a in json.loads(found[0][0])]
    except (TypeError, ValueError):
        return None


def with_gaps(places: Places, gaps: Sequence[Sequence[tuple[int, str]]]) -> Places:
    """Places of parts (one entry each, in order) with an entry after each run of rows left out
    among a part's records (gaps.py), so that every later record keeps its file's row."""
    from .gaps import pieces

    out: Places = []
    for (before, name, above), part_gaps in zip(places, gaps, strict=True):
        out.append((before, name, above))
        out += [(before + k, name, up) for k, up in pieces(part_gaps, above)]
    return out


def locate(places: Places, row_id: int) -> tuple[str, int]:
    """A row number across the parts -> (the part's name, its row there as Excel shows it)."""
    before, name, above = places[0]
    for start, part, up in places:
        if row_id - FIRST_ROW >= start:
            before, name, above = start, part, up
    return name, row_id - before + above


def locate_records(
    loaded: LoadedData,
    records: dict[tuple[str, int], dict[str, Any]],
    con: duckdb.DuckDBPyConnection | None = None,
) -> None:
    """Give each record of a table in parts its part (`_file`) and row there (`_line`)."""
    known: dict[str, Places | None] = {}
    for (table, row_id), record in records.items():
        if table not in known:
            known[table] = loaded.places.get(table)
            if known[table] is None and table in loaded.parquet and table not in loaded.memory:
                known[table] = read_places(loaded.parquet[table], con)
        places = known[table]
        if places and row_id is not None:
            record[FILE], record[LINE] = locate(places, int(row_id))
