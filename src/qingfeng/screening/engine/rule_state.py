"""Per-rule aggregates kept in the version (`state/<rule>.parquet`), for the "id_no"/"account"
rules whose hits depend on all of a subject's payments (R05's payments per person and
programme, R10's holders per account).

A rule declares `Rule.state` (a query over `payments`) and `Rule.state_merge` (the kept state
and the new rows' state folded together, equal to `state` over all rows). Next month,
`Rule.increment_keys` reads the kept state as `__qf_state` and names from it and the new rows
alone the subjects whose rows can change (partial.py runs those again over all their rows);
without it, every subject the new rows carry runs again, which is nearly everyone.

Each run leaves the state of the rows it read: kept as it was when the rule's rows were kept,
folded with the new rows' state when payments grew, computed over every row otherwise.
"""

# SQL here is assembled from the rules' own queries and the engine's own file paths, never
# from text in the data files.
# ruff: noqa: S608

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from .rules import Rule

if TYPE_CHECKING:
    from .partial import Mode, PartialRules, Plan

STATE_DIR = "state"


def previous_state(plan: Plan | None, code: str) -> Path | None:
    """The rule's state in the previous version, if it has one."""
    if plan is None:
        return None
    path = plan.previous.folder / STATE_DIR / f"{code}.parquet"
    return path if plan.previous.rows(code) is not None and path.is_file() else None


class RuleStates:
    """The states this run leaves, rule by rule (DuckDB only)."""

    def __init__(
        self, con: duckdb.DuckDBPyConnection, plan: Plan | None, partial: PartialRules | None
    ) -> None:
        self.con, self.plan, self.partial = con, plan, partial
        self.kept: dict[str, Path] = {}  # rule code -> the previous version's file
        self.built: set[str] = set()  # rule codes with a temp table __qf_state_<code>

    def settle(self, rule: Rule, mode: Mode | None) -> None:
        """After the rule ran in `mode`: its state for this run's version."""
        from .partial import Mode

        if not rule.state:
            return
        code, table = rule.code, f"__qf_state_{rule.code.lower()}"
        previous = previous_state(self.plan, code)
        if mode is Mode.KEEP and previous is not None:
            self.kept[code] = previous
            return
        if mode is Mode.KEYS and previous is not None and self.partial is not None:
            self.partial.over_new_payments(rule.state, "__qf_state_new")
            self.con.execute(
                "CREATE OR REPLACE TEMP VIEW __qf_state_old AS "
                f"SELECT * FROM read_parquet('{_lit(previous)}')"
            )
            self.con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS {rule.state_merge}")
            self.con.execute("DROP TABLE __qf_state_new")
            self.con.execute("DROP VIEW __qf_state_old")
        else:
            self.con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS {rule.state}")
        self.built.add(code)

    def save(self, folder: Path) -> None:
        """Write the states into `folder` (a version being written)."""
        if not (self.kept or self.built):
            return
        out = folder / STATE_DIR
        out.mkdir(exist_ok=True)
        for code, path in self.kept.items():
            try:
                os.link(path, out / f"{code}.parquet")
            except OSError:
                shutil.copyfile(path, out / f"{code}.parquet")
        for code in sorted(self.built):
            target = _lit(out / f"{code}.parquet")
            self.con.execute(f"COPY __qf_state_{code.lower()} TO '{target}' (FORMAT parquet)")


def _lit(path: Path) -> str:
    return str(path).replace("'", "''")
