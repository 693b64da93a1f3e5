"""Back-office navigation by role. Later issues add their entries here."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from qingfeng.orgs.roles import ALL_ROLES, AUDIT_READERS, SUPERVISORS, USER_ADMINS, Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str]


NAV: list[NavItem] = [
    NavItem(_("Inbox"), "office:inbox", ALL_ROLES),
    NavItem(_("Regions"), "office:regions", ALL_ROLES),
    NavItem(_("People"), "office:people", SUPERVISORS | {Role.VILLAGE_SUPERVISOR}),
    NavItem(_("Zones"), "office:zones", SUPERVISORS),
    NavItem(_("Units"), "office:units", SUPERVISORS),
    NavItem(_("Users"), "office:users", USER_ADMINS),
    NavItem(_("Audit log"), "office:audit", AUDIT_READERS),
]


def nav_for(user) -> list[NavItem]:
    role = getattr(user, "role", None)
    return [item for item in NAV if role in item.roles]
