"""Load a folder of tables into typed Parquet, checking every cell before any rule runs.

One pass per file: DuckDB reads the CSV as text, parses each column and writes Parquet with, for
each checked column, a `__bad_<column>` holding the offending text. Problems from every file are
gathered and raised together, so nothing is half-loaded.
"""

# SQL here is assembled from the contract's own identifiers and typed, quoted parameters,
# never from text in the data files.
# ruff: noqa: S608

from __future__ import annotations

import dataclasses
import re
import threading
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from .cache import Entry, LoadCache, place
from .contract import (
    FIRST_ROW,
    RAW_ID_COLUMNS,
    TABLES,
    Column,
    Kind,
    Table,
    engine_schema,
    stored_schema,
)
from .diagnose import explain
from .errors import DataError, DataProblem
from .headers import IN_WAN, amount_scale, find_columns
from .idnumbers import mask_id, upgrade_sql
from .increments import checked_version, load_appended
from .increments import is_csv as _is_csv
from .places import locate, metadata_option, needed, read_places, with_gaps
from .progress import Progress, silent
from .segments import clear_segments, segments
from .sniff import (
    FileProblems,
    Part,
    archive_of,
    duplicate_headers,
    file_above,
    header_of,
    norm_header,
    part_notes,
    read_csv_sql,
    suffix_of,
)
from .sources import find_sources, shown_name, to_parts

MAX_PROBLEMS_PER_COLUMN = 5
# codes long enough for Excel to round when typed as numbers (besides ID numbers): bank cards
LONG_CODES = frozenset({"account"})
# how Excel shows a long number kept as a number (3.30803E+17): its last digits are gone
_SCIENTIFIC = r"[0-9](\.[0-9]+)?[Ee]\+[0-9]+"
_ID_LIKE = re.compile(r"\d{14,17}[\dXx]")
_DATE_FORMATS = (
    "['%Y-%m-%d', '%Y/%m/%d', '%Y%m%d', '%Y.%m.%d', '%Y年%m月%d日', "
    "'%Y-%m-%d %H:%M:%S', '%Y/%m/%d %H:%M:%S', '%Y/%m/%d %H:%M', '%Y-%m-%dT%H:%M:%S']"
)
# a month alone, in a column that takes one (Column.month): its first day
_MONTH_FORMATS = "['%Y-%m', '%Y/%m', '%Y.%m', '%Y年%m月', '%Y%m']"
# full-width digits and signs, and the typographic minus (U+2212) of documents passed through
# Word or PDF, as the ASCII ones
_FULLWIDTH = "'０１２３４５６７８９．－ｘＸ\u2212', '0123456789.-XX-'"


@dataclass(frozen=True)
class Version:
    """Which content a table was loaded from (the load cache's key), and, when it was loaded
    as rows appended to an earlier content, that content's key and rows (increments.py)."""

    key: str
    appended_to: tuple[str, int] | None = None


@dataclass
class LoadedData:
    """Typed Parquet files of the tables found, ready for any backend."""

    work_dir: Path
    parquet: dict[str, Path] = field(default_factory=dict)  # table -> Parquet of present tables
    files: dict[str, str] = field(default_factory=dict)  # table -> file, as messages name it
    rows: dict[str, int] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    # tables loaded with only the columns the run reads: their stored columns, and the CSV part
    # the evidence rows are read from again (evidence.py)
    columns: dict[str, list[str]] = field(default_factory=dict)
    partial: dict[str, Part] = field(default_factory=dict)
    versions: dict[str, Version] = field(default_factory=dict)  # tables loaded with a cache
    # tables kept in DuckDB's memory for this run instead of Parquet (table -> temp table):
    # a DuckDB run from a folder without a cache (decision 0016)
    memory: dict[str, str] = field(default_factory=dict)
    # tables in parts kept in memory: the rows before each part and its name (places.py; a
    # table in Parquet keeps them in the file)
    places: dict[str, list[tuple[int, str, int]]] = field(default_factory=dict)
    # table -> the file's columns read under another name (headers.py), as progress says them;
    # and the closing rows (totals, signatures) left out of its parts (sniff.footer_rows)
    read_as: dict[str, list[str]] = field(default_factory=dict)
    footers: dict[str, list[str]] = field(default_factory=dict)

    def has(self, table: str) -> bool:
        return table in self.parquet

    def view_columns(self, table: str) -> list[str] | None:
        """Columns of the table's view (row_id first) when only some were loaded, else None."""
        cols = self.columns.get(table)
        return ["row_id", *cols] if cols is not None else None


def load_folder(
    data_dir: Path,
    work_dir: Path,
    con: duckdb.DuckDBPyConnection,
    progress: Progress = silent,
    cache: LoadCache | None = None,
    tables: frozenset[str] | None = None,
    columns: dict[str, frozenset[str]] | None = None,
) -> LoadedData:
    """Check and convert every table in `data_dir` (only `tables` when given: the others are
    neither read nor checked); raise DataError naming each problem.

    With `columns` (table -> the columns the run reads, columns.py), a table in one plain CSV
    part is converted and checked only in those columns; without a cache only (the cache keeps
    fully checked tables for any later run). With a cache, a file loaded before (same content)
    is taken from it instead of parsed again.
    """
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise DataError([DataProblem(str(data_dir), None, None, "文件夹不存在")])
    found, ignored, problems = find_sources(data_dir, skip=_engine_folders(work_dir, cache))
    if tables is not None:
        unread = sorted(shown_name(p, data_dir) for t, p in found.items() if t not in tables)
        if unread:
            progress(0.0, "本次比对用不到，不读取：" + "、".join(unread))
        found = {t: p for t, p in found.items() if t in tables}
    scratch = work_dir / "scratch"
    scratch.mkdir(parents=True, exist_ok=True)
    loaded = LoadedData(work_dir=work_dir, ignored=ignored)
    if ignored:
        progress(0.0, f"忽略{len(ignored)}个文件（文件名不是数据表的名称）：{'、'.join(ignored)}")
    only_some = columns if cache is None else None
    room = MEMORY_MAX_BYTES
    for i, (name, path) in enumerate(sorted(found.items())):
        shown = shown_name(path, data_dir)
        progress(i / max(len(found), 1), f"读取 {shown}")
        out = work_dir / f"{name}.parquet"
        try:
            if only_some is not None and name in only_some:
                file_problems, rows, size = _load_some(
                    con, TABLES[name], path, shown, out, scratch, only_some[name], loaded, room
                )
                version = None
                if not file_problems and size is not None:
                    loaded.memory[name], room = memory_table(name), room - size
            else:
                file_problems, rows, version = _load_or_reuse(
                    con, TABLES[name], path, shown, out, scratch, cache, loaded
                )
        except FileProblems as exc:
            problems += exc.problems
            continue
        except (duckdb.Error, UnicodeDecodeError, OSError, ValueError) as exc:
            problems.append(DataProblem(shown, None, None, f"无法读取：{_short(exc)}"))
            continue
        problems += file_problems
        if not file_problems:
            loaded.parquet[name], loaded.files[name], loaded.rows[name] = out, shown, rows
            if version is not None:
                loaded.versions[name] = version
    if problems:
        for name in TABLES:  # nothing stays half-loaded
            con.execute(f"DROP TABLE IF EXISTS {memory_table(name)}")
        raise DataError(problems)
    for name, kept in loaded.columns.items():
        spec = TABLES[name]
        shown = "、".join(c.header for c in spec.columns if c.name in kept) or "无"
        progress(
            1.0,
            f"{loaded.files[name]} 只读取并检查本次比对用到的列（{shown}）；"
            "其余各列只在命中的记录里检查",
        )
    for name, said in loaded.read_as.items():
        progress(1.0, f"{loaded.files[name]}：{'，'.join(said)}读取")
    for said in loaded.footers.values():
        for note in said:
            progress(1.0, note)
    progress(1.0, "数据检查通过：" + "，".join(f"{t} {n}行" for t, n in loaded.rows.items()))
    return loaded


def _engine_folders(work_dir: Path, cache: LoadCache | None) -> list[Path]:
    """The run's own folders, never read as data even inside the data folder: the work folder
    (`--work-dir`) and the cache folders (`--cache`, `--since-version`)."""
    folders = [work_dir]
    if cache is not None:
        folders += [f for f in (cache.root, cache.earlier) if f is not None]
    return folders


def use_checked(
    checked: dict[str, Path],
    work_dir: Path,
    con: duckdb.DuckDBPyConnection,
    tables: frozenset[str] | None = None,
) -> LoadedData:
    """Tables checked before (Parquet from `load_table`), linked into the work folder (only
    `tables` when given)."""
    loaded = LoadedData(work_dir=work_dir)
    for name, parquet in sorted(checked.items()):
        if tables is not None and name not in tables:
            continue
        out = work_dir / f"{name}.parquet"
        parts = tuple(segments(Path(parquet)))  # a table checked as rows appended: segments
        files = ", ".join(f"'{_lit(p)}'" for p in parts)
        rows = scalar(con, f"SELECT count(*) FROM read_parquet([{files}])")
        place(Entry(parts[0], int(rows), parts=parts if len(parts) > 1 else ()), out)
        loaded.parquet[name], loaded.files[name], loaded.rows[name] = out, parquet.name, rows
        version = checked_version(Path(parquet))
        if version is not None:
            loaded.versions[name] = Version(*version)
    return loaded


def _load_or_reuse(
    con: duckdb.DuckDBPyConnection,
    table: Table,
    path: Path,
    shown: str,
    out: Path,
    scratch: Path,
    cache: LoadCache | None,
    loaded: LoadedData | None = None,
) -> tuple[list[DataProblem], int, Version | None]:
    clear_segments(out)
    key = cache.key(table.name, path) if cache else None
    entry = cache.get(path, key) if cache and key else None
    if entry is not None:
        place(entry, out)
        return [], entry.rows, Version(entry.key, entry.base)
    # rows appended to a file with a title above its header: read as a whole (the appended
    # rows are checked under the file's first line, which is then not the header)
    appendable = cache and key and _is_csv(path) and not file_above(path, suffix_of(path.name))
    earlier = cache.prefix(table.name, path) if appendable else None
    if earlier is not None and read_places(earlier.segments[-1], con) is not None:
        earlier = None  # rows left out among its records (gaps.py): the file is read whole
    appended = (
        load_appended(con, table, path, earlier, out, scratch, shown)
        if cache and key and earlier is not None
        else None
    )  # None too when the new rows have rows to leave out among them
    if cache and key and earlier is not None and appended is not None:
        problems, rows, segment = appended
        if not problems and segment is not None:
            cache.put_appended(table.name, path, key, earlier, segment, rows)
        elif not problems:
            cache.put(table.name, path, key, out, rows)
        return problems, rows, Version(key, (earlier.key, earlier.rows))
    parts, _ignored = to_parts(table.name, path, scratch, shown)
    if loaded is not None:
        _note_read_as(table, parts, loaded)
    if len(parts) == 1:
        part = parts[0]
        problems, rows = _load_one(
            con, table, part.path, part.shown, out,
            above=part.above, gaps=part.gaps, separator=part.separator,
        )  # fmt: skip
    else:
        problems, rows = _load_parts(
            con,
            table,
            [(p.path, p.shown) for p in parts],
            out,
            above=[p.above for p in parts],
            gaps=[p.gaps for p in parts],
            separators=[p.separator for p in parts],
        )
    if cache and key and not problems:
        cache.put(table.name, path, key, out, rows)
    return problems, rows, Version(key, None) if key else None


def _load_some(
    con: duckdb.DuckDBPyConnection,
    table: Table,
    path: Path,
    shown: str,
    out: Path,
    scratch: Path,
    wanted: frozenset[str],
    loaded: LoadedData,
    room: int = 0,
) -> tuple[list[DataProblem], int, int | None]:
    """Load only the `wanted` columns of a table in one plain CSV part (every column otherwise)
    and note what was left out, for the evidence of the hit rows (evidence.py).

    When its UTF-8 text takes at most `room` bytes, the checked values stay in DuckDB's memory
    for the run (`memory_table`), never written: every later step reads them there (decision
    0016); the bytes are returned (None when written to Parquet)."""
    parts, _ignored = to_parts(table.name, path, scratch, shown)
    _note_read_as(table, parts, loaded)
    size = sum(p.path.stat().st_size for p in parts)
    if size > room or any(p.path.name.lower().endswith(".gz") for p in parts):
        size, into = None, None
    else:
        into = memory_table(table.name)
    placed: list[tuple[int, str, int]] = []
    if len(parts) != 1 or not parts[0].path.name.lower().endswith((".csv", ".txt")):
        problems, rows = _load_parts(
            con,
            table,
            [(p.path, p.shown) for p in parts],
            out,
            into=into,
            placed=placed,
            above=[p.above for p in parts],
            gaps=[p.gaps for p in parts],
            separators=[p.separator for p in parts],
        )
        if placed:
            loaded.places[table.name] = placed
        return problems, rows, size
    part = parts[0]
    kept = [c for c in _stored(table) if c in wanted]
    # the run's own Parquet (when not in memory), read once and deleted with the run: not
    # worth compressing
    problems, rows = _load_parts(
        con,
        table,
        [(part.path, part.shown)],
        out,
        only=wanted,
        compression="uncompressed",
        into=into,
        placed=placed,
        above=[part.above],
        gaps=[part.gaps],
        separators=[part.separator],
    )
    if placed:
        loaded.places[table.name] = placed
    if len(kept) < len(_stored(table)):
        loaded.columns[table.name], loaded.partial[table.name] = kept, part
    return problems, rows, size


def _note_read_as(table: Table, parts: list[Part], loaded: LoadedData) -> None:
    """Note the file's columns taken under another name (`“公民身份号码”列作为“身份证号”`), and
    the closing rows left out of its parts (`最后2行是表尾（“合计”“制表”），不作为数据读取`)."""
    if not parts:
        return
    found = find_columns(table, header_of(parts[0]))
    said = [
        f"“{theirs}”列作为“{col.header}”" + (f"（{IN_WAN}）" if amount_scale(theirs) != 1 else "")
        for col in table.columns
        if (theirs := found.get(col.header)) and theirs != col.header
    ]
    if said:
        loaded.read_as[table.name] = said
    footers = [note for p in parts for note in part_notes(p)]
    if footers:
        loaded.footers[table.name] = footers


MEMORY_DB = "qf_memory"
# a run keeps its tables in memory up to this many bytes of source files (a county's 633 MB of
# payments is about 0.8 GB there, compressed); larger files are written to Parquet, which
# DuckDB reads out of core (a province)
MEMORY_MAX_BYTES = 1 << 30


def memory_table(table: str) -> str:
    """The table holding a table loaded into DuckDB's memory (`LoadedData.memory`), in an
    in-memory database compressed like DuckDB's files (about half the memory of a plain temp
    table for the payments, and no slower to write)."""
    return f"{MEMORY_DB}.__qf_loaded_{table}"


def _stored(table: Table) -> list[str]:
    return [name for name, _ in stored_schema(table)]


def load_table(
    con: duckdb.DuckDBPyConnection,
    table: str,
    parts: list[tuple[Path, str]],
    out: Path,
    renames: dict[str, str] | None = None,
    on_rows: Callable[[int], None] | None = None,
    above: list[int] | None = None,
    gaps: Sequence[Sequence[tuple[int, str]]] | None = None,
    separators: Sequence[str] | None = None,
) -> tuple[list[DataProblem], int]:
    """Check one table given as UTF-8 CSV parts (path, name shown in messages), in order, and
    write its typed Parquet to `out`; return (problems, rows). Problems name each part and
    its own row; in the Parquet rows are numbered across the parts, and the Parquet keeps where
    each part starts (places.py), so that evidence names the part and its own row too.

    `renames` maps contract header -> the file's header (a column mapping); `on_rows(n)` is
    called about once a second with an estimate of the rows read so far; `above[i]`: the rows
    of part i's file above its header (sniff.rows_above), left out of its text; `gaps[i]`: the
    rows among its records left out of its text (gaps.py), as its file numbers them;
    `separators[i]`: the separator of part i's file (its text is comma-separated), for the
    words of messages."""
    return _load_parts(
        con, TABLES[table], parts, out, renames, on_rows, above=above, gaps=gaps,
        separators=separators,
    )  # fmt: skip


def _load_one(
    con: duckdb.DuckDBPyConnection,
    table: Table,
    csv_path: Path,
    file_name: str,
    out: Path,
    above: int = 0,
    gaps: Sequence[tuple[int, str]] = (),
    separator: str = ",",
) -> tuple[list[DataProblem], int]:
    return _load_parts(
        con, table, [(csv_path, file_name)], out, above=[above], gaps=[gaps], separators=[separator]
    )


def _load_parts(
    con: duckdb.DuckDBPyConnection,
    table: Table,
    parts: list[tuple[Path, str]],
    out: Path,
    renames: dict[str, str] | None = None,
    on_rows: Callable[[int], None] | None = None,
    only: frozenset[str] | None = None,
    compression: str = "snappy",
    into: str | None = None,
    placed: list[tuple[int, str, int]] | None = None,
    above: list[int] | None = None,
    gaps: Sequence[Sequence[tuple[int, str]]] | None = None,
    separators: Sequence[str] | None = None,
    keep_bad: bool = False,
) -> tuple[list[DataProblem], int]:
    """`only`: convert, check and write just these stored columns (the header is still checked
    for every column). `into`: keep the result as this table of `con` (`memory_table`) instead
    of writing
    Parquet to `out` (its rows in the file's order: `rowid` numbers them); dropped when the
    table has problems. A table in parts (places.needed) gets the rows before each part and its
    name in the Parquet's metadata, and in `placed` when given (a table kept in memory).
    `keep_bad`: keep every checked column's offending texts in `__bad_<column>` columns (the
    evidence's rows read them); else a required column has none (_without_value)."""
    file_name = parts[0][1]
    above = above or [0] * len(parts)
    first = 1 + above[0]  # the header's row in the file
    # the table, in messages about all its rows: the part, or the zip or files it came in
    whole = file_name if len(parts) == 1 else _whole_name([n for _p, n in parts])
    # columns are read as c0, c1, … by position: no header text ever enters the SQL
    header = header_of(Part(*parts[0]))
    src = read_csv_sql([p for p, _n in parts], len(header))
    present: dict[str, str] = {}
    for i, name in enumerate(header):
        if name:
            present.setdefault(name, f"c{i}")
    if renames is None:  # the contract's names, else their other names (headers.py)
        renames = find_columns(table, header)
    # contract header -> the file's column chosen for it
    present = {
        h: present[_norm_header(f)] for h, f in renames.items() if f and _norm_header(f) in present
    }
    missing = [c.header for c in table.columns if not c.optional and c.header not in present]
    if missing and len(missing) == len([c for c in table.columns if not c.optional]) > 1:
        wanted = "、".join(f"“{h}”" for h in missing)
        message = f"第{first}行应是表头（各列名称），却一个需要的列名也没有：应有{wanted}"
        if suffix_of(file_name) in (".xlsx", ".xls", ".xlsm"):
            message += "（Excel文件读取第一个有表头的工作表）"
        return [DataProblem(file_name, first, None, message)], 0
    if missing:
        # the headers it has, so that a column named otherwise (公民身份号码) is easy to spot
        names = [_ID_LIKE.sub(lambda m: mask_id(m.group(0)), h) for h in header if h]
        shown = "、".join(names[:12]) + ("…" if len(names) > 12 else "")
        message = f"缺少这一列（表头里有：{shown}）"
        return [DataProblem(file_name, first, h, message) for h in missing], 0
    used = set(renames.values())
    problems = [
        dataclasses.replace(p, row=first)
        for p in duplicate_headers(file_name, header, {_norm_header(h) for h in used if h})
    ]
    problems += [
        DataProblem(name, 1 + up, None, f"表头与{file_name}不同：同一张表的各个文件应有相同的列")
        for (path, name), up in zip(parts[1:], above[1:], strict=True)
        if header_of(Part(path, name)) != header
    ]
    if problems:
        return problems, 0
    offsets = _part_offsets(con, parts, above) if len(parts) > 1 else [(0, file_name, above[0])]
    gaps = gaps or [()] * len(parts)
    if any(gaps):
        offsets = with_gaps(offsets, gaps)
    # a part's own rows are named when there are several, or rows above its header, or rows
    # left out among its records
    located = needed([n for _p, n in parts]) or any(above) or any(gaps)
    if located and placed is not None:
        placed[:] = offsets
    # three steps in one parallel query, so that each cell is parsed once: the file's cells ->
    # values (a cell that needs no cleaning, the common case, taken as it is: _parse_fast) ->
    # values checked, and the offending texts (trimmed, only for the cells without a value).
    # Rows keep the file's order in the Parquet file, which gives each its row number.
    texts = []
    values = ["*"]
    final = []
    bad: list[Column] = []
    # required columns: no offending text is kept beside their values (a column of them cost a
    # tenth of loading the payments); a row without a value is refused, and its text read again
    # only then (_without_value)
    required: list[tuple[Column, str]] = []
    longs: list[Column] = []  # ID and account columns, where Excel may have dropped digits
    raw = RAW_ID_COLUMNS.get(table.name)
    for col in table.columns:
        raw_name = present.get(col.header)
        if only is not None and col.name not in only:
            continue  # not read by this run: neither converted nor checked
        if raw_name is None:  # an optional column not in this file
            final.append(f"CAST(NULL AS {_type(col)}) AS {col.name}")
            continue
        cell = f"__raw_{col.name}"
        texts.append(f"{raw_name} AS {cell}")
        scale = amount_scale(renames.get(col.header)) if col.kind is Kind.AMOUNT else 1
        values.append(f"{_parse_fast(col, cell, scale)} AS __val_{col.name}")
        text = _trimmed(cell)  # evaluated only where a check needs it (CASE is lazy)
        value = f"__val_{col.name}"
        if col.kind is Kind.DATE:  # a year like 0024 is a typo, not a date
            value = f"CASE WHEN year({value}) BETWEEN 1880 AND 2100 THEN {value} END"
        if col.kind is Kind.ID:  # old 15-digit numbers get their 18-digit form
            value = upgrade_sql(value)
        final.append(f"{value} AS {col.name}")
        if raw and raw[0] == col.name and (only is None or raw[1] in only):
            # the ID as given (an old 15-digit number stays so), cleaned as the value is: a
            # full-width or spaced form of one number is the same number to R11 and the evidence
            final.append(f"__val_{col.name} AS {raw[1]}")
        if col.kind is Kind.ID or col.name in LONG_CODES:
            longs.append(col)
        check = _bad(col, text, value)
        if check and col.required and not keep_bad:  # refused without a value: found after
            required.append((col, text))
        elif check:
            final.append(f"{check} AS __bad_{col.name}")
            bad.append(col)
    if not final:  # a table only some rule's presence check reads: keep its row count
        final.append("CAST(NULL AS BOOLEAN) AS __no_column")
    sql = (
        f"SELECT {', '.join(final)} FROM (SELECT {', '.join(values)} FROM "
        f"(SELECT {', '.join(texts)} FROM {src}))"
    )
    try:
        with _watch_rows(con, parts, on_rows):
            if into is not None:
                # insertion order is kept (DuckDB's default), so rowid is the file's row order
                con.execute(f"ATTACH IF NOT EXISTS ':memory:' AS {MEMORY_DB} (COMPRESS)")
                con.execute(f"CREATE OR REPLACE TABLE {into} AS {sql}")
            else:
                where = metadata_option(offsets) if located else ""
                con.execute(
                    f"COPY ({sql}) TO '{_lit(out)}' "
                    f"(FORMAT parquet, COMPRESSION {compression}{where})"
                )
    except duckdb.InvalidInputException:  # a row DuckDB cannot read: find it and say why
        out.unlink(missing_ok=True)
        if into is not None:
            con.execute(f"DROP TABLE IF EXISTS {into}")
        seps = separators or [","] * len(parts)
        return [
            p
            for (path, name), up, gap, sep in zip(parts, above, gaps, seps, strict=True)
            for p in explain(Part(path, name, above=up, gaps=tuple(gap), separator=sep), header)
        ][:10], 0
    if into is not None:
        parquet = f"(SELECT rowid + {FIRST_ROW} AS row_id, * FROM {into})"
    else:
        parquet = (
            f"(SELECT file_row_number + {FIRST_ROW} AS row_id, * "
            f"FROM read_parquet('{_lit(out)}', file_row_number=true))"
        )
    found = _without_value(con, parquet, src, texts, required)
    for col in [c for c in table.columns if c in bad or c.name in found]:
        if col.name in found:
            rows, total = found[col.name]
        else:
            rows, total = (
                con.execute(
                    f"SELECT row_id, __bad_{col.name} FROM {parquet} "
                    f"WHERE __bad_{col.name} IS NOT NULL "
                    f"ORDER BY row_id LIMIT {MAX_PROBLEMS_PER_COLUMN + 1}"
                ).fetchall(),
                None,
            )
        for row_id, value in rows[:MAX_PROBLEMS_PER_COLUMN]:
            part_name, part_row = _in_part(offsets, row_id)
            problems.append(DataProblem(part_name, part_row, col.header, _bad_message(col, value)))
        if len(rows) > MAX_PROBLEMS_PER_COLUMN:
            if total is None:
                total = scalar(
                    con, f"SELECT count(*) FROM {parquet} WHERE __bad_{col.name} IS NOT NULL"
                )
            problems.append(
                DataProblem(
                    whole, None, col.header, f"另有{total - MAX_PROBLEMS_PER_COLUMN}行同类问题"
                )
            )
    problems += _long_numbers(con, parquet, whole, offsets, longs)
    count = scalar(con, f"SELECT count(*) FROM {parquet}")
    if problems and into is not None:
        con.execute(f"DROP TABLE {into}")
    return problems, count


def _without_value(
    con: duckdb.DuckDBPyConnection,
    parquet: str,
    src: str,
    cells: list[str],
    required: list[tuple[Column, str]],
) -> dict[str, tuple[list[tuple[int, str]], int]]:
    """The rows of the loaded table (`parquet`) without a value in a required column, by
    column: the first of them with the cell's trimmed text ('' when empty: 不能为空), and how
    many. The texts are read again from the file (`src`, its `cells` as the load named them;
    the table's rowid is the file's order) only when some row lacks a value."""
    if not required:
        return {}
    counts = con.execute(
        "SELECT "
        + ", ".join(f"count(*) FILTER (WHERE {c.name} IS NULL)" for c, _t in required)
        + f" FROM {parquet}"
    ).fetchone()
    missing = [(c, t, n) for (c, t), n in zip(required, counts or (), strict=True) if n]
    if not missing:
        return {}
    con.execute(f"CREATE OR REPLACE TEMP TABLE __qf_cells AS SELECT {', '.join(cells)} FROM {src}")
    out = {}
    for col, text, total in missing:
        shown = f"coalesce({text}, '')" if col.kind in (Kind.DATE, Kind.AMOUNT) else "''"
        rows = con.execute(
            f"SELECT row_id, {shown} FROM (SELECT row_id FROM {parquet} "
            f"WHERE {col.name} IS NULL ORDER BY row_id LIMIT {MAX_PROBLEMS_PER_COLUMN + 1}) "
            f"JOIN (SELECT rowid + {FIRST_ROW} AS row_id, * FROM __qf_cells) USING (row_id) "
            "ORDER BY row_id"
        ).fetchall()
        out[col.name] = (rows, total)
    con.execute("DROP TABLE __qf_cells")
    return out


def _long_numbers(
    con: duckdb.DuckDBPyConnection,
    parquet: str,
    file_name: str,
    offsets: list[tuple[int, str]],
    columns: list[Column],
) -> list[DataProblem]:
    """Cells of ID and account columns holding a long number as Excel shows one kept as a number
    (3.30803E+17): its last digits are gone and nothing can bring them back. One pass over the
    loaded columns after the load (a check inside the load cost 0.3 s on 6M payments)."""
    if not columns:
        return []
    marked = " OR ".join(f"contains({c.name}, '+')" for c in columns)
    names = ", ".join(c.name for c in columns)
    found = con.execute(
        f"SELECT row_id, {names} FROM {parquet} WHERE {marked} ORDER BY row_id "
        f"LIMIT {MAX_PROBLEMS_PER_COLUMN * len(columns) + 1}"
    ).fetchall()
    problems = []
    for row_id, *values in found:
        part_name, part_row = _in_part(offsets, row_id)
        for col, value in zip(columns, values, strict=True):
            if value is not None and re.fullmatch(_SCIENTIFIC, value):
                problems.append(DataProblem(part_name, part_row, col.header, _long_message(value)))
    if len(problems) > MAX_PROBLEMS_PER_COLUMN:
        rows = scalar(con, f"SELECT count(*) FROM {parquet} WHERE {marked}")
        more = DataProblem(file_name, None, None, f"这样的号码共有{rows}行")
        problems = [*problems[:MAX_PROBLEMS_PER_COLUMN], more]
    return problems


def _long_message(value: str) -> str:
    # masked like any ID in a message (errors go to consoles and logs): 3.30…E+17
    shown = value[:4] + "…" + value[value.upper().index("E") :]
    return (
        f"“{shown}”是被Excel当成数字存下的长号码，末几位已经丢失，无法还原：请在Excel里把"
        "这一列设为“文本”格式，再按原始材料重新填写这些号码"
    )


def _part_offsets(
    con: duckdb.DuckDBPyConnection, parts: list[tuple[Path, str]], above: list[int]
) -> list[tuple[int, str, int]]:
    """(rows before the part, its name, its file's rows above the header) for each part of a
    table split over several files."""
    offsets, before = [], 0
    for (path, name), up in zip(parts, above, strict=True):
        offsets.append((before, name, up))
        width = len(header_of(Part(path, name)))
        before += scalar(con, f"SELECT count(*) FROM {read_csv_sql([path], width)}")
    return offsets


def _in_part(offsets: list[tuple[int, str, int]], row_id: int) -> tuple[str, int]:
    """A row number across parts -> (part name, its row as Excel shows it)."""
    return locate(offsets, row_id)


def _whole_name(names: list[str]) -> str:
    """A table in parts as one: its zip (`低保发放.zip`), or its files one after another."""
    files = list(dict.fromkeys(archive_of(n) for n in names))
    return "、".join(files)


@contextmanager
def _watch_rows(con, parts, on_rows):
    """Report an estimate of the rows read while a long query runs (DuckDB's query progress
    times the rows the file's size suggests)."""
    if on_rows is None:
        yield
        return
    size = sum(p.stat().st_size for p, _n in parts)
    with parts[0][0].open("rb") as f:
        head = f.read(1 << 20)
    per_row = max(len(head) / max(head.count(b"\n"), 1), 1.0)
    total = size / per_row
    done = threading.Event()

    def watch() -> None:
        while not done.wait(1.0):
            fraction = con.query_progress()
            if fraction and fraction > 0:
                on_rows(int(total * min(fraction, 100.0) / 100.0))

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()


def scalar(con: duckdb.DuckDBPyConnection, sql: str) -> object:
    return con.execute(sql).fetchall()[0][0]


def _trimmed(raw: str) -> str:
    """SQL for a cell's text without the blanks around it, NULL when nothing is left. DuckDB's
    trim takes spaces (U+3000 and no-break too) but not tabs, which text copied from Excel
    brings: those become spaces first (trim with a list of characters was 3x slower)."""
    return (
        f"NULLIF(CASE WHEN contains({raw}, chr(9)) THEN trim(replace({raw}, chr(9), ' ')) "
        f"ELSE trim({raw}) END, '')"
    )


def _parse(col: Column, text: str, scale: int = 1) -> str:
    """SQL parsing one cell's trimmed text (NULL when empty) into its engine value (`scale`:
    yuan per unit of an amount column, 10000 for one in 万元).

    Each kind has a cheap test for the clean common case; the slower clean-up (translate,
    regular expressions) runs only on the cells that need it (DuckDB evaluates CASE lazily).
    """
    if col.kind is Kind.TEXT:
        return text
    # a leading apostrophe is Excel's and the banks' mark for "text" ('6228…), not a character
    if col.kind is Kind.CODE:
        return (
            f"CASE WHEN NOT contains({text}, ' ') AND NOT contains({text}, '\u3000') "
            f"AND NOT starts_with({text}, '''') THEN {text} "
            f"ELSE NULLIF(replace(replace(ltrim({text}, ''''), ' ', ''), '\u3000', ''), '') END"
        )
    if col.kind is Kind.ID:
        ascii_clean = (
            f"length({text}) = strlen({text}) AND NOT contains({text}, ' ') "
            f"AND NOT contains({text}, 'x') AND NOT starts_with({text}, '''')"
        )
        squeezed = f"replace(replace(ltrim({text}, ''''), ' ', ''), '\u3000', '')"
        return (
            f"CASE WHEN {ascii_clean} THEN {text} "
            f"ELSE NULLIF(upper(translate({squeezed}, {_FULLWIDTH})), '') END"
        )
    if col.kind is Kind.DATE:
        return _date_expr(text, col.month)
    return _amount_expr(text, scale)


def _parse_fast(col: Column, cell: str, scale: int = 1) -> str:
    """_parse of the trimmed cell, with the cells that need no cleaning taken first as they are
    (trimming every cell cost a third of loading the payments): a date or amount that DuckDB's
    cast reads (it allows blanks around the value, as trimming would), an ID or code of plain
    ASCII with no blank, tab or apostrophe. Text is always trimmed: for Chinese text a test of
    its first and last characters costs more than the trim."""
    slow = _parse(col, _trimmed(cell), scale)
    if col.kind is Kind.TEXT:
        return slow
    if col.kind is Kind.DATE:
        cast = f"TRY_CAST({cell} AS DATE)"
        return f"CASE WHEN {cast} IS NOT NULL THEN {cast} ELSE {slow} END"
    if col.kind is Kind.AMOUNT:
        cast = f"TRY_CAST({cell} AS {_exact(scale)})"
        return f"CASE WHEN {cast} IS NOT NULL THEN {_in_yuan(cast, scale)} ELSE {slow} END"
    plain = (
        f"{cell} <> '' AND length({cell}) = strlen({cell}) AND NOT contains({cell}, ' ') "
        f"AND NOT contains({cell}, chr(9)) AND NOT starts_with({cell}, '''')"
    )
    if col.kind is Kind.ID:  # a lower-case x is made upper-case the slow way
        plain += f" AND NOT contains({cell}, 'x')"
    return f"CASE WHEN {plain} THEN {cell} ELSE {slow} END"


def _date_expr(text: str, month: bool = False) -> str:
    # the common ISO form by a cheap cast; other forms and Excel serial numbers only when it fails
    serial = f"DATE '1899-12-30' + CAST(floor(TRY_CAST({text} AS DOUBLE)) AS INTEGER)"
    # other forms with full-width digits too (documents typed in a Chinese input method)
    plain = f"translate({text}, {_FULLWIDTH})"
    other = f"CAST(try_strptime({plain}, {_DATE_FORMATS}) AS DATE)"
    if month:  # a month alone when no day is given (its first day)
        other = f"coalesce({other}, CAST(try_strptime({plain}, {_MONTH_FORMATS}) AS DATE))"
    return (
        f"CASE WHEN TRY_CAST({text} AS DATE) IS NOT NULL THEN TRY_CAST({text} AS DATE) "
        # 4 digits: a serial before 1927 (births of the oldest), unless it reads as a year
        f"WHEN regexp_full_match({text}, '\\d{{5}}(\\.\\d+)?') OR "
        f"(regexp_full_match({text}, '\\d{{4}}(\\.\\d+)?') "
        f"AND NOT TRY_CAST({text} AS DOUBLE) BETWEEN 1880 AND 2101) THEN {serial} "
        f"ELSE {other} END"
    )


def _amount_expr(text: str, scale: int = 1) -> str:
    """An amount in yuan: the number times `scale` (a column in 万元: 10000); a cell whose
    number ends in 万 (`1.2万`, `1.2万元`) is in 万元 whatever its column's unit."""
    cleaned = f"translate(regexp_replace({text}, '[\\s,，元¥￥]', '', 'g'), {_FULLWIDTH})"
    number = "[+-]?(\\d+(\\.\\d*)?|\\.\\d+)"
    exact = _exact(scale)
    wan = f"TRY_CAST(rtrim({cleaned}, '万') AS DECIMAL(24,6))"
    return (
        f"CASE WHEN TRY_CAST({text} AS {exact}) IS NOT NULL "
        f"THEN {_in_yuan(f'TRY_CAST({text} AS {exact})', scale)} "
        f"WHEN regexp_full_match({cleaned}, '{number}') "
        f"THEN {_in_yuan(f'CAST(TRY_CAST({cleaned} AS DOUBLE) AS {exact})', scale)} "
        f"WHEN regexp_full_match({cleaned}, '{number}万') THEN {_in_yuan(wan, 10000)} END"
    )


def _exact(scale: int) -> str:
    """The type an amount is read as: to the fen, or, for one in a larger unit, finer (12.3456
    万元 is 123,456 yuan)."""
    return "DECIMAL(18,2)" if scale == 1 else "DECIMAL(24,6)"


def _in_yuan(number: str, scale: int) -> str:
    if scale == 1:
        return number
    # too large for an amount: NULL, and the cell is refused as not an amount
    return f"TRY_CAST({number} * {int(scale)} AS DECIMAL(18,2))"


def _bad(col: Column, text: str, value: str) -> str | None:
    """SQL giving the offending text ('' for a missing required value), NULL when it is fine
    (at once when the cell has a value: `text` is then never computed)."""
    parts = [f"WHEN {value} IS NOT NULL THEN NULL"]
    if col.required:
        parts.append(f"WHEN {text} IS NULL THEN ''")
    if col.kind in (Kind.DATE, Kind.AMOUNT):
        parts.append(f"WHEN {text} IS NOT NULL THEN {text}")  # and it has no value
    if len(parts) == 1:
        return None
    return f"CASE {' '.join(parts)} END"


def _bad_message(col: Column, value: str) -> str:
    if value == "":
        return "不能为空"
    # a cell holding something like an ID number is masked: errors go to consoles and logs
    shown = _ID_LIKE.sub(lambda m: mask_id(m.group(0)), value)
    if col.kind is Kind.DATE:
        month = "、只写月份的 2024年1月（按1日计）" if col.month else ""
        return f"“{shown}”不是日期（可用 2024-01-05、2024/1/5、20240105{month} 或 Excel 日期）"
    return f"“{shown}”不是金额（应为数字，如 1,234.50 或 1234.5元；不接受大写金额）"


def _type(col: Column) -> str:
    from .contract import DUCKDB_TYPES

    return DUCKDB_TYPES[col.kind]


def _norm_header(header: str) -> str:
    return norm_header(header)


def _str_list(values: list[str]) -> str:
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def _lit(path: Path) -> str:
    return str(path).replace("'", "''")


def _short(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0][:300]


def table_columns(table: str) -> list[str]:
    """Engine column names of a loaded table (what backends expose as the table)."""
    return [name for name, _ in engine_schema(TABLES[table])]
