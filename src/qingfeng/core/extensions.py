"""Extension points that apps fill from their AppConfig.ready(), so that adding an app adds
its menu entry, inbox section, village-page section and demo content without editing the
shell's files.

    from qingfeng.core import extensions as ext
    ext.register_nav(ext.NavItem(_("Ledger"), "office:ledger:list", SUPERVISORS, order=20,
                                 group=ext.NAV_LEDGER))
    ext.register_inbox(my_inbox_section)                 # user -> InboxSection | None
    ext.register_village_section(my_village_section)     # village -> VillageSection | None
    ext.register_demo_step(ext.DemoStep("ledger", build=..., clear=..., order=40))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# --- back-office navigation -----------------------------------------------------------------


# The menu's groups (a drop-down each; the shell gives their names and order in office/nav.py).
# An entry without a group, or the only entry of its group that a role sees, stands alone.
NAV_LEDGER = "ledger"  # 台账: problems, walk-in reports, rectification, visits
NAV_CASES = "cases"  # 线索案件
NAV_TOPICS = "topics"  # 点题整治
NAV_PUBLIC = "public"  # 权力和公开: power lists, disclosure
NAV_SUPERVISION = "supervision"  # 监督检查: inspections, monitors, projects, 提级监督
NAV_SETTINGS = "settings"  # 机构和设置: regions, people, users, audit log, API clients


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str]
    order: int = 100
    group: str = ""


_NAV: dict[str, NavItem] = {}


def register_nav(item: NavItem) -> None:
    _NAV[item.url_name] = item


def nav_items() -> list[NavItem]:
    return sorted(_NAV.values(), key=lambda i: (i.order, i.url_name))


# --- inbox ----------------------------------------------------------------------------------


@dataclass
class InboxSection:
    title: str
    items: list[dict[str, Any]] = field(default_factory=list)  # {"title", "detail", "url"}
    empty_text: str = ""
    order: int = 100
    total: int | None = None  # how many in all, when `items` shows only the first ones


_INBOX: list[Callable[[Any], InboxSection | None]] = []


def register_inbox(provider: Callable[[Any], InboxSection | None]):
    if provider not in _INBOX:
        _INBOX.append(provider)
    return provider


def inbox_sections(user) -> list[InboxSection]:
    sections = [s for s in (provider(user) for provider in _INBOX) if s is not None]
    return sorted(sections, key=lambda s: s.order)


# --- public village page --------------------------------------------------------------------


@dataclass(frozen=True)
class SectionLine:
    """One listed item of a village section, a link to its own page."""

    text: str
    url: str


@dataclass
class VillageSection:
    """A block on /v/<code>/: a title, a link, a one-line summary, optional lines to list
    (each a `SectionLine`, or plain text)."""

    title: str
    url: str
    summary: str = ""
    lines: list[SectionLine | str] = field(default_factory=list)
    order: int = 100


_VILLAGE: list[Callable[[Any], VillageSection | None]] = []


def register_village_section(provider: Callable[[Any], VillageSection | None]):
    if provider not in _VILLAGE:
        _VILLAGE.append(provider)
    return provider


def village_sections(village) -> list[VillageSection]:
    sections = [s for s in (provider(village) for provider in _VILLAGE) if s is not None]
    return sorted(sections, key=lambda s: s.order)


# --- demo county ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoStep:
    """`build(seed=..., county_code=...)` runs after the orgs step inside the same transaction
    and returns a dict of counts; `clear()` deletes the app's demo rows before --reset
    (steps are cleared in reverse order)."""

    name: str
    build: Callable[..., dict]
    clear: Callable[[], None]
    order: int = 100


_DEMO: dict[str, DemoStep] = {}


def register_demo_step(step: DemoStep) -> None:
    _DEMO[step.name] = step


def demo_steps() -> list[DemoStep]:
    return sorted(_DEMO.values(), key=lambda s: (s.order, s.name))


# --- a real county's set-up (init-county, the organisation workbook) ---------------------


@dataclass(frozen=True)
class CountyStep:
    """What an app does for a new county (`on_county(county)`) and for villages that an import
    adds (`on_villages(villages)`), inside the same transaction; each returns counts or None."""

    name: str
    on_county: Callable[[Any], dict | None] | None = None
    on_villages: Callable[[list], dict | None] | None = None


_COUNTY: dict[str, CountyStep] = {}


def register_county_step(step: CountyStep) -> None:
    _COUNTY[step.name] = step


def county_steps() -> list[CountyStep]:
    return [_COUNTY[name] for name in sorted(_COUNTY)]


# --- references between apps ("对此有疑问" on a public record opens the report form) -------


@dataclass(frozen=True)
class Reference:
    """What a reference like "disclosure:42" points at: a title and a public URL."""

    kind: str
    key: str
    title: str
    url: str


_REFERENCES: dict[str, Callable[[str], Reference | None]] = {}


def register_reference(kind: str, resolver: Callable[[str], Reference | None]) -> None:
    """`resolver(key)` returns the public Reference for "<kind>:<key>", or None if unknown."""
    _REFERENCES[kind] = resolver


def resolve_reference(value: str) -> Reference | None:
    kind, _sep, key = (value or "").partition(":")
    resolver = _REFERENCES.get(kind)
    return resolver(key) if resolver and key else None


# --- the ledger's hand-over to the clue register (转为问题线索) ---------------------------------

# `opener(problem, actor, now)` runs inside the ledger's transaction when a problem becomes a
# problem clue and returns the clue's reference (its number), which the problem keeps.
_CLUE_OPENERS: list[Callable[..., str]] = []


def register_clue_opener(opener: Callable[..., str]) -> None:
    if opener not in _CLUE_OPENERS:
        _CLUE_OPENERS.append(opener)


def open_clue(problem, actor, now) -> str:
    refs = [opener(problem, actor, now) for opener in _CLUE_OPENERS]
    return next((r for r in refs if r), "")


# --- the daily deadline check: apps add their own steps ------------------------------------

_DAILY_CHECKS: dict[str, Callable[..., dict]] = {}


def register_daily_check(name: str, check: Callable[..., dict]) -> None:
    """`check(now=...)` returns counts; it runs after the ledger's own check every day."""
    _DAILY_CHECKS[name] = check


def daily_checks() -> list[tuple[str, Callable[..., dict]]]:
    return sorted(_DAILY_CHECKS.items())


# --- statistics figures that another app provides (the cases app) --------------------------


@dataclass(frozen=True)
class FigureProvider:
    """`compute(user, prefixes, start, end)` returns {figure key: number or None} for the
    viewer's scope, narrowed to region-code `prefixes` and the window [start, end).
    The keys qingfeng.insights shows are listed in insights/definitions.py (CASE_FIGURES:
    clues_talk, clues_check, clues_shelve, clues_close, cases_opened, punished_party,
    punished_government, organisational, detained, recovered_wan); a figure no provider
    gives is shown as "—"."""

    name: str
    compute: Callable[..., dict[str, Any]]


_FIGURES: dict[str, FigureProvider] = {}


def register_figure_provider(provider: FigureProvider) -> None:
    _FIGURES[provider.name] = provider


def figure_providers() -> list[FigureProvider]:
    return [_FIGURES[name] for name in sorted(_FIGURES)]


# --- the person file (廉政档案): sections other apps add (the cases app: clues and cases) ----


@dataclass
class PersonSection:
    """A block of the person file: `lines` are {"text", "url"} dicts, already scoped to the
    viewer by the providing app."""

    title: str
    lines: list[dict[str, Any]] = field(default_factory=list)
    empty_text: str = ""
    order: int = 100


_PERSON: list[Callable[[Any, Any], PersonSection | None]] = []


def register_person_section(provider: Callable[[Any, Any], PersonSection | None]):
    """`provider(viewer, person)` returns a PersonSection or None."""
    if provider not in _PERSON:
        _PERSON.append(provider)
    return provider


def person_sections(viewer, person) -> list[PersonSection]:
    sections = [s for s in (provider(viewer, person) for provider in _PERSON) if s is not None]
    return sorted(sections, key=lambda s: s.order)
