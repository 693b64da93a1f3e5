"""What the clue register adds to the shell: menu entries, inbox sections (待我审批, 到期待查,
overdue clues and cases), the ledger's hand-over (转为问题线索), the daily check, the demo."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qingfeng.cases import access, selectors
from qingfeng.core import extensions as ext


def waiting_approval(user) -> ext.InboxSection | None:
    if user.role not in access.APPROVERS:
        return None
    disposals, filings = selectors.waiting_approval(user)
    items = [
        {
            "title": f"{d.clue.number} {d.get_method_display()}",
            "detail": f"{d.clue.commission} · {d.proposed_by} · {d.proposed_at:%Y-%m-%d}",
            "url": reverse("office:cases:clue", kwargs={"pk": d.clue_id}),
        }
        for d in disposals[:30]
    ] + [
        {
            "title": f"{c.number} {_('filing (立案)')}",
            "detail": f"{c.clue.commission} · {c.proposed_by} · {c.stage_started:%Y-%m-%d}",
            "url": reverse("office:cases:case", kwargs={"pk": c.pk}),
        }
        for c in filings[:30]
    ]
    return ext.InboxSection(_("Waiting for my approval"), items, _("Nothing to approve."), 7)


def due_for_review(user) -> ext.InboxSection | None:
    if user.role not in access.READERS:
        return None
    clues = selectors.due_for_review(user, timezone.localdate())
    items = [
        {
            "title": f"{c.number} {c.summary[:30]}",
            "detail": f"{c.commission} · {_('review date')} {c.review_on:%Y-%m-%d}",
            "url": reverse("office:cases:clue", kwargs={"pk": c.pk}),
        }
        for c in clues[:30]
    ]
    return ext.InboxSection(_("Clues due for review"), items, _("No clue is due for review."), 8)


def overdue(user) -> ext.InboxSection | None:
    if user.role not in access.READERS:
        return None
    items = [
        {
            "title": f"{c.number} {c.get_status_display()}",
            "detail": f"{c.commission} · {_('deadline')} {c.due_date:%Y-%m-%d}",
            "url": reverse("office:cases:clue", kwargs={"pk": c.pk}),
        }
        for c in selectors.clues_for(user).filter(overdue=True, status__in=["talk", "check"])[:30]
    ] + [
        {
            "title": f"{c.number} {c.get_stage_display()}",
            "detail": f"{c.clue.commission} · {_('deadline')} {c.due_date:%Y-%m-%d}",
            "url": reverse("office:cases:case", kwargs={"pk": c.pk}),
        }
        for c in selectors.cases_for(user).filter(overdue=True).order_by("due_date")[:30]
    ]
    return ext.InboxSection(
        _("Overdue clues and cases"), items, _("No clue or case is overdue."), 9
    )


def resolve_clue(problem_id: str) -> ext.Reference | None:
    """ "clue:<problem id>" -> the clue opened from that problem (its office page)."""
    from qingfeng.cases.models import Clue

    if not problem_id.isdigit():
        return None
    clue = Clue.objects.filter(problem_id=int(problem_id)).order_by("-pk").first()
    if clue is None:
        return None
    url = reverse("office:cases:clue", args=[clue.pk])
    return ext.Reference("clue", problem_id, clue.number, url)


def register() -> None:
    from qingfeng.cases import demo, services

    ext.register_nav(
        ext.NavItem(
            gettext_lazy("Problem clues"),
            "office:cases:list",
            access.READERS,
            order=14,
            group=ext.NAV_CASES,
        )
    )
    ext.register_nav(
        ext.NavItem(
            gettext_lazy("Cases"),
            "office:cases:cases",
            access.READERS,
            order=15,
            group=ext.NAV_CASES,
        )
    )
    ext.register_inbox(waiting_approval)
    ext.register_inbox(due_for_review)
    ext.register_inbox(overdue)
    ext.register_clue_opener(services.clue_open_from_problem)
    ext.register_daily_check("cases", services.check_deadlines)
    from qingfeng.cases import figures

    ext.register_figure_provider(ext.FigureProvider("cases", figures.compute))
    ext.register_reference("clue", resolve_clue)
    ext.register_demo_step(ext.DemoStep("cases", build=demo.build, clear=demo.clear, order=55))
