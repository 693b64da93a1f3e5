"""Shared helpers for the engine tests (no Django)."""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

from qingfeng.screening.engine import command
from qingfeng.screening.engine.contract import TABLES
from qingfeng.screening.engine.hits import Hit

LABEL_TO_TABLE = {t.label: t.name for t in TABLES.values()}


def records_of(hit: Hit) -> str:
    """The evidence as 'deaths:3 payments:5 6': table and file row numbers, in evidence order."""
    evidence = json.loads(hit.evidence)
    parts = []
    for label, records in evidence.items():
        rows = " ".join(str(r["行号"]) for r in records)
        parts.append(f"{LABEL_TO_TABLE[label]}:{rows}")
    return " ".join(parts)


def hit_rows(hits: list[Hit]) -> list[dict[str, str]]:
    return [
        {
            "subject": h.subject,
            "village_code": h.village_code,
            "records": records_of(h),
            "link": "fuzzy" if h.fuzzy else "exact",
        }
        for h in hits
    ]


def read_expected(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return [dict(row) for row in csv.DictReader(f)]


def run(*argv: str) -> int:
    """`qingfeng screen …` in this process; its exit code."""
    parser = argparse.ArgumentParser(prog="qingfeng")
    command.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(list(argv))
    return int(args.func(args))


def rows(path: Path) -> list[dict[str, str]]:
    """The rows of a hits CSV (UTF-8 with a BOM)."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def load_payments(data: Path, tmp_path: Path, columns: str) -> tuple[list[tuple], list[str]]:
    """Load the folder `data` as a run does; the payments' `columns` by row, and what the
    progress said."""
    import duckdb

    from qingfeng.screening.engine.backends import DuckDBBackend
    from qingfeng.screening.engine.loader import load_folder, table_columns

    said: list[str] = []
    con = duckdb.connect()
    work = tmp_path / "work"
    load_folder(data, work, con, progress=lambda _f, text: said.append(text))
    DuckDBBackend(con).register("payments", work / "payments.parquet", table_columns("payments"))
    rows = con.execute(f"SELECT {columns} FROM payments ORDER BY row_id").fetchall()
    return rows, said
