"""Finding the input files in a folder and its subfolders and turning each one into UTF-8 CSV
parts for DuckDB (what a file really is, its encoding and its header are sniff.py's business).

A county may keep a month's tables in a subfolder (`数据/2026年11月/发放明细.csv`): every file is
named in messages by its path relative to the data folder."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from .contract import TABLES
from .errors import DataProblem
from .sniff import ARCHIVE_SUFFIXES, TABLE_SUFFIXES, FileProblems, Part, open_table, suffix_of

__all__ = ["FileProblems", "Part", "find_sources", "shown_name", "to_parts"]

ANSWER_KEY = "truth.csv"  # the generator's answer key lives beside the data
# a load cache's folder (`--cache DIR`, cache.py) holds a memo of each file's hash named so:
# a folder holding one is the engine's own, never data, wherever it sits
_CACHE_MEMO = re.compile(r"stat-[0-9a-f]{64}")


def find_sources(
    data_dir: Path, skip: Iterable[Path] = ()
) -> tuple[dict[str, Path], list[str], list[DataProblem]]:
    """Map table name -> file, looking into subfolders too (not into hidden ones, `skip`, nor
    the engine's own cache folders); also the files ignored and any problems (the same table
    twice, an unreadable folder, no table at all), every file named by `shown_name`."""
    by_name = _table_names()
    found: dict[str, Path] = {}
    ignored: list[str] = []
    problems: list[DataProblem] = []
    skipped = {os.path.realpath(p) for p in skip}
    for path in _files(data_dir, data_dir, skipped, problems):
        shown = shown_name(path, data_dir)
        table = _table_of(path.name, by_name)
        if table is None:
            if path.name != ANSWER_KEY:
                ignored.append(shown)
        elif table in found:
            same = f"与{shown_name(found[table], data_dir)}是同一张表，请只保留一个文件"
            problems.append(DataProblem(shown, None, None, same))
        else:
            found[table] = path
    if not found and not problems:
        problems.append(_nothing_found(data_dir, ignored))
    return found, ignored, problems


def shown_name(path: Path, data_dir: Path) -> str:
    """A file as messages name it: its path relative to the data folder (`2026年11月/x.csv`)."""
    try:
        return path.relative_to(data_dir).as_posix()
    except ValueError:
        return path.name


def to_parts(
    table: str, path: Path, scratch: Path, shown: str | None = None
) -> tuple[list[Part], list[str]]:
    """The UTF-8 CSV parts of one table's file (a zip may hold several) and the zip members
    ignored; raises FileProblems naming what is wrong (the file as `shown`, default its name)."""
    return open_table(path, shown or path.name, scratch, table)


def _table_names() -> dict[str, str]:
    by_name: dict[str, str] = {}
    for table in TABLES.values():
        by_name[table.name] = table.name
        for alias in table.aliases:
            by_name[alias] = table.name
    return by_name


def _table_of(name: str, by_name: dict[str, str]) -> str | None:
    """The table a file holds, by its name (`发放明细.csv` holds payments); None for any other
    file, and for an Excel lock file (`~$发放明细.xlsx`)."""
    suffix = suffix_of(name, TABLE_SUFFIXES + ARCHIVE_SUFFIXES)
    if not suffix or name.startswith("~$"):
        return None
    return by_name.get(unicodedata.normalize("NFKC", name[: -len(suffix)]).strip().lower())


def _files(
    folder: Path, data_dir: Path, skipped: set[str], problems: list[DataProblem]
) -> Iterator[Path]:
    """The files under `folder` that are not hidden, each folder's files (in name order)
    before its subfolders; a folder reached twice (a link) is read once."""
    skipped.add(os.path.realpath(folder))
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        where = str(folder) if folder == data_dir else shown_name(folder, data_dir)
        problems.append(DataProblem(where, None, None, "无法打开这个文件夹，请检查访问权限"))
        return
    if folder != data_dir and any(_CACHE_MEMO.fullmatch(p.name) for p in entries):
        return
    visible = [p for p in entries if not p.name.startswith(".")]
    yield from (p for p in visible if p.is_file())
    for sub in visible:
        if sub.is_dir() and not _skipped_folder(sub, skipped):
            yield from _files(sub, data_dir, skipped, problems)


def _skipped_folder(folder: Path, skipped: set[str]) -> bool:
    return (
        folder.name.startswith("~$")
        or folder.name == "__MACOSX"
        or os.path.realpath(folder) in skipped
    )


def _nothing_found(data_dir: Path, ignored: list[str]) -> DataProblem:
    message = "没有找到任何数据表（如 payments.csv），子文件夹里也没有"
    if ignored:
        more = f"等{len(ignored)}个文件" if len(ignored) > 5 else ""
        message += f"；文件名都不是数据表的名称：{'、'.join(ignored[:5])}{more}"
    return DataProblem(str(data_dir), None, None, message)
