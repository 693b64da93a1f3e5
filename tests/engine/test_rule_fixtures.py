"""Every rule folder's fixture gives exactly its expected hits, on DuckDB and on Spark.

A new rule is a new folder under screening/engine/rules/ with input/ and expected.csv; this file
needs no change.
"""

from __future__ import annotations

import re

import pytest

from qingfeng.screening.engine.rules import Rule, all_rules
from qingfeng.screening.engine.runner import run_screening

from .helpers import hit_rows, read_expected

RULES = list(all_rules().values())
_CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _sorted(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return sorted(rows, key=lambda r: (r["subject"], r["village_code"]))


def _check_against_expected(rule: Rule, engine: str) -> list:
    hits = run_screening(rule.folder / "input", rules=[rule.code], engine=engine)
    expected = read_expected(rule.folder / "expected.csv")
    assert expected, f"{rule.code}: expected.csv should list at least one hit"
    assert _sorted(hit_rows(hits)) == _sorted(expected)
    for hit in hits:
        assert hit.rule == rule.code
        assert _CHINESE.search(hit.summary) and hit.summary.endswith("。"), hit.summary
    return hits


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_fixture_gives_expected_hits_on_duckdb(rule: Rule) -> None:
    _check_against_expected(rule, "duckdb")


@pytest.mark.spark
@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_fixture_gives_identical_hits_on_spark(rule: Rule) -> None:
    on_spark = _check_against_expected(rule, "spark")
    on_duckdb = run_screening(rule.folder / "input", rules=[rule.code], engine="duckdb")
    assert on_spark == on_duckdb  # summary and evidence too, byte for byte


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_rule_is_documented(rule: Rule) -> None:
    assert re.fullmatch(r"R\d{2}", rule.code)
    assert _CHINESE.search(rule.title) and _CHINESE.search(rule.description)
    assert rule.requires and all(p.label for p in rule.params)
    assert (rule.folder / "rule.sql").read_text(encoding="utf-8").strip()


def test_the_twelve_rules_of_the_issue_are_all_there() -> None:
    assert {f"R{i:02d}" for i in range(1, 13)} <= set(all_rules())
