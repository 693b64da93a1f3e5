"""Files of uploaded data sets on disk, outside MEDIA_ROOT (they hold full personal data).

Each data set has a folder under SCREENING_DATA_DIR (default VAR_DIR/screening) holding only:
- the files as uploaded (`original-<n><suffix>`: `.csv`, `.xlsx`, `.csv.gz`, `.zip`), one or
  several parts of one table, in order;
- `checked.parquet`, the engine's typed table, once the check passed (runs read it directly);
  for next month's file that only adds rows to the previous version, the previous version's
  segments (hard links) and `checked.part-<n>.parquet` with the new rows (engine/segments.py);
- `checked.json`: the size and hash of the text it was checked from (engine/increments.py).

`versions/<region>/` holds what a region's last run left for the next (engine/versions.py).

A check works in the folder's `work/` (UTF-8 copies of GBK or Excel parts, files taken out of a
zip, DuckDB's spill files) and removes it when it ends, whatever the outcome; nothing goes to the
system temp folder, so a check killed midway leaves its files in one place, which the worker's
sweep removes (services.datasets_sweep).
"""

from __future__ import annotations

import csv
import dataclasses
import gzip
import os
import shutil
import unicodedata
import uuid
import zipfile
import zlib
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
from django.conf import settings
from python_calamine import CalamineError

from qingfeng.screening.engine.cache import place
from qingfeng.screening.engine.contract import TABLES
from qingfeng.screening.engine.errors import DataProblem
from qingfeng.screening.engine.headers import find_columns, scale_note
from qingfeng.screening.engine.increments import checked_prefix, open_text, write_checked_meta
from qingfeng.screening.engine.loader import load_table
from qingfeng.screening.engine.segments import segment_path, segments
from qingfeng.screening.engine.sniff import (
    ARCHIVE_SUFFIXES,
    TABLE_SUFFIXES,
    FileProblems,
    Part,
    open_table,
    part_notes,
)

# what the engine reads (sniff.py): Excel, text tables, gzipped text, zip archives of them
SUFFIXES = TABLE_SUFFIXES + ARCHIVE_SUFFIXES
CHECKED = "checked.parquet"
WORK = "work"


def root() -> Path:
    path = Path(getattr(settings, "SCREENING_DATA_DIR", settings.VAR_DIR / "screening"))
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def folder_path(folder: str) -> Path:
    return root() / "datasets" / folder


def max_upload_bytes() -> int:
    return int(getattr(settings, "SCREENING_MAX_UPLOAD_BYTES", 20 * 1024**3))


def suffix_of(name: str) -> str:
    """The accepted suffix of a file name ('' when not accepted)."""
    lower = (name or "").lower().strip()
    for suffix in sorted(SUFFIXES, key=len, reverse=True):
        if lower.endswith(suffix):
            return suffix
    return ""


def norm_header(header: str) -> str:
    return unicodedata.normalize("NFKC", header or "").replace("\ufeff", "").strip()


# --- storing uploads --------------------------------------------------------------------------


def new_folder() -> str:
    folder = uuid.uuid4().hex
    folder_path(folder).mkdir(parents=True, mode=0o700)
    return folder


def stored_name(index: int, name: str) -> str:
    return f"original-{index}{suffix_of(name)}"


def store_upload(folder: str, index: int, upload) -> dict:
    """Put one uploaded file (Django's UploadedFile, already streamed to disk by Django when it
    is large) in the folder: moved when it is a temporary file, else written chunk by chunk."""
    target = folder_path(folder) / stored_name(index, upload.name)
    temporary = getattr(upload, "temporary_file_path", None)
    if temporary is not None:
        try:
            os.replace(temporary(), target)  # same file system: no copy at all
        except OSError:
            shutil.copyfile(temporary(), target)
    else:
        with target.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
    target.chmod(0o600)
    return {"name": Path(upload.name).name[:200], "stored": target.name, "size": upload.size}


def append_chunk(folder: str, stored: str, offset: int, chunks: Iterable[bytes]) -> int:
    """Append a chunk at `offset` of a file being uploaded; return the new size. The offset
    must be the file's current size (a resent chunk is refused, the client asks again)."""
    target = folder_path(folder) / stored
    size = target.stat().st_size if target.exists() else 0
    if offset != size:
        raise ValueError(size)
    with target.open("ab") as out:
        for chunk in chunks:
            out.write(chunk)
    target.chmod(0o600)
    return target.stat().st_size


def received(folder: str, stored: str) -> int:
    target = folder_path(folder) / stored
    return target.stat().st_size if target.exists() else 0


def checked_parquet(folder: str) -> Path:
    return folder_path(folder) / CHECKED


def versions_folder(region_pk: int) -> Path:
    """Where a region's runs keep their version for next month's run (engine/versions.py):
    derived tables with personal data like the data sets, under the same root."""
    return root() / "versions" / str(int(region_pk))


def remove_versions(region_pk: int) -> None:
    shutil.rmtree(versions_folder(region_pk), ignore_errors=True)


def remove(folder: str) -> None:
    if folder:
        shutil.rmtree(folder_path(folder), ignore_errors=True)


def remove_work(folder: str) -> None:
    shutil.rmtree(folder_path(folder) / WORK, ignore_errors=True)


def disk_usage(folder: str) -> int:
    return sum(p.stat().st_size for p in folder_path(folder).rglob("*") if p.is_file())


# --- checking ---------------------------------------------------------------------------------


@dataclass
class CheckResult:
    headers: list[str]
    needs_mapping: bool = False
    rows: int = 0
    problems: list[dict] | None = None
    notes: list[str] = dataclasses.field(default_factory=list)  # e.g. closing rows left out


def check(
    folder: str,
    kind: str,
    files: list[dict],
    mapping: dict[str, str] | None,
    on_rows: Callable[[int], None] | None = None,
    previous: str | None = None,
) -> CheckResult:
    """Check the data set's files as one table with the engine's loader.

    Without a mapping, files whose headers are not the contract's stop at the headers
    (`needs_mapping`). On success the typed table is `checked.parquet`; `work/` is always
    removed. `previous` is the folder of the table's previous version: when this file is
    that one with rows appended (next month's payments), only the new rows are checked and
    the table is the previous one's segments followed by the new rows (engine/segments.py)."""
    path = folder_path(folder)
    work = path / WORK
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(mode=0o700)
    try:
        try:
            found_parts, notes = _parts(path, files, work)
            parts = [(p.path, p.shown) for p in found_parts]
            above = [p.above for p in found_parts]
            gaps = [p.gaps for p in found_parts]
            if not parts:
                return CheckResult(
                    [], problems=[_problem(None, None, "压缩包里没有 .csv 或 .xlsx 文件")]
                )
            headers = read_headers(parts[0][0])
            problems = [
                _problem(name, 1 + up, f"表头与{parts[0][1]}不同：同一张表的各个文件应有相同的列")
                for (part, name), up in zip(parts[1:], above[1:], strict=True)
                if read_headers(part) != headers
            ]
        except FileProblems as exc:  # not a table the engine reads: the same words as the CLI
            return CheckResult([], problems=[_as_dict(p) for p in exc.problems])
        except UNREADABLE as exc:
            return CheckResult([], problems=[_problem(None, None, _why(exc))])
        if problems:
            return CheckResult(headers, problems=problems)
        if mapping is None:
            if missing_columns(kind, headers):
                return CheckResult(headers, needs_mapping=True)
            mapping = find_columns(TABLES[kind], headers)
        out = work / CHECKED
        # a file with rows left out among its records (gaps.py) is checked whole
        earlier = (
            checked_prefix(checked_parquet(previous), parts[0][0], mapping)
            if previous and len(parts) == 1 and not gaps[0]
            else None
        )
        con = _duckdb(work)
        try:
            if earlier is not None:
                found, rows = _check_appended(
                    con, kind, parts[0], earlier, out, mapping, on_rows, above[0]
                )
            else:
                found, rows = load_table(
                    con, kind, parts, out, mapping, on_rows, above, gaps,
                    separators=[p.separator for p in found_parts],
                )  # fmt: skip
        except (duckdb.Error, OSError, ValueError) as exc:
            return CheckResult(headers, problems=[_problem(parts[0][1], None, _why(exc))])
        finally:
            con.close()
        if found:
            return CheckResult(headers, rows=rows, problems=[_as_dict(p) for p in found])
        target = path / CHECKED
        if earlier is not None:  # last month's rows as they were checked, then the new ones
            place(earlier, target)
            os.replace(out, segment_path(target, len(earlier.segments)))
        else:
            os.replace(out, target)
        for segment in segments(target):
            segment.chmod(0o600)
        appended_to = (earlier.key, earlier.rows) if earlier is not None else None
        write_checked_meta(target, [p for p, _n in parts], rows, mapping, appended_to)
        notes += scale_note(TABLES[kind], mapping)  # an amount in 万元, read in yuan
        return CheckResult(headers, rows=rows, problems=[], notes=notes)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _check_appended(con, kind, part, earlier, out, mapping, on_rows, above=0):  # type: ignore[no-untyped-def]
    """Check the rows of `part` after the previous version's text (its header line first);
    problems name the rows as the whole file numbers them (`above`: its rows above the header,
    left out of the part's text)."""
    text, name = part
    tail = out.with_name("appended.csv")
    with open_text(text) as src, tail.open("wb") as dst:
        dst.write(src.readline())
        src.seek(earlier.size)
        shutil.copyfileobj(src, dst, 1 << 22)
    found, rows = load_table(con, kind, [(tail, name)], out, mapping, on_rows, [above])
    tail.unlink(missing_ok=True)
    found = [
        dataclasses.replace(p, row=p.row + earlier.rows) if p.row is not None else p for p in found
    ]
    return found, earlier.rows + rows


def _duckdb(work: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(
        config={"memory_limit": "2GB", "temp_directory": str(work / "spill"), "threads": 2}
    )
    con.execute("SET enable_progress_bar = true")  # needed for query_progress()
    con.execute("SET enable_progress_bar_print = false")
    return con


def _parts(path: Path, files: list[dict], work: Path) -> tuple[list[Part], list[str]]:
    """The parts (a UTF-8 CSV path and the name shown, with the rows of the file left out of
    it: above its header, among its records) of the files, in order, by the engine's sniff.py
    (the same checks and messages as `qingfeng screen`; copies made only when needed), and
    what it says of how it read them (a title, closing rows, another separator)."""
    parts, notes = [], []
    for i, f in enumerate(files):
        found, _ignored = open_table(path / f["stored"], f["name"], work, str(i))
        parts += found
        notes += [note for p in found for note in part_notes(p)]
    return parts, notes


def read_headers(path: Path) -> list[str]:
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as f:
        row = next(csv.reader(f), [])
    return [norm_header(h) for h in row]


def missing_columns(kind: str, headers: list[str]) -> list[str]:
    """Contract headers (not optional) that the file has neither under their own name nor
    under one of their other names (engine/headers.py)."""
    present = find_columns(TABLES[kind], headers)
    return [c.header for c in TABLES[kind].columns if not c.optional and c.header not in present]


def guess_mapping(kind: str, headers: list[str], remembered: dict[str, str]) -> dict[str, str]:
    """Contract header -> file header: the same name (or one of its other names) first, else
    what was used last time."""
    guess = find_columns(TABLES[kind], headers)
    for col in TABLES[kind].columns:
        if col.header not in guess and remembered.get(col.header) in headers:
            guess[col.header] = remembered[col.header]
    return guess


def _problem(file: str | None, row: int | None, message: str) -> dict:
    return {"file": file, "row": row, "column": None, "message": message}


def _as_dict(p: DataProblem) -> dict:
    return {"file": p.file, "row": p.row, "column": p.column, "message": p.message}


# A damaged or mislabelled file: truncated gzip (EOFError), bad deflate data (zlib.error),
# not an Excel workbook or a damaged one (calamine's errors), undecodable text, a bad zip.
UNREADABLE = (
    OSError, ValueError, EOFError, zlib.error, zipfile.BadZipFile, UnicodeDecodeError, CalamineError
)  # fmt: skip


def _why(exc: BaseException) -> str:
    if isinstance(exc, CalamineError):
        return "无法读取：这不是有效的 Excel .xlsx 文件，或文件已损坏；请重新保存为 .xlsx 后再上传"
    if isinstance(exc, (EOFError, zlib.error, zipfile.BadZipFile)):
        return "无法读取：压缩文件不完整或已损坏；请重新压缩后再上传"
    text = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
    return f"无法读取：{text}"


def checked_tables(datasets) -> dict[str, Path]:
    """Kind -> checked Parquet of each data set, for one engine run."""
    tables = {}
    for dataset in datasets:
        parquet = checked_parquet(dataset.folder)
        if not parquet.is_file():
            raise FileNotFoundError(dataset.pk)
        tables[dataset.kind] = parquet
    return tables


@contextmanager
def run_work(run_pk: int):
    """A run's work folder under SCREENING_DATA_DIR (never the system temp), removed after;
    the worker's sweep removes those of runs killed midway."""
    work = root() / "runs" / str(run_pk)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True, mode=0o700)
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)


def remove_run_work(*, keep: set[int]) -> None:
    runs = root() / "runs"
    if not runs.is_dir():
        return
    for path in runs.iterdir():
        if not (path.name.isdigit() and int(path.name) in keep):
            shutil.rmtree(path, ignore_errors=True)
