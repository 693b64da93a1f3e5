"""The previous version of a run: what a run leaves behind so that next month's run re-uses it.

A *version* is the state a run with a load cache writes beside the cache (`<cache>/runs/<id>/`):
which content each table was loaded from (its cache key and rows), the derived tables (payees,
ID checks, links, cadres), each rule's rows (one per record behind a hit) and its hits. `<id>`
fingerprints everything else a run's result depends on: the rules and their parameters, the
link threshold, the engine, and the engine's own source (every .py and .sql file of this
package), so a changed rule or a new release never meets an old version.

Next run, each table is compared with the version's: the same content, rows appended to that
content (increments.py), or changed. partial.py decides from that what is re-used.
"""

# SQL here is assembled from the engine's own column names; paths are parameters.
# ruff: noqa: S608

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import duckdb

from .hits import Hit
from .linking import LinkStats
from .lists import drop_list_table, list_table
from .loader import LoadedData
from .rules import OUTPUT_COLUMNS

RUNS_DIR = "runs"
STATE_FORMAT = "2"  # 2: every rule's rows in rows.parquet, its hits in hits.parquet
ENGINE_DIR = Path(__file__).parent

ROWS_FILE, HITS_FILE = "rows.parquet", "hits.parquet"
ROW_SCHEMA = (  # the rule, its rows (hits.OUTPUT_COLUMNS) and their DuckDB types
    ("rule", "VARCHAR"),
    ("subject", "VARCHAR"),
    ("village_code", "VARCHAR"),
    ("src", "VARCHAR"),
    ("row_id", "BIGINT"),
    ("link_kind", "VARCHAR"),
    ("link_prob", "DOUBLE"),
)
HIT_SCHEMA = (
    ("rule", "VARCHAR"),
    ("subject", "VARCHAR"),
    ("village_code", "VARCHAR"),
    ("summary", "VARCHAR"),
    ("evidence", "VARCHAR"),
    ("fuzzy", "BOOLEAN"),
)


class Change(StrEnum):
    SAME = "same"  # the same content as in the previous version
    APPENDED = "appended"  # the previous content with rows appended at its end
    CHANGED = "changed"  # anything else (including a table given now and not then)


@dataclass(frozen=True)
class TableChange:
    change: Change
    rows_before: int = 0  # for APPENDED: rows of the previous content (row_id > this is new)


@cache
def engine_fingerprint() -> str:
    """A hash of the engine's own source: any change to rules, linking or loading gives another."""
    digest = hashlib.sha256(STATE_FORMAT.encode())
    for path in sorted(ENGINE_DIR.rglob("*")):
        if path.suffix in (".py", ".sql") and "generator" not in path.parts:
            digest.update(str(path.relative_to(ENGINE_DIR)).encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def run_id(rules: list[str], values: dict[str, Any], link_threshold: float, engine: str) -> str:
    config = {
        "rules": sorted(rules),
        "params": {k: {n: str(v) for n, v in sorted(p.items())} for k, p in sorted(values.items())},
        "link_threshold": repr(link_threshold),
        "engine": engine,
        "source": engine_fingerprint(),
    }
    return hashlib.sha256(json.dumps(config, sort_keys=True).encode()).hexdigest()[:32]


class Previous:
    """A version read back: its tables' keys, derived tables, rule rows and hits."""

    def __init__(self, folder: Path, manifest: dict[str, Any]) -> None:
        self.folder = folder
        self.tables: dict[str, dict[str, Any]] = manifest.get("tables", {})
        self.derived: set[str] = set(manifest.get("derived", []))
        self.rules: set[str] = set(manifest.get("rules", []))
        self._link_stats: dict[str, int] = manifest.get("link_stats", {})
        self._rows: dict[str, list[tuple[Any, ...]]] | None = None  # read once, when first asked
        self._hits: dict[str, list[tuple[Any, ...]]] | None = None

    def link_stats(self) -> LinkStats:
        known = {f.name for f in dataclasses.fields(LinkStats)}
        return LinkStats(**{k: int(v) for k, v in self._link_stats.items() if k in known})

    def change(self, table: str, loaded: LoadedData) -> TableChange:
        before = self.tables.get(table)
        version = loaded.versions.get(table)
        if not loaded.has(table):
            return TableChange(Change.SAME if before is None else Change.CHANGED)
        if before is None or version is None:
            return TableChange(Change.CHANGED)
        if version.key == before["key"]:
            return TableChange(Change.SAME)
        if version.appended_to == (before["key"], before["rows"]):
            return TableChange(Change.APPENDED, int(before["rows"]))
        return TableChange(Change.CHANGED)

    def derived_path(self, name: str) -> Path | None:
        path = self.folder / "derived" / f"{name}.parquet"
        return path if name in self.derived and path.is_file() else None

    def rows(self, code: str) -> list[tuple[Any, ...]] | None:
        if code not in self.rules or not self._read():
            return None
        return self._rows.get(code, [])  # type: ignore[union-attr]

    def hits(self, code: str) -> list[Hit]:
        if not self._read():  # never reached: a rule's hits are asked for after its rows
            raise ValueError(f"no hits in {self.folder}")
        cols = [name for name, _type in HIT_SCHEMA]
        return [Hit(**dict(zip(cols, row, strict=True))) for row in self._hits.get(code, [])]  # type: ignore[union-attr]

    def _read(self) -> bool:
        """Read the rows and hits files once; a version missing either is not re-used at all
        (hits kept from it would otherwise silently drop)."""
        if self._rows is None and self.rules:
            self._rows = _by_rule(self.folder / ROWS_FILE, ["rule", *OUTPUT_COLUMNS], True)
            self._hits = _by_rule(self.folder / HITS_FILE, [n for n, _t in HIT_SCHEMA], False)
            if self._rows is None or self._hits is None:
                self.rules, self._rows, self._hits = set(), None, None
        return self._rows is not None


def _by_rule(path: Path, columns: list[str], drop_code: bool) -> dict[str, list] | None:
    """A version's table of every rule (its first column the rule's code) by rule, each row
    without the code when `drop_code`; None when the file is missing or unreadable."""
    if not path.is_file():
        return None
    try:
        rows = _query(f"SELECT {', '.join(columns)} FROM read_parquet(?)", [str(path)])
    except duckdb.Error:
        return None
    out: dict[str, list] = {}
    for row in rows:
        out.setdefault(row[0], []).append(row[1:] if drop_code else row)
    return out


class History:
    """Versions of runs kept under a folder: the one a run starts from (`since`, default the
    folder it writes to) and the one it writes."""

    def __init__(self, root: Path, since: Path | None = None) -> None:
        self.root = Path(root) / RUNS_DIR
        self.since = Path(since) / RUNS_DIR if since is not None else self.root

    def has(self, run: str) -> bool:
        """Whether a version of this run is there to start from."""
        return (self.since / run / "manifest.json").is_file()

    def previous(self, run: str, into: Path) -> Previous | None:
        """The version to start from, hard-linked into `into` (a run's work folder) first, so
        that another run replacing it meanwhile changes nothing for this one."""
        folder = self.since / run
        shutil.rmtree(into, ignore_errors=True)
        try:
            shutil.copytree(folder, into, copy_function=os.link)
            manifest = json.loads((into / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError, shutil.Error):
            shutil.rmtree(into, ignore_errors=True)
            return None
        if manifest.get("format") != STATE_FORMAT:
            return None
        return Previous(into, manifest)

    def save(
        self,
        run: str,
        loaded: LoadedData,
        derived: dict[str, Path],
        rows: dict[str, list[tuple[Any, ...]]],
        hits: dict[str, list[Hit]],
        link_stats: LinkStats,
        extra: Callable[[Path], None] | None = None,
    ) -> None:
        """Write this run's version, replacing the one before (atomically: a crash leaves the
        old version or the new one). Only when every table was loaded with a cache key."""
        if any(t not in loaded.versions for t in loaded.parquet):
            return
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=self.root))
        try:
            (tmp / "derived").mkdir()
            for name, path in derived.items():
                # a run never writes through a derived file (prepare.py unlinks it first), so
                # the version can share it with the work folder instead of copying it
                try:
                    os.link(path, tmp / "derived" / f"{name}.parquet")
                except OSError:
                    shutil.copyfile(path, tmp / "derived" / f"{name}.parquet")
            # every rule's rows in one file and its hits in another: two dozen small files cost
            # a tenth of a second each month to write and again to read
            _write(ROW_SCHEMA, [(c, *r) for c, rule_rows in rows.items() for r in rule_rows],
                   tmp / ROWS_FILE)  # fmt: skip
            found = [
                tuple(h.__dict__[c] for c, _t in HIT_SCHEMA) for c in rows for h in hits.get(c, [])
            ]
            _write(HIT_SCHEMA, found, tmp / HITS_FILE)
            manifest = {
                "format": STATE_FORMAT,
                "tables": {
                    t: {"key": loaded.versions[t].key, "rows": loaded.rows[t]}
                    for t in loaded.parquet
                },
                "derived": sorted(derived),
                "rules": sorted(rows),
                "link_stats": dataclasses.asdict(link_stats),
            }
            if extra is not None:
                extra(tmp)  # more of the version (records.py), written by the run
            (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False))
            target = self.root / run
            old = self.root / f".old-{run}"
            shutil.rmtree(old, ignore_errors=True)
            if target.exists():
                target.rename(old)
            tmp.rename(target)
            shutil.rmtree(old, ignore_errors=True)
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)  # a version not written is not an error


def _write(schema: tuple[tuple[str, str], ...], rows: list[tuple[Any, ...]], path: Path) -> None:
    """Write rows as Parquet with DuckDB (pyarrow would import pandas: lists.py)."""
    con = _con()
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(schema)
    list_table(
        con,
        "__qf_state",
        {name: (sql_type, list(c)) for (name, sql_type), c in zip(schema, columns, strict=True)},
    )
    try:
        con.execute(
            f"COPY __qf_state TO '{str(path).replace(chr(39), chr(39) * 2)}' (FORMAT parquet)"
        )
    finally:
        drop_list_table(con, "__qf_state")


def _query(sql: str, params: list[str]) -> list[tuple[Any, ...]]:
    return _con().execute(sql, params).fetchall()


_LOCAL = threading.local()


def _con() -> duckdb.DuckDBPyConnection:
    """One small DuckDB connection per thread for reading and writing versions (a connection
    costs tens of milliseconds to open, and a version is two dozen files)."""
    con = getattr(_LOCAL, "con", None)
    if con is None:
        con = _LOCAL.con = duckdb.connect(config={"threads": 1})
    return con
