"""Aggregate reads of screening hits for statistics (qingfeng.insights), through the scoped
selector, narrowed to village-code `prefixes`; counted in the database."""

from __future__ import annotations

from django.db.models import Count, Q

from qingfeng.screening import selectors
from qingfeng.screening.models import Hit


def _hits(user, prefixes):
    q = Q()
    for prefix in prefixes:
        q |= Q(village_code__startswith=prefix)
    return selectors.hits_for(user).filter(q) if prefixes else Hit.objects.none()


def hit_counts(user, prefixes, start, end) -> dict[str, int]:
    """Hits reviewed in the window (confirmed, dismissed) and hits still waiting now."""
    reviewed = Q(reviewed_at__gte=start, reviewed_at__lt=end)
    return (
        _hits(user, prefixes)
        .order_by()
        .aggregate(
            confirmed=Count("pk", filter=reviewed & Q(status=Hit.Status.CONFIRMED)),
            dismissed=Count("pk", filter=reviewed & Q(status=Hit.Status.DISMISSED)),
            waiting=Count("pk", filter=Q(status=Hit.Status.NEW)),
        )
    )


def confirmed_by_village(user, prefixes, start, end) -> dict[str, int]:
    rows = (
        _hits(user, prefixes)
        .filter(status=Hit.Status.CONFIRMED, reviewed_at__gte=start, reviewed_at__lt=end)
        .order_by()
        .values("village_code")
        .annotate(n=Count("pk"))
    )
    return {row["village_code"]: row["n"] for row in rows}


def confirmed_hits(user, prefixes, start, end):
    """The confirmed hits themselves (rule, village, problem number), newest review first."""
    return (
        _hits(user, prefixes)
        .filter(status=Hit.Status.CONFIRMED, reviewed_at__gte=start, reviewed_at__lt=end)
        .order_by("-reviewed_at")
    )
