"""Inbox sections: what waits for the user's unit, what is overdue, unread notices."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from qingfeng.core.extensions import InboxSection
from qingfeng.ledger import selectors
from qingfeng.ledger.views import READERS


def _place(region) -> str:
    """Township and village: two villages of a county may share a name (大源村)."""
    parent = region.parent.name if region.parent_id and region.level == "village" else ""
    return f"{parent} {region.name}".strip()


def _items(problems):
    return [
        {
            "title": f"{p.number} {p.title}",
            "detail": f"{_place(p.region)} · {p.get_status_display()}"
            + (f" · {_('deadline')} {p.due_date:%Y-%m-%d}" if p.due_date else ""),
            "url": reverse("office:ledger:problem", kwargs={"pk": p.pk}),
        }
        for p in problems[:30]
    ]


def waiting(user) -> InboxSection | None:
    if user.role not in READERS:
        return None
    mine = Q(handler=user) | Q(handling_unit_id=user.org_unit_id, handler__isnull=True)
    problems = (
        selectors.problems_for(user)
        .filter(mine, status__in=["submitted", "accepted", "handling", "review"])
        .order_by("due_date", "pk")
    )
    return InboxSection(
        _("Problems waiting for you"),
        _items(problems),
        _("Nothing waits for you."),
        10,
        total=problems.count(),
    )


def overdue(user) -> InboxSection | None:
    if user.role not in READERS:
        return None
    problems = selectors.overdue_problems(user).order_by("due_date", "pk")
    return InboxSection(
        _("Overdue problems"),
        _items(problems),
        _("Nothing is overdue."),
        20,
        total=problems.count(),
    )


def unread(user) -> InboxSection | None:
    notices = selectors.unread_notifications(user)[:20]
    if not notices:
        return None
    items = [
        {
            "title": n.text,
            "detail": f"{n.created_at:%Y-%m-%d %H:%M}",
            "url": reverse("office:ledger:notifications"),
        }
        for n in notices
    ]
    return InboxSection(_("Notifications"), items, "", 5)
