"""Run screening rules over a folder of tables: load, check, link, run each rule, gather hits."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from .backends import Backend, DuckDBBackend, SparkBackend
from .cache import LoadCache
from .columns import columns_read
from .contract import TABLES
from .evidence import complete_rows, start_line_ends
from .hits import Hit, build_hits, fetch_records, hit_count, rule_rows
from .linking import LINK_THRESHOLD, LinkStats, warm_up
from .loader import load_folder, use_checked
from .needs import plan
from .partial import Mode, PartialRules, Plan, keep_clean
from .places import locate_records
from .prepare import columns_of, prepare, table_paths
from .progress import Progress, Stage, silent
from .records import RecordStore
from .rule_state import RuleStates
from .rules import resolve_params, select_rules
from .spark_linking import spark_predict
from .versions import History, run_id

ENGINES = ("duckdb", "spark")
# DuckDB's memory limit: 3 GB, spilling to the work folder beyond it (a province); a run with
# its tables in memory (at most a county's, loader.MEMORY_MAX_BYTES) gets less once they are
# loaded, so that the whole process stays under issue 13's 2 GB
MEMORY_LIMIT, MEMORY_RUN_LIMIT = "3GB", "1500MB"


@dataclass
class ScreeningReport:
    hits: list[Hit] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # rule code -> why, in Chinese
    links: LinkStats = field(default_factory=LinkStats)
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows loaded


def run_screening(
    data_dir: str | Path,
    rules: list[str] | None = None,
    params: dict[str, Any] | None = None,
    engine: str = "duckdb",
    progress: Progress | None = None,
    work_dir: str | Path | None = None,
    cache: LoadCache | None = None,
) -> list[Hit]:
    """Hits of the chosen rules (all when None), sorted by rule and subject.

    `params` maps "R08.threshold" to a value (text is parsed); `progress(fraction, message)` is
    called as the run advances; with a `cache`, files checked before are not parsed again.
    Raises ScreeningError (DataError for bad files) on bad input.
    """
    return screen(data_dir, rules, params, engine, progress, work_dir, cache=cache).hits


def screen(
    data_dir: str | Path,
    rules: list[str] | None = None,
    params: dict[str, Any] | None = None,
    engine: str = "duckdb",
    progress: Progress | None = None,
    work_dir: str | Path | None = None,
    link_threshold: float = LINK_THRESHOLD,
    cache: LoadCache | None = None,
    checked: dict[str, Path] | None = None,
    history: History | None = None,
) -> ScreeningReport:
    """Like run_screening, returning also skipped rules and linking statistics.

    `checked` (table -> Parquet written by `loader.load_table`) gives tables checked before,
    instead of a folder (`data_dir` is then ignored). With a cache folder (`LoadCache(DIR)`)
    the run keeps its version there and starts from the previous one (versions.py,
    partial.py); `history` names another folder to start from."""
    from .errors import ScreeningError

    progress = progress or silent
    if engine not in ENGINES:
        raise ScreeningError(f"不支持的引擎“{engine}”（可用：{'、'.join(ENGINES)}）")
    chosen = select_rules(rules)
    values = resolve_params(chosen, params)  # bad rules and parameters fail before any work
    report = ScreeningReport()
    if history is None and cache is not None and cache.root is not None:
        history = History(cache.root)
    if engine != "duckdb":
        history = None  # versions are kept for DuckDB runs
    run = run_id([r.code for r in chosen], values, link_threshold, engine) if history else ""
    with _work_dir(work_dir) as work, _duckdb(work) as con:
        needs = plan(chosen)  # only the tables the chosen rules read are loaded and linked
        if "links" in needs.derived and not (history and history.has(run)):
            warm_up()  # Splink's import runs while DuckDB loads (a run from a version seldom
            # links: it imports Splink only when it does)
        if checked is not None:
            loaded = use_checked(checked, work, con, needs.tables)
        else:
            stage = Stage(progress, 0.0, 0.3)
            # DuckDB converts and checks only the columns the rules read (columns.py)
            columns = columns_read(chosen, needs) if engine == "duckdb" else None
            loaded = load_folder(Path(data_dir), work, con, stage, cache, needs.tables, columns)
        report.rows = dict(loaded.rows)
        line_ends = start_line_ends(loaded)  # for the evidence, while the run links (evidence.py)
        if loaded.memory:  # a county's tables in memory: the rest of the run within 2 GB
            con.execute(f"SET memory_limit = '{MEMORY_RUN_LIMIT}'")
        previous = history.previous(run, work / "previous") if history else None
        increments = Plan.of(previous, loaded) if previous else None
        # with Spark, Splink scores the candidate pairs on Spark too (spark_linking.py)
        predict = spark_predict(work) if engine == "spark" else None
        report.links = prepare(
            con, loaded, Stage(progress, 0.3, 0.55), link_threshold, needs, predict, increments
        )
        backend: Backend = (
            DuckDBBackend(con, loaded.memory) if engine == "duckdb" else SparkBackend()
        )
        progress(0.56, "启动 Spark" if engine == "spark" else "开始比对")
        paths = table_paths(loaded)
        for table, path in paths.items():
            backend.register(table, path, loaded.view_columns(table) or columns_of(table))
        partial = (
            PartialRules(con, increments, paths["payments"], loaded.has("payments"))
            if increments
            else None
        )
        if partial is not None:
            partial.expect([r for r in chosen if all(loaded.has(t) for t in r.requires)])
        states = RuleStates(con, increments, partial) if history is not None else None
        rows: dict[str, list[tuple[Any, ...]]] = {}
        dirty: dict[str, set[str] | None] = {}
        for i, rule in enumerate(chosen):
            at = 0.56 + 0.4 * i / len(chosen)
            missing = [t for t in rule.requires if not loaded.has(t)]
            if missing:
                names = "、".join(TABLES[t].label if t in TABLES else t for t in missing)
                report.skipped[rule.code] = f"缺少数据表 {names}，跳过"
                progress(at, f"{rule.code} {rule.title}：缺少数据表 {names}，跳过")
                continue
            progress(at, f"{rule.code} {rule.title}")
            if partial is not None:
                mode, rows[rule.code], dirty[rule.code] = partial.run(rule, values[rule.code])
            else:
                mode, rows[rule.code], dirty[rule.code] = (
                    None,
                    rule_rows(backend, rule, values[rule.code]),
                    None,
                )
            if states is not None:
                states.settle(rule, mode)  # the rule's aggregates for next month (rule_state.py)
            count = hit_count(rule, rows[rule.code])
            how = f"（{_MODE_WORDS[mode]}）" if mode in _MODE_WORDS else ""
            progress(0.56 + 0.4 * (i + 1) / len(chosen), f"{rule.code} 命中 {count} 条{how}")
        progress(0.96, "整理证据")
        # the records behind every rule's hits (of the subjects this run rebuilds), in one pass
        # over each table; every column of them, also of the tables loaded with only some
        # columns (evidence.py)
        rebuilt = {
            code: [r for r in rule_rows_ if dirty[code] is None or _subject(r) in dirty[code]]  # type: ignore[operator]
            for code, rule_rows_ in rows.items()
        }  # fmt: skip
        behind = [r for rule_rows_ in rebuilt.values() for r in rule_rows_]
        wanted = {t: {r[3] for r in behind if r[2] == t} for t in TABLES}
        complete_rows(con, loaded, wanted, line_ends)
        # with a version, the records behind last month's hits are read from it (records.py)
        store = RecordStore(con, increments) if history is not None else None
        records = store.fetch(behind) if store else fetch_records(backend, behind)
        locate_records(loaded, records, con)  # a table in parts: the part and the row within it
        by_rule: dict[str, list[Hit]] = {}
        for rule in chosen:
            if rule.code not in rows:
                continue
            chosen_rows = rebuilt[rule.code]
            built = build_hits(rule, chosen_rows, records, values[rule.code]) if chosen_rows else []
            if dirty[rule.code] is not None and previous is not None:
                built = keep_clean(built, previous.hits(rule.code), dirty[rule.code])
            by_rule[rule.code] = built
            report.hits += built
        if history is not None:
            history.save(
                run, loaded, {d: paths[d] for d in needs.derived}, rows, by_rule, report.links,
                extra=lambda folder: _save_more(folder, store, states, rows),
            )  # fmt: skip
    report.hits.sort(key=lambda h: (h.rule, h.subject, h.village_code))
    progress(1.0, f"完成：共 {len(report.hits)} 条命中")
    return report


_MODE_WORDS = {
    Mode.KEEP: "沿用上次结果",
    Mode.ROWS: "只比对新增的发放记录",
    Mode.KEYS: "只比对新增记录涉及的对象",
}


def _save_more(
    folder: Path,
    store: RecordStore | None,
    states: RuleStates | None,
    rows: dict[str, list[tuple[Any, ...]]],
) -> None:
    if store is not None:
        store.save(folder, rows)
    if states is not None:
        states.save(folder)


def _subject(row: tuple[Any, ...]) -> str:
    return row[0] if row[0] is not None else "(空)"


@contextmanager
def _work_dir(work_dir: str | Path | None) -> Iterator[Path]:
    if work_dir is not None:
        path = Path(work_dir)
        path.mkdir(parents=True, exist_ok=True)
        yield path
        return
    path = Path(tempfile.mkdtemp(prefix="qingfeng-screen-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@contextmanager
def _duckdb(work: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect(
        config={
            "memory_limit": MEMORY_LIMIT,
            "temp_directory": str(work / "spill"),
        }
    )
    con.execute("SET enable_progress_bar = false")
    try:
        yield con
    finally:
        con.close()
