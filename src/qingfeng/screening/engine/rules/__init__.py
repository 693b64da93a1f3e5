"""Screening rules: one folder per rule (`r01_paid_after_death/`), discovered at import.

A folder holds `rule.py` (a `RULE = Rule(...)` with code, titles, parameters and the summary
sentence), `rule.sql` (DuckDB dialect; `${name}` marks a parameter), `input/` (a tiny fixture in
the data contract) and `expected.csv` (the hits that fixture must give). Adding a rule is adding
a folder; the test suite finds it.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from string import Template
from typing import Any

from ..errors import ScreeningError
from ..params import Param, ParamValue, sql_literal

PROBABLE_LINKS = ("fuzzy", "name_unique")  # links.kind values that are not certain

RULES_DIR = Path(__file__).parent
_FOLDER = re.compile(r"r\d{2}_[a-z0-9_]+")

# columns every rule query returns, one row per record behind a hit
OUTPUT_COLUMNS = ("subject", "village_code", "src", "row_id", "link_kind", "link_prob")


@dataclass
class HitFacts:
    """What a rule's summary sentence is written from."""

    subject: str
    village_code: str | None
    records: dict[str, list[dict[str, Any]]]  # table -> records (engine column names)
    params: dict[str, ParamValue]

    def of(self, table: str) -> list[dict[str, Any]]:
        return self.records.get(table, [])

    @property
    def fuzzy(self) -> bool:
        return any(
            r.get("_link_kind") in PROBABLE_LINKS for rs in self.records.values() for r in rs
        )


@dataclass(frozen=True)
class Rule:
    code: str  # never changes: users file hits by it
    title: str
    description: str
    subject: str  # what the subject column holds, in Chinese
    requires: tuple[str, ...]  # tables without which the rule is skipped
    summarize: Callable[[HitFacts], str]
    params: tuple[Param, ...] = ()
    uses: tuple[str, ...] = ()  # tables read when present (empty otherwise)
    per_village: bool = False  # a hit is one subject in one village (R08)
    # whether new records behind a dismissed hit (next month's payments) call for a second
    # look. Yes when each record is an event of its own (R05 a second payment in a month, R08
    # another contract); no when a dismissal judges the subject (the death record is wrong,
    # the account is a family's, the amount was approved), which next month's payment to the
    # same person does not change
    new_records_matter: bool = True
    # how next month's run re-uses this rule's rows when payments only grew (partial.py):
    # "row" when each payment row makes its own records behind a hit, whatever the other rows
    # (the new rows alone are run); "id_no" or "account" when a subject's hit depends on all
    # payment rows carrying that key (the subjects the new rows carry are run again); "" to
    # run the rule over everything. tests/engine/test_partial.py holds every rule to its word
    increment: str = ""
    # for "id_no"/"account" rules: a query of the keys (column k) whose hits the new payment
    # rows can change, over __qf_new_payments, __qf_old_payments, __qf_previous_subjects (k)
    # and the derived tables; default: every key the new rows carry. Must be a superset of
    # the keys whose rows change (decision 0014 says why each is)
    increment_keys: str = ""
    # for "id_no"/"account" rules: aggregates kept in the version (rule_state.py) so that
    # `increment_keys` can tell, from the new rows and these alone, which keys' rows change.
    # `state` is a query over `payments`; `state_merge` folds the state of the new rows
    # (__qf_state_new) into the kept one (__qf_state_old) and must equal `state` over all
    # rows. `increment_keys` then reads the kept state as __qf_state
    state: str = ""
    state_merge: str = ""
    folder: Path = field(default=RULES_DIR)
    sql_template: str = ""

    def defaults(self) -> dict[str, ParamValue]:
        return {p.name: p.default for p in self.params}

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        known = "、".join(p.name for p in self.params) or "无"
        raise ScreeningError(f"规则 {self.code} 没有参数“{name}”（可用参数：{known}）")

    def sql(self, values: dict[str, ParamValue]) -> str:
        """The rule's query with its parameters written in as literals."""
        literals = {name: sql_literal(v) for name, v in values.items()}
        return Template(self.sql_template).substitute(literals)


@cache
def all_rules() -> dict[str, Rule]:
    """Every rule folder, by code, in code order."""
    rules: dict[str, Rule] = {}
    for folder in sorted(p for p in RULES_DIR.iterdir() if _FOLDER.fullmatch(p.name)):
        module = importlib.import_module(f"{__name__}.{folder.name}.rule")
        rule: Rule = module.RULE
        sql = (folder / "rule.sql").read_text(encoding="utf-8")
        rule = Rule(**{**rule.__dict__, "folder": folder, "sql_template": sql})
        if rule.code in rules:
            raise RuntimeError(f"duplicate rule code {rule.code} in {folder}")
        rules[rule.code] = rule
    return rules


def select_rules(codes: list[str] | None) -> list[Rule]:
    """Rules chosen by code (R01, r1 and 1 all mean R01); all of them when none are given."""
    rules = all_rules()
    if not codes:
        return list(rules.values())
    chosen: list[Rule] = []
    for raw in codes:
        code = raw.strip().upper()
        if code.isdigit():
            code = f"R{int(code):02d}"
        elif re.fullmatch(r"R\d", code):
            code = f"R0{code[1]}"
        if code not in rules:
            raise ScreeningError(f"没有规则“{raw}”（可用规则：{'、'.join(rules)}）")
        if rules[code] not in chosen:
            chosen.append(rules[code])
    return chosen


def resolve_params(
    rules: list[Rule], overrides: dict[str, Any] | None
) -> dict[str, dict[str, ParamValue]]:
    """Parameters per rule code: defaults, then overrides keyed "R08.threshold"."""
    values = {r.code: r.defaults() for r in all_rules().values()}
    for key, raw in (overrides or {}).items():
        code, _, name = key.partition(".")
        code = select_rules([code])[0].code if code else code
        if not name:
            raise ScreeningError(f"参数“{key}”应写成 规则.参数=值，如 R08.threshold=200000")
        rule = all_rules()[code]
        param = rule.param(name)
        values[code][name] = param.check(raw, code)
    return {r.code: values[r.code] for r in rules}
