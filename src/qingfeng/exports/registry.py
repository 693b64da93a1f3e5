"""What can be exported in the background: each app registers its exports from ready().

    registry.register(Exporter("ledger.problems", count=..., sheets=..., scope_code=...))

`count(user, params)` is the number of rows (to choose between answering at once and the
worker), `sheets(user, params)` the workbook's sheets (`qingfeng.core.xlsx.Sheet`) read through
the user's scope, and `scope_code(user, params)` the region code the rows come from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Exporter:
    kind: str
    title: str
    count: Callable[[object, dict], int]
    sheets: Callable[[object, dict], list]
    scope_code: Callable[[object, dict], str]
    roles: frozenset[str] = frozenset()


_EXPORTERS: dict[str, Exporter] = {}


def register(exporter: Exporter) -> None:
    _EXPORTERS[exporter.kind] = exporter


def get(kind: str) -> Exporter:
    return _EXPORTERS[kind]


def default_scope_code(user) -> str:
    """The region code of the user's widest area (the rows of an unfiltered export)."""
    from qingfeng.orgs.scope import scope_prefixes

    prefixes = scope_prefixes(user)
    return prefixes[0].ljust(12, "0") if prefixes else ""
