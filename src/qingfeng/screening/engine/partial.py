"""Next month's run from the previous version: re-use what did not change, run only the rest.

Given how each table compares with the previous version (versions.py: the same, rows appended,
or changed), a run

- re-uses a derived table whose inputs are the same (prepare.py asks `Plan`), or grows it by the
  new rows' own keys (the payees and ID checks when payments only grew: a payee's row comes from
  their first payment, which an appended row never is for someone paid before); derived tables
  built again are compared with the previous ones, so that a rebuilt table equal to the old one
  counts as the same (links per source register);
- for each rule (`Rule.increment`), when only payments grew and nothing else it reads changed:
  "row" rules run over the new payment rows alone and their rows join the previous ones; "id_no"
  and "account" rules run again over every payment row of the keys the new rows carry, and the
  previous rows of the other subjects are kept; a rule reading nothing that changed keeps its
  rows. Anything else runs in full.

Hits are built again only for subjects whose rows changed; the others are the previous hits,
which were built from the same rows of the same records. tests/engine/test_partial.py compares
every case with a full run.
"""

# SQL here is assembled from the contract's own identifiers and the engine's own file paths,
# never from text in the data files.
# ruff: noqa: S608

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import duckdb

from .backends import DuckDBBackend
from .contract import FIRST_ROW, TABLES
from .hits import Hit, rule_rows
from .lists import list_table
from .needs import derived_read
from .params import ParamValue
from .prepare import columns_of
from .rule_state import previous_state
from .rules import Rule
from .segments import with_offsets
from .versions import Change, Previous, TableChange

KEY_COLUMNS = {"id_no": "id_no", "account": "account"}


class Mode(StrEnum):
    KEEP = "keep"  # the previous rows as they are
    ROWS = "row"  # the previous rows and those of the new payment rows
    KEYS = "keys"  # the subjects the new payment rows carry run again
    FULL = "full"


@dataclass
class Plan:
    """What this run can take from the previous version, table by table."""

    previous: Previous
    tables: dict[str, TableChange]
    derived: dict[str, Change] = field(default_factory=dict)  # filled by prepare
    links_changed: set[str] = field(default_factory=set)  # sources whose links differ

    @classmethod
    def of(cls, previous: Previous, loaded: Any) -> Plan:
        return cls(previous, {t: previous.change(t, loaded) for t in TABLES})

    def same(self, *tables: str) -> bool:
        return all(self.tables[t].change is Change.SAME for t in tables)

    @property
    def new_payments_after(self) -> int | None:
        """Rows of payments in the previous version, when payments only grew since."""
        change = self.tables["payments"]
        return change.rows_before if change.change is Change.APPENDED else None

    def mode(self, rule: Rule) -> Mode:
        read = set(rule.requires) | set(rule.uses)
        derived = derived_read(rule)
        if rule.code not in self.previous.rules:
            return Mode.FULL
        if not self.same(*(read - {"payments"})):
            return Mode.FULL
        if "links" in derived and self.links_changed & read:
            return Mode.FULL
        for name in derived - {"links"}:
            allowed = (
                {Change.SAME, Change.APPENDED} if name in ("people", "id_checks") else {Change.SAME}
            )
            if self.derived.get(name, Change.CHANGED) not in allowed:
                return Mode.FULL
        payments = self.tables["payments"].change
        if "payments" not in read or payments is Change.SAME:
            grown = any(self.derived.get(n) is Change.APPENDED for n in derived)
            return Mode.FULL if grown else Mode.KEEP
        if payments is Change.APPENDED and rule.increment == "row":
            return Mode.ROWS
        if payments is Change.APPENDED and rule.increment in KEY_COLUMNS:
            return Mode.KEYS
        return Mode.FULL


def same_content(con: duckdb.DuckDBPyConnection, table: str, previous: Path) -> bool:
    """Whether temp table `table` holds exactly the rows of a previous Parquet (as multisets)."""
    old = f"read_parquet('{_lit(previous)}')"
    cols = ", ".join(columns_of(table))
    diff = (
        f"SELECT count(*) FROM ((SELECT {cols} FROM {table} EXCEPT ALL SELECT {cols} FROM {old}) "
        f"UNION ALL (SELECT {cols} FROM {old} EXCEPT ALL SELECT {cols} FROM {table}))"
    )
    return con.execute(diff).fetchall()[0][0] == 0


def changed_sources(con: duckdb.DuckDBPyConnection, previous: Path) -> set[str]:
    """The source registers whose links differ from the previous version's."""
    old = f"read_parquet('{_lit(previous)}')"
    cols = ", ".join(columns_of("links"))
    rows = con.execute(
        f"SELECT DISTINCT src FROM ((SELECT {cols} FROM links EXCEPT ALL SELECT {cols} FROM {old})"
        f" UNION ALL (SELECT {cols} FROM {old} EXCEPT ALL SELECT {cols} FROM links))"
    ).fetchall()
    return {r[0] for r in rows}


@dataclass
class RuleResult:
    rows: list[tuple[Any, ...]]
    hits: list[Hit]


class PartialRules:
    """Runs the rules of a run that has a previous version (DuckDB only)."""

    def __init__(
        self, con: duckdb.DuckDBPyConnection, plan: Plan, payments: Path, has_payments: bool
    ) -> None:
        self.con, self.plan = con, plan
        self.backend = DuckDBBackend(con)
        self.payments = payments
        self.after = plan.new_payments_after if has_payments else None
        self._new_ready = False
        self._expected: list[Rule] = []
        self._rows: dict[str, list[tuple[Any, ...]] | None] = {}
        self._keys: dict[str, str] = {}  # rule code -> its temp table of keys

    def expect(self, rules: list[Rule]) -> None:
        """The rules this run will ask for (those not skipped): the rows of every key the
        "id_no"/"account" rules run again are then read in one pass over payments."""
        self._expected = list(rules)

    def _mode(self, rule: Rule) -> Mode:
        mode = self.plan.mode(rule)
        if mode in (Mode.ROWS, Mode.KEYS) and self.after is None:
            return Mode.FULL
        return mode

    def _previous_rows(self, code: str) -> list[tuple[Any, ...]] | None:
        if code not in self._rows:
            self._rows[code] = self.plan.previous.rows(code)
        return self._rows[code]

    def run(
        self, rule: Rule, values: dict[str, ParamValue]
    ) -> tuple[Mode, list[tuple[Any, ...]], set[str] | None]:
        """The rule's rows and the subjects whose hits must be built again (None: all)."""
        mode = self._mode(rule)
        previous = self._previous_rows(rule.code) if mode is not Mode.FULL else None
        if previous is None:
            return Mode.FULL, rule_rows(self.backend, rule, values), None
        if mode is Mode.KEEP:
            return mode, previous, set()
        self._new_payments()
        if mode is Mode.ROWS:
            new = self._restricted(rule, values, "SELECT * FROM __qf_new_payments")
            rows = list(dict.fromkeys([*previous, *new]))
            return mode, rows, {_subject(r) for r in new}
        key = KEY_COLUMNS[rule.increment]
        keys = self._keyed_payments(rule)
        new = self._restricted(
            rule, values, f"SELECT * FROM __qf_keyed_{key} WHERE {key} IN (SELECT k FROM {keys})"
        )
        carried = {k for (k,) in self.con.execute(f"SELECT k FROM {keys}").fetchall()}
        touched = {_subject(r) for r in previous if r[0] in carried}
        kept = [r for r in previous if _subject(r) not in touched]
        return mode, list(dict.fromkeys([*kept, *new])), touched | {_subject(r) for r in new}

    def _keyed_payments(self, rule: Rule) -> str:
        """The temp table of the rule's keys; with __qf_keyed_<key column>, the rows of the keys of
        every "id_no"/"account" rule of the run, read in one pass with only the columns those
        rules name (a pass over 6M payments costs more than most rules on a few keys)."""
        if rule.code not in self._keys:
            rules = [rule] + [
                r
                for r in self._expected
                if r.code != rule.code
                and r.code not in self._keys
                and self._mode(r) is Mode.KEYS
                and self._previous_rows(r.code) is not None
            ]
            for r in rules:
                self._keys[r.code] = self._choose_keys(r)
            by_column: dict[str, list[Rule]] = {}
            for r in rules:
                by_column.setdefault(KEY_COLUMNS[r.increment], []).append(r)
            # one pass for every key column (the rows of the IDs and of the accounts together
            # cost 0.22 s at county scale, apart 0.28 s); each key column's rules then read
            # the rows through its own view, filtering on their keys again
            names = [
                c for c in columns_of("payments") if any(c in _named(r) for r in rules)
            ]  # fmt: skip
            wanted = " OR ".join(
                f"{column} IN ("
                + " UNION ".join(f"SELECT k FROM {self._keys[r.code]}" for r in of)
                + ")"
                for column, of in by_column.items()
            )
            self.con.execute(
                "CREATE OR REPLACE TEMP TABLE __qf_keyed AS "
                f"SELECT {', '.join(names)} FROM __qf_all_payments WHERE {wanted}"
            )
            for column in by_column:
                self.con.execute(
                    f"CREATE OR REPLACE TEMP VIEW __qf_keyed_{column} AS SELECT * FROM __qf_keyed"
                )
        return self._keys[rule.code]

    def _choose_keys(self, rule: Rule) -> str:
        """Temp table __qf_keys_<code> (column k): the keys whose rows the rule runs again."""
        key = KEY_COLUMNS[rule.increment]
        keys = f"__qf_keys_{rule.code.lower()}"
        state = previous_state(self.plan, rule.code) if rule.state else None
        if state is not None:  # the rule's kept aggregates, for its keys (rule_state.py)
            self.con.execute(
                "CREATE OR REPLACE TEMP VIEW __qf_state AS "
                f"SELECT * FROM read_parquet('{_lit(state)}')"
            )
        if rule.increment_keys and (state is not None or not rule.state):
            # the rule's own, narrower choice of keys (Rule.increment_keys)
            previous = self._previous_rows(rule.code) or []
            subjects = sorted({r[0] for r in previous if r[0] is not None})
            list_table(self.con, "__qf_previous_subjects", {"k": ("VARCHAR", subjects)})
            chosen = rule.increment_keys
        else:
            chosen = f"SELECT DISTINCT {key} AS k FROM __qf_new_payments WHERE {key} IS NOT NULL"
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE {keys} AS {chosen}")
        return keys

    def _new_payments(self) -> None:
        if self._new_ready:
            return
        self.backend.register(
            "payments", self.payments, columns_of("payments"), view="__qf_all_payments"
        )
        tail = [(p, before) for p, before in with_offsets(self.payments) if before >= self.after]
        if tail and tail[0][1] == self.after:  # the new rows are whole segments: read only those
            source = " UNION ALL ".join(
                "SELECT "
                + ", ".join(
                    f"file_row_number + {FIRST_ROW + before} AS row_id" if c == "row_id" else c
                    for c in columns_of("payments")
                )
                + f" FROM read_parquet('{_lit(p)}', file_row_number=true)"
                for p, before in tail
            )
        else:
            source = (
                f"SELECT * FROM __qf_all_payments WHERE row_id >= {int(self.after) + FIRST_ROW}"
            )
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE __qf_new_payments AS {source}")
        self.con.execute(
            "CREATE OR REPLACE VIEW __qf_old_payments AS SELECT * FROM __qf_all_payments "
            f"WHERE row_id < {int(self.after) + FIRST_ROW}"
        )
        self._new_ready = True

    def over_new_payments(self, sql: str, into: str) -> None:
        """Temp table `into` holding `sql` run with `payments` the new rows alone."""
        self._new_payments()
        self.con.execute("CREATE OR REPLACE VIEW payments AS SELECT * FROM __qf_new_payments")
        try:
            self.con.execute(f"CREATE OR REPLACE TEMP TABLE {into} AS {sql}")
        finally:
            self.backend.register("payments", self.payments, columns_of("payments"))

    def _restricted(
        self, rule: Rule, values: dict[str, ParamValue], payments_sql: str
    ) -> list[tuple[Any, ...]]:
        self.con.execute(f"CREATE OR REPLACE VIEW payments AS {payments_sql}")
        try:
            return rule_rows(self.backend, rule, values)
        finally:
            self.backend.register("payments", self.payments, columns_of("payments"))


def keep_clean(built: list[Hit], previous: list[Hit], dirty: set[str]) -> list[Hit]:
    """The hits built for the `dirty` subjects and the previous hits of every other subject
    (built before from the same rows of the same records)."""
    kept = [h for h in previous if h.subject not in dirty]
    return sorted([*kept, *built], key=lambda h: (h.subject, h.village_code))


def _named(rule: Rule) -> set[str]:
    """The payments columns a rule's SQL names (any of them appearing as a word in it)."""
    words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", re.sub(r"--[^\n]*", "", rule.sql_template)))
    return {c for c in columns_of("payments") if c == "row_id" or c in words}


def _subject(row: tuple[Any, ...]) -> str:
    return row[0] if row[0] is not None else "(空)"


def _lit(path: Path) -> str:
    return str(path).replace("'", "''")
