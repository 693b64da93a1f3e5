"""The inbox is a list of sections that apps register; each gives the user's own items."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class InboxSection:
    title: str
    items: list[dict[str, Any]] = field(default_factory=list)
    empty_text: str = ""
    order: int = 100


Provider = Callable[[Any], InboxSection | None]
_PROVIDERS: list[Provider] = []


def register(provider: Provider) -> Provider:
    _PROVIDERS.append(provider)
    return provider


def sections_for(user) -> list[InboxSection]:
    sections = [s for s in (provider(user) for provider in _PROVIDERS) if s is not None]
    return sorted(sections, key=lambda s: s.order)
