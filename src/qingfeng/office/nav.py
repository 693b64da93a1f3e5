"""Back-office navigation by role. The foundation's entries; apps add theirs through
qingfeng.core.extensions.register_nav, naming one of the menu's groups (extensions.NAV_*).

The menu is one row: standalone links and, for each group a role sees two or more entries
of, a drop-down (`<details>`: it opens by mouse, keyboard and touch without a script;
static/qingfeng/site.js only closes the others)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qingfeng.core import extensions as ext
from qingfeng.core.extensions import NavItem, nav_items, register_nav
from qingfeng.orgs.roles import ALL_ROLES, AUDIT_READERS, SUPERVISORS, USER_ADMINS, Role

FOUNDATION_NAV = [
    NavItem(_("Inbox"), "office:inbox", ALL_ROLES, order=0),
    NavItem(_("Regions"), "office:regions", ALL_ROLES, 80, ext.NAV_SETTINGS),
    NavItem(
        _("People"),
        "office:people",
        SUPERVISORS | {Role.VILLAGE_SUPERVISOR},
        81,
        ext.NAV_SETTINGS,
    ),
    NavItem(_("Zones"), "office:zones", SUPERVISORS, 82, ext.NAV_SETTINGS),
    NavItem(_("Units"), "office:units", SUPERVISORS, 83, ext.NAV_SETTINGS),
    NavItem(_("Users"), "office:users", USER_ADMINS, 90, ext.NAV_SETTINGS),
    NavItem(
        _("Organisation import"),
        "office:orgs_import",
        USER_ADMINS,
        89,
        ext.NAV_SETTINGS,
    ),
    NavItem(_("Audit log"), "office:audit", AUDIT_READERS, 91, ext.NAV_SETTINGS),
]

# The groups' names; a group takes the place of its first entry in the row.
GROUP_LABELS = {
    ext.NAV_LEDGER: pgettext_lazy("menu group", "Ledger"),
    ext.NAV_CASES: pgettext_lazy("menu group", "Clues and cases"),
    ext.NAV_TOPICS: pgettext_lazy("menu group", "Topics"),
    ext.NAV_PUBLIC: pgettext_lazy("menu group", "Powers and disclosure"),
    ext.NAV_SUPERVISION: pgettext_lazy("menu group", "Supervision"),
    ext.NAV_SETTINGS: pgettext_lazy("menu group", "Organisation and settings"),
}


@dataclass
class MenuEntry:
    """A standalone link (`item`) or a group (`label` and its `items`)."""

    item: NavItem | None = None
    label: str = ""
    items: list[NavItem] = field(default_factory=list)
    current: bool = False  # the page shown is this entry or one of its items


def register_foundation_nav() -> None:
    for item in FOUNDATION_NAV:
        register_nav(item)


def nav_for(user) -> list[NavItem]:
    role = getattr(user, "role", None)
    return [item for item in nav_items() if role in item.roles]


def menu_for(user, view_name: str = "") -> list[MenuEntry]:
    """The role's entries in order, grouped; a group with one entry for this role is that
    entry alone (no drop-down of one)."""
    items = nav_for(user)
    groups: dict[str, list[NavItem]] = {}
    for item in items:
        if item.group in GROUP_LABELS:
            groups.setdefault(item.group, []).append(item)
    menu: list[MenuEntry] = []
    for item in items:
        members = groups.get(item.group, [])
        if len(members) < 2:
            menu.append(MenuEntry(item=item, current=item.url_name == view_name))
        elif item is members[0]:
            current = any(m.url_name == view_name for m in members)
            menu.append(MenuEntry(label=GROUP_LABELS[item.group], items=members, current=current))
    return menu
