"""Back-office navigation by role. The foundation's entries; apps add theirs through
qingfeng.core.extensions.register_nav."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from qingfeng.core.extensions import NavItem, nav_items, register_nav
from qingfeng.orgs.roles import ALL_ROLES, AUDIT_READERS, SUPERVISORS, USER_ADMINS, Role

FOUNDATION_NAV = [
    NavItem(_("Inbox"), "office:inbox", ALL_ROLES, order=0),
    NavItem(_("Regions"), "office:regions", ALL_ROLES, order=80),
    NavItem(_("People"), "office:people", SUPERVISORS | {Role.VILLAGE_SUPERVISOR}, order=81),
    NavItem(_("Zones"), "office:zones", SUPERVISORS, order=82),
    NavItem(_("Units"), "office:units", SUPERVISORS, order=83),
    NavItem(_("Users"), "office:users", USER_ADMINS, order=90),
    NavItem(_("Organisation import"), "office:orgs_import", USER_ADMINS, order=89),
    NavItem(_("Audit log"), "office:audit", AUDIT_READERS, order=91),
]


def register_foundation_nav() -> None:
    for item in FOUNDATION_NAV:
        register_nav(item)


def nav_for(user) -> list[NavItem]:
    role = getattr(user, "role", None)
    return [item for item in nav_items() if role in item.roles]
