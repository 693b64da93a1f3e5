"""Aggregate reads of 三务公开 for statistics (qingfeng.insights), scoped through orgs.scope,
narrowed to village-code `prefixes`; computed in the database.

On time: a first publication (version 1, corrections are not counted again) published on or
before its due date (disclosure/schedule.py sets the due date when it is published)."""

from __future__ import annotations

from django.db.models import Count, DecimalField, F, Q, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, TruncDate

from qingfeng.disclosure.kinds import Kind
from qingfeng.disclosure.models import Batch, Row
from qingfeng.orgs.scope import in_scope

FUND_KINDS = (Kind.SUBSIDY, Kind.PROJECT)


def _narrow(queryset, prefixes, path: str):
    q = Q()
    for prefix in prefixes:
        q |= Q(**{f"{path}__startswith": prefix})
    return queryset.filter(q) if prefixes else queryset.none()


def _batches(user, prefixes, start, end):
    batches = _narrow(in_scope(Batch.objects.all(), user), prefixes, "village__code")
    return batches.filter(
        version=1, due_date__isnull=False, published_at__gte=start, published_at__lt=end
    ).annotate(day=TruncDate("published_at"))


def timeliness(user, prefixes, start, end) -> dict[str, int]:
    """First publications in the window that had a due date: how many, how many on time."""
    return _batches(user, prefixes, start, end).aggregate(
        due=Count("pk"), on_time=Count("pk", filter=Q(day__lte=F("due_date")))
    )


def lateness_by_village(user, prefixes, start, end) -> dict[str, dict[str, int]]:
    rows = (
        _batches(user, prefixes, start, end)
        .order_by()
        .values("village__code")
        .annotate(due=Count("pk"), late=Count("pk", filter=Q(day__gt=F("due_date"))))
    )
    return {r["village__code"]: {"due": r["due"], "late": r["late"]} for r in rows}


def late_batches(user, village_code: str, start, end):
    return _batches(user, (village_code,), start, end).filter(day__gt=F("due_date"))


def funds_by_village(user, prefixes, start, end) -> dict[str, float]:
    """元 published in benefit-payment and project disclosures in the window (current versions)."""
    rows = (
        _narrow(in_scope(Row.objects.all(), user), prefixes, "batch__village__code")
        .filter(
            batch__kind__in=FUND_KINDS,
            batch__superseded_by__isnull=True,
            batch__published_at__gte=start,
            batch__published_at__lt=end,
        )
        .annotate(amount=Cast(KT("data__amount"), DecimalField(max_digits=16, decimal_places=2)))
        .order_by()
        .values("batch__village__code")
        .annotate(total=Sum("amount"))
    )
    return {r["batch__village__code"]: float(r["total"] or 0) for r in rows}
