"""The viewer a scheduled report is computed for: the county commission's view of one region
(no person behind it). It carries its scope prefixes the way orgs.scope caches them on a user,
so every scoped selector treats it like a county leader whose scope is that region."""

from __future__ import annotations

from dataclasses import dataclass, field

from qingfeng.orgs.regions import prefix_of
from qingfeng.orgs.roles import Role


@dataclass
class RegionViewer:
    code: str
    role: str = Role.COUNTY_LEADER
    is_authenticated: bool = True
    is_active: bool = True
    pk: None = None
    _scope_prefixes: tuple[str, ...] = field(default=())

    def __post_init__(self):
        self._scope_prefixes = (prefix_of(self.code),)
