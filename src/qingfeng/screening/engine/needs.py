"""What a run reads: the tables its rules need, the derived tables they query, and the records
worth linking (issue 13: a run reads, checks and links only what its rules use).

A rule declares the contract tables it reads (`requires`, `uses`); the derived tables it
queries are found in its SQL. Deriving has needs of its own: `links` pairs records with the
payees (`people`, from payments and residents) and asks the residents register whether a name is
unique; a relatives record takes its village from the official on its other side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .linking import MENTION_SOURCES
from .rules import Rule

DERIVED = ("people", "id_checks", "links", "cadres", "cadre_ties")
_DERIVED_NAME = re.compile(r"\b(" + "|".join(DERIVED) + r")\b")
_COMMENT = re.compile(r"--[^\n]*")


@dataclass(frozen=True)
class Needs:
    tables: frozenset[str]  # contract tables to read and check
    derived: frozenset[str]  # derived tables to build
    link_sources: frozenset[str]  # registers whose records are linked to payees


def derived_read(rule: Rule) -> set[str]:
    """Derived tables a rule's SQL queries (its comments left out)."""
    return set(_DERIVED_NAME.findall(_COMMENT.sub("", rule.sql_template)))


def plan(rules: list[Rule]) -> Needs:
    read = {t for rule in rules for t in (*rule.requires, *rule.uses)}
    derived = {t for rule in rules for t in derived_read(rule)}
    sources = frozenset(read & MENTION_SOURCES) if "links" in derived else frozenset()
    if "cadre_ties" in derived:
        derived.add("cadres")
    if "links" in derived:
        derived.add("people")
        read |= {"payments", "residents"}
        if "relatives" in sources:
            read.add("officials")
    if "people" in derived:
        read |= {"payments", "residents"}
    if "cadres" in derived:
        read |= {"officials", "residents", "relatives"}
    if "id_checks" in derived:
        read.add("payments")
    return Needs(frozenset(read), frozenset(derived), sources)


def everything() -> Needs:
    """Every table and derived table (what a run of every rule reads)."""
    from .contract import TABLES

    return Needs(frozenset(TABLES), frozenset(DERIVED), MENTION_SOURCES)
