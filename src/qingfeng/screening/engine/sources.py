"""Finding the input files in a folder and turning each one into UTF-8 CSV for DuckDB."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .contract import TABLES
from .errors import DataProblem

CSV_SUFFIXES = {".csv", ".txt"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls"}
_SNIFF_BYTES = 1 << 20


@dataclass(frozen=True)
class SourceFile:
    table: str  # contract table name
    path: Path  # the file as given
    csv_path: Path  # UTF-8 CSV that DuckDB reads (the file itself when already UTF-8)


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
        suffix = path.suffix.lower()
        if not path.is_file() or suffix not in CSV_SUFFIXES | EXCEL_SUFFIXES:
            if path.is_file() and path.name != "truth.csv":
                ignored.append(path.name)
            continue
        table = by_name.get(unicodedata.normalize("NFKC", path.stem).strip().lower())
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


def to_utf8_csv(table: str, path: Path, scratch: Path) -> SourceFile:
    """Excel and GBK files are rewritten as UTF-8 CSV in the scratch folder; UTF-8 is read as is."""
    if path.suffix.lower() in EXCEL_SUFFIXES:
        out = scratch / f"{table}.from_excel.csv"
        _excel_to_csv(path, out)
        return SourceFile(table, path, out)
    if detect_encoding(path) == "utf-8":
        return SourceFile(table, path, path)
    return SourceFile(table, path, transcode(path, scratch / f"{table}.utf8.csv", "gb18030"))


def detect_encoding(path: Path) -> str:
    """'utf-8' (with or without BOM) or 'gb18030' (a superset of GBK and GB2312)."""
    with path.open("rb") as f:
        head = f.read(_SNIFF_BYTES)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8"


def transcode(path: Path, out: Path, encoding: str) -> Path:
    with (
        path.open("r", encoding=encoding, newline="") as src,
        out.open("w", encoding="utf-8", newline="") as dst,
    ):
        while chunk := src.read(1 << 22):
            dst.write(chunk)
    return out


def _excel_to_csv(path: Path, out: Path) -> None:
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    with out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        for row in rows:
            writer.writerow([_cell_text(v) for v in row])


def _cell_text(value: object) -> str:
    """Excel cell as the text an official would see; dates as ISO, whole numbers without .0."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)
