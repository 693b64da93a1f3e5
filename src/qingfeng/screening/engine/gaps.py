"""Rows among the records that hold no record: an empty row (a blank line, or one of only commas
as Excel writes an empty row) and the header again (two exports joined into one file).

DuckDB skips blank lines without a word, so every row after one would be numbered one too few
in messages and evidence; a row of commas would be refused as a record with every required cell
empty; a repeated header as a record whose date is "发放日期". Such rows are found here in one
pass over the bytes (numpy, about 0.3 s for a county's 600 MB of payments), left out of a copy of
the part, and kept as the file's row numbers (`Part.gaps`), so that every record keeps the row
the user's file gives it (places.py) and the progress and the office say which rows were left
out. A line inside a quoted value (an odd number of quote marks before it) is never a gap.
Empty lines after the last record are left as they are: DuckDB skips them and no row follows.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, NamedTuple

EMPTY = "empty"
HEADER = "header"
_CHUNK = 1 << 22
_FILLER = b", \t\r"  # what an empty row holds: separators, blanks, the CR of a CRLF line end
_SHOWN = 5  # row numbers a note lists before "等"
# line ends are kept for the evidence (evidence.LineEnds) for a file up to this size, as the
# run keeps its tables in memory (loader.MEMORY_MAX_BYTES); offsets fit in 4 bytes
KEEP_ENDS_MAX = 1 << 30


class Gap(NamedTuple):
    row: int  # as Excel numbers the file's rows
    kind: str  # EMPTY or HEADER
    line: int  # in the text, from 1
    start: int  # its bytes in the text, line end included
    stop: int


def find_gaps(path: Path, lines_before: int = 0) -> list[Gap]:
    """The rows among the records of `path` holding no record. `path` is plain UTF-8 text (not
    gzipped) whose first line is the header. Rows are numbered as Excel shows them (a quoted
    value over several lines is one row) plus `lines_before` (the file's rows above the
    header)."""
    return scan(path, lines_before)[0]


def scan(
    path: Path, lines_before: int = 0
) -> tuple[list[Gap], tuple[Any, int, bytes] | None, bool]:
    """find_gaps; the line ends the pass counted, as evidence.LineEnds keeps them (every line
    end's offset as one array, the file's size, its last byte), or None when the file holds a
    quote mark (a quoted value may span lines: the evidence then reads it whole); and whether
    its rows end some with CRLF and some with LF alone (mixed_line_ends)."""
    import numpy as np

    size = path.stat().st_size
    with path.open("rb") as f:
        header = f.readline().rstrip(b"\r\n").removeprefix(b"\xef\xbb\xbf")
        fd = f.fileno()
        short, width = 2 * (header.count(b",") + 1) + 2, len(header)
        keep = size <= KEEP_ENDS_MAX  # line ends for the evidence: 4 bytes a line
        lead = header[:8]

        def scan(at: int) -> _Chunk:
            chunk = os.pread(fd, _CHUNK, at)
            data = np.frombuffer(chunk, np.uint8)
            local = np.flatnonzero(data == 10)
            lengths = np.diff(local) - 1  # of the chunk's lines after its first line end
            # as long as the header and starting as it does (many records may be as long)
            same = np.flatnonzero((lengths == width) | (lengths == width + 1))
            for k, byte in enumerate(lead):
                same = same[data[local[same] + 1 + k] == byte]
            pick = np.union1d(np.flatnonzero(lengths <= short), same)
            ends = local + at
            quoted = b'"' in chunk
            cr = data[np.maximum(local - 1, 0)] == 13  # which line ends are a CRLF
            if len(local) and local[0] == 0:
                cr[0] = at > 0 and os.pread(fd, 1, at - 1) == b"\r"
            return _Chunk(
                len(ends),
                ends[:1].tolist() + ends[-1:].tolist(),
                [(int(j) + 1, int(ends[j]) + 1, int(lengths[j])) for j in pick],
                ends if quoted else ends.astype(np.uint32) if keep else None,
                np.flatnonzero(data == 34) + at if quoted else None,
                cr,
            )

        # numpy lets go of the GIL: two threads read and count at once (2 cores); a chunk gives
        # its short lines and lines as long as the header, the only ones that can be gaps
        offsets = range(0, size, _CHUNK)
        with ThreadPoolExecutor(2) as pool:
            chunks = list(pool.map(scan, offsets))
        lines, last_end, where = 0, -1, []  # where: (line index, start, length)
        for c in chunks:
            if c.count:
                first = c.first_last[0]
                length = first - last_end - 1
                if length <= short or length in (width, width + 1):
                    where.append((lines, last_end + 1, length))
                where += [(lines + j, begin, n) for j, begin, n in c.picks]
                lines, last_end = lines + c.count, c.first_last[1]
        folded = None
        cr = np.concatenate([c.cr for c in chunks]) if chunks else np.zeros(0, bool)
        row_ends = cr  # the CRLF flags of the line ends that end a row
        if any(c.quotes is not None for c in chunks):
            # a line inside a quoted value is part of a record; and rows as Excel numbers them:
            # line ends inside a quoted value do not start a row
            marks = np.concatenate([c.quotes for c in chunks if c.quotes is not None])
            pairs = zip(chunks, offsets, strict=True)
            end = np.concatenate([_ends(c, fd, at, np) for c, at in pairs])
            inside = np.searchsorted(marks, end) % 2 == 1
            folded = np.concatenate(([0], np.cumsum(inside)))
            row_ends = cr[~inside]
            outside = np.searchsorted(marks, [w[1] for w in where]) % 2 == 0 if where else []
            where = [w for w, keep in zip(where, outside, strict=True) if keep]
        found: dict[int, str] = {}
        spans: dict[int, tuple[int, int]] = {}
        blank: set[int] = set()
        for i, begin, length in where:
            if i == 0:
                continue  # the header
            line = os.pread(fd, length, begin).rstrip(b"\r")
            spans[i + 1] = (begin, begin + length + 1)
            if not line.strip(_FILLER):
                found[i + 1] = EMPTY
                if not line:
                    blank.add(i + 1)
            elif line == header:
                found[i + 1] = HEADER
        tail = os.pread(fd, size - last_end - 1, last_end + 1) if size > last_end + 1 else b""
        counted = None
        if folded is None and keep:  # no quote mark: these are the lines the evidence reads
            every = np.concatenate([c.ends for c in chunks]) if chunks else np.zeros(0, np.uint32)
            counted = (every, size, os.pread(fd, 1, size - 1) if size else b"")
    mixed = 0 < int(np.count_nonzero(row_ends)) < len(row_ends)
    if not lines:
        return [], counted, mixed
    if tail:  # a last line without a line end
        lines += 1
        spans[lines] = (last_end + 1, size)
        if not tail.strip(_FILLER):
            found[lines] = EMPTY
        elif tail.rstrip(b"\r") == header:
            found[lines] = HEADER
    last = lines  # the last record's line
    while last > 1 and last in found:
        last -= 1
    # blank lines after the last record: DuckDB skips them and no record follows to renumber
    found_gaps = [
        Gap(
            line - (int(folded[line - 1]) if folded is not None else 0) + lines_before,
            kind,
            line,
            *spans[line],
        )
        for line, kind in sorted(found.items())
        if line < last or line not in blank
    ]
    return found_gaps, counted, mixed


class _Chunk(NamedTuple):
    count: int  # line ends in the chunk
    first_last: list[int]  # where its first and last line ends are
    picks: list[tuple[int, int, int]]  # (line index in the chunk, start, length) of candidates
    ends: Any  # every line end (None for a large file's chunk without a quote mark)
    quotes: Any
    cr: Any  # for each line end, whether a CR comes before it


def without_mixed_line_ends(src: Path, out: Path) -> None:
    """Copy `src` to `out` with every CRLF made an LF (a CRLF inside a quoted value too: the
    value keeps its line break)."""
    with src.open("rb") as f, out.open("wb") as dst:
        carry = b""
        while chunk := f.read(_CHUNK):
            chunk = carry + chunk
            carry = b"\r" if chunk.endswith(b"\r") else b""  # its LF may start the next chunk
            dst.write(chunk[: len(chunk) - len(carry)].replace(b"\r\n", b"\n"))
        dst.write(carry)


def _ends(chunk: _Chunk, fd: int, at: int, np: Any) -> Any:
    """Every line end of a chunk (counted again when not kept: a large file's rare path)."""
    if chunk.ends is not None:
        return chunk.ends
    return np.flatnonzero(np.frombuffer(os.pread(fd, _CHUNK, at), np.uint8) == 10) + at


def without_gaps(src: Path, out: Path, gaps: Sequence[Gap]) -> None:
    """Copy `src` to `out` without the bytes of the given gaps."""
    at = 0
    with src.open("rb") as f, out.open("wb") as dst:
        for gap in sorted(gaps, key=lambda g: g.start):
            _copy(f, dst, gap.start - at)
            f.seek(gap.stop)
            at = gap.stop
        shutil.copyfileobj(f, dst, _CHUNK)


def _copy(f: Any, dst: Any, n: int) -> None:
    while n > 0 and (chunk := f.read(min(n, _CHUNK))):
        dst.write(chunk)
        n -= len(chunk)


def note(shown: str, gaps: Sequence[tuple[int, str]]) -> str:
    """`payments.csv：第501、502行是空行，第7001行是重复的表头，不作为数据读取（其余各行的行号不变）`"""
    said = []
    for kind, words in ((EMPTY, "空行"), (HEADER, "重复的表头")):
        rows = [row for row, k in gaps if k == kind]
        if rows:
            listed = "、".join(str(r) for r in rows[:_SHOWN])
            more = f"等{len(rows)}行" if len(rows) > _SHOWN else "行"
            said.append(f"第{listed}{more}是{words}")
    return f"{shown}：{'，'.join(said)}，不作为数据读取（其余各行的行号不变）"


def pieces(gaps: Sequence[tuple[int, str]], above: int) -> list[tuple[int, int]]:
    """(records of the part before the piece, rows above the piece's first record that are not
    records, header and title included) for each run of records after a gap; places.locate
    numbers a record `row_id - before + above` from such entries."""
    out: dict[int, int] = {}
    for n, (row, _kind) in enumerate(sorted(gaps), start=1):
        # records before this gap: rows after the header and title, less the gaps before it
        before = row - above - 2 - (n - 1)
        out[before] = above + n + before
    return sorted(out.items())
