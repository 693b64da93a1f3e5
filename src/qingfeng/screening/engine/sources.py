"""Finding the input files in a folder and turning each one into UTF-8 CSV parts for DuckDB
(what a file really is, its encoding and its header are sniff.py's business)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from .contract import TABLES
from .errors import DataProblem
from .sniff import ARCHIVE_SUFFIXES, TABLE_SUFFIXES, FileProblems, Part, open_table, suffix_of

__all__ = ["FileProblems", "Part", "find_sources", "to_parts"]


def find_sources(data_dir: Path) -> tuple[dict[str, Path], list[str], list[DataProblem]]:
    """Map table name -> file; also the names of files ignored and any ambiguity problems."""
    by_name: dict[str, str] = {}
    for table in TABLES.values():
        by_name[table.name] = table.name
        for alias in table.aliases:
            by_name[alias] = table.name
    found: dict[str, Path] = {}
    ignored: list[str] = []
    problems: list[DataProblem] = []
    for path in sorted(data_dir.iterdir()):
        suffix = suffix_of(path.name, TABLE_SUFFIXES + ARCHIVE_SUFFIXES)
        if not path.is_file() or path.name.startswith((".", "~$")) or not suffix:
            if path.is_file() and not path.name.startswith("."):
                ignored.append(path.name)
            continue
        stem = path.name[: -len(suffix)]
        table = by_name.get(unicodedata.normalize("NFKC", stem).strip().lower())
        if table is None:
            if path.name != "truth.csv":  # the generator's answer key lives beside the data
                ignored.append(path.name)
            continue
        if table in found:
            problems.append(
                DataProblem(
                    path.name, None, None, f"与{found[table].name}是同一张表，请只保留一个文件"
                )
            )
            continue
        found[table] = path
    return found, ignored, problems


def to_parts(table: str, path: Path, scratch: Path) -> tuple[list[Part], list[str]]:
    """The UTF-8 CSV parts of one table's file (a zip may hold several) and the zip members
    ignored; raises FileProblems naming what is wrong."""
    return open_table(path, path.name, scratch, table)
