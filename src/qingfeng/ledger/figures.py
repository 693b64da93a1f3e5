"""Aggregate reads of the ledger for statistics (qingfeng.insights). Every function takes the
viewer, so the ledger's own scoping applies, and narrows to `prefixes` (region-code prefixes
of the places asked about) and a half-open time window [start, end). Counts are computed in
the database; nothing here loads rows into Python.

"Late" is the ledger's own record: a problem is late when the daily deadline check wrote an
超期 event on its timeline (ProblemEvent kind "overdue")."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Substr, TruncMonth

from qingfeng.ledger import selectors
from qingfeng.ledger.models import Problem, ProblemEvent, RectificationTask

RESIDENT_SOURCES = (Problem.Source.REPORT, Problem.Source.WALK_IN)


def _narrow(queryset: QuerySet, prefixes, path: str = "region__code") -> QuerySet:
    q = Q()
    for prefix in prefixes:
        q |= Q(**{f"{path}__startswith": prefix})
    return queryset.filter(q) if prefixes else queryset.none()


def problems_in(user, prefixes) -> QuerySet[Problem]:
    """The viewer's problems (ledger scoping) about places under `prefixes`."""
    return _narrow(selectors.problems_for(user), prefixes)


def late_q() -> Exists:
    return Exists(
        ProblemEvent.objects.filter(problem=OuterRef("pk"), kind=ProblemEvent.Kind.OVERDUE)
    )


def late_in_window(start, end) -> Exists:
    return Exists(
        ProblemEvent.objects.filter(
            problem=OuterRef("pk"), kind=ProblemEvent.Kind.OVERDUE, at__gte=start, at__lt=end
        )
    )


def problem_counts(user, prefixes, start, end) -> dict[str, int]:
    problems = problems_in(user, prefixes)
    window = Q(received_at__gte=start, received_at__lt=end)
    closed = Q(status=Problem.Status.CLOSED, closed_at__gte=start, closed_at__lt=end)
    return problems.alias(late=late_q(), late_now=late_in_window(start, end)).aggregate(
        received=Count("pk", filter=window),
        accepted=Count("pk", filter=Q(accepted_at__gte=start, accepted_at__lt=end)),
        closed=Count("pk", filter=closed),
        closed_on_time=Count("pk", filter=closed & Q(late=False)),
        overdue=Count("pk", filter=Q(late_now=True)),
        resident_resolved=Count("pk", filter=closed & Q(source__in=RESIDENT_SOURCES)),
    )


def problems_by(user, prefixes, start, end, field: str) -> dict[str, int]:
    """Problems received in the window, counted by `field` ("source" or "kind")."""
    rows = (
        problems_in(user, prefixes)
        .filter(received_at__gte=start, received_at__lt=end)
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
    )
    return {row[field]: row["n"] for row in rows}


def monthly(user, prefixes, start, end) -> dict[str, dict]:
    """Received and closed per month ("2026-11"), with the months in the local time zone."""
    problems = problems_in(user, prefixes)
    out: dict[str, dict] = {}
    received = (
        problems.filter(received_at__gte=start, received_at__lt=end)
        .annotate(m=TruncMonth("received_at"))
        .order_by()
        .values("m")
        .annotate(n=Count("pk"))
    )
    for row in received:
        out.setdefault(row["m"].strftime("%Y-%m"), {})["received"] = row["n"]
    closed = (
        problems.filter(status=Problem.Status.CLOSED, closed_at__gte=start, closed_at__lt=end)
        .annotate(m=TruncMonth("closed_at"))
        .order_by()
        .values("m")
        .annotate(n=Count("pk"))
    )
    for row in closed:
        out.setdefault(row["m"].strftime("%Y-%m"), {})["closed"] = row["n"]
    return out


def by_area(user, prefixes, start, end, digits: int) -> dict[str, dict[str, int]]:
    """Counts by the first `digits` digits of the village code (9: township, 12: village)."""
    window = Q(received_at__gte=start, received_at__lt=end)
    closed = Q(status=Problem.Status.CLOSED, closed_at__gte=start, closed_at__lt=end)
    rows = (
        problems_in(user, prefixes)
        .alias(late_now=late_in_window(start, end), late=late_q())
        .annotate(area=Substr("region__code", 1, digits))
        .order_by()
        .values("area")
        .annotate(
            received=Count("pk", filter=window),
            received_late=Count("pk", filter=window & Q(late=True)),
            resident=Count("pk", filter=window & Q(source__in=RESIDENT_SOURCES)),
            closed=Count("pk", filter=closed),
            closed_on_time=Count("pk", filter=closed & Q(late=False)),
            open_overdue=Count("pk", filter=Q(status__in=Problem.OPEN_STATUSES, overdue=True)),
            went_overdue=Count("pk", filter=Q(late_now=True)),
        )
    )
    out = {}
    for row in rows:
        row["overdue"] = row.pop("went_overdue")
        out[row.pop("area")] = row
    return out


def rectification_counts(user, prefixes, start, end) -> dict[str, int]:
    """整改 tasks given in the window: given, evidence submitted, accepted, overdue."""
    tasks = _narrow(
        selectors.rectifications_for(user),
        prefixes,
        "problem__region__code",
    ).filter(created_at__gte=start, created_at__lt=end)
    return tasks.aggregate(
        given=Count("pk"),
        submitted=Count("pk", filter=Q(submitted_at__isnull=False)),
        accepted=Count("pk", filter=Q(status=RectificationTask.Status.ACCEPTED)),
        overdue=Count("pk", filter=Q(overdue=True)),
    )


def unrectified_by_village(user, prefixes) -> dict[str, int]:
    """Rectification tasks not yet accepted, by village code."""
    rows = (
        _narrow(
            selectors.rectifications_for(user),
            prefixes,
            "problem__region__code",
        )
        .exclude(status=RectificationTask.Status.ACCEPTED)
        .order_by()
        .values("problem__region__code")
        .annotate(n=Count("pk"))
    )
    return {row["problem__region__code"]: row["n"] for row in rows}


def overdue_open(user, prefixes) -> QuerySet[Problem]:
    """Open problems past their deadline now (the ledger's overdue list), oldest deadline first."""
    return (
        _narrow(selectors.problem_list(user, overdue=True), prefixes)
        .filter(status__in=Problem.OPEN_STATUSES)
        .order_by("due_date", "pk")
    )


def village_records(user, village_code: str, start, end) -> QuerySet[Problem]:
    """The problems behind a village's score parts."""
    return (
        problems_in(user, (village_code,))
        .filter(received_at__gte=start, received_at__lt=end)
        .annotate(was_late=late_q())
        .order_by("-received_at")
    )


def unrectified_tasks(user, village_code: str) -> QuerySet[RectificationTask]:
    return (
        selectors.rectifications_for(user)
        .filter(problem__region__code=village_code)
        .exclude(status=RectificationTask.Status.ACCEPTED)
        .order_by("due_date")
    )


def about_person(user, person_id: int) -> QuerySet[Problem]:
    return selectors.problems_for(user).filter(subject_person_id=person_id).order_by("-received_at")


def rectifications_about_person(user, person_id: int) -> QuerySet[RectificationTask]:
    return selectors.rectifications_for(user).filter(problem__subject_person_id=person_id)


def recommendations_about_person(user, person_id: int):
    return selectors.recommendations_for(user).filter(problem__subject_person_id=person_id)


def source_labels() -> dict[str, str]:
    return dict(Problem.Source.choices)


def kind_labels() -> dict[str, str]:
    return dict(Problem.Kind.choices)
