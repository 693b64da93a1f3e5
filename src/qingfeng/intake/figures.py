"""Aggregate reads of public reports for statistics (qingfeng.insights): ratings and repeats.
Scoped through the intake selectors; narrowed to region-code `prefixes` of the village and to
the half-open window [start, end). Counted in the database."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from qingfeng.intake import selectors
from qingfeng.intake.models import Report
from qingfeng.orgs import selectors as orgs
from qingfeng.orgs.roles import Role
from qingfeng.orgs.scope import in_scope, scope_prefixes

REPEAT_WINDOW = dt.timedelta(days=90)  # "again within 90 days" (DOMAIN.md)


def _reports(user, prefixes) -> QuerySet[Report]:
    if not prefixes:
        return Report.objects.none()
    if getattr(user, "role", None) == Role.DEPARTMENT_STAFF:
        reports = selectors.reports_for(user)  # only their unit's problems
    else:  # what reports_for gives everyone else, without its costly subquery
        reports = in_scope(Report.objects.all(), user)
    if set(prefixes) == set(scope_prefixes(user)):
        return reports
    return reports.filter(village__in=orgs.region_ids_under(prefixes))


def rating_counts(user, prefixes, start, end) -> dict[str, int]:
    """Ratings given in the window, by answer."""
    return (
        _reports(user, prefixes)
        .filter(rated_at__gte=start, rated_at__lt=end)
        .aggregate(
            satisfied=Count("pk", filter=Q(rating=Report.Rating.SATISFIED)),
            basically=Count("pk", filter=Q(rating=Report.Rating.BASICALLY)),
            unsatisfied=Count("pk", filter=Q(rating=Report.Rating.UNSATISFIED)),
        )
    )


def repeat_counts(user, prefixes, start, end) -> dict[str, int]:
    """Reports received in the window, and those that repeat an earlier one within 90 days:
    the same matter (another report on the same problem; marking a problem 重复件 moves its
    reports to the original) or the same reporter (same phone, by its blind index)."""
    earlier = Report.objects.filter(
        created_at__lt=OuterRef("created_at"),
        created_at__gte=OuterRef("created_at") - REPEAT_WINDOW,
    ).exclude(pk=OuterRef("pk"))
    same_matter = Exists(earlier.filter(problem=OuterRef("problem")))
    same_reporter = Exists(
        earlier.filter(
            reporter_phone_index=OuterRef("reporter_phone_index"),
            reporter_phone_index__isnull=False,
        ).exclude(reporter_phone_index="")
    )
    reports = _reports(user, prefixes).filter(created_at__gte=start, created_at__lt=end).order_by()
    # In WHERE (not a computed column) so that the reporter check runs only for reports with
    # a phone: most reports are anonymous and would each scan all the others.
    repeats = reports.filter(same_matter | (Q(reporter_phone_index__gt="") & same_reporter)).count()
    return {"reports": reports.count(), "repeats": repeats}
