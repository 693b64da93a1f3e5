"""Monitors at work: visits logged through the ledger's visit log, the county's duty plan, the
monthly missed-visit check and the yearly evaluation (考评) with its figures."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.audit.services import audit_record
from qingfeng.inspections import access
from qingfeng.inspections.models import DutyPlan, MonitorEvaluation, MonitorVisit, VisitGroup
from qingfeng.ledger import selectors as ledger_selectors
from qingfeng.ledger import services as ledger
from qingfeng.orgs import monitors
from qingfeng.orgs.roles import COUNTY_EDITORS
from qingfeng.orgs.scope import code_in_scope, in_scope

DEFAULT_VISITS = 2


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def previous_month(today: dt.date) -> tuple[int, int]:
    first = today.replace(day=1) - dt.timedelta(days=1)
    return first.year, first.month


# --- duty plan ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Duty:
    visits_per_month: int
    groups: list[str]


def duty_for(county_code: str) -> Duty:
    plan = DutyPlan.objects.filter(county__code=county_code[:6] + "000000").first()
    if plan is None:
        return Duty(DEFAULT_VISITS, [g for g in VisitGroup.values if g != VisitGroup.OTHER])
    return Duty(plan.visits_per_month, list(plan.groups))


def duty_save(*, actor, county, visits_per_month: int, groups: list[str]) -> DutyPlan:
    if actor.role not in COUNTY_EDITORS or not code_in_scope(actor, county.code):
        raise PermissionDenied(_("Only the county may set the duty plan."))
    if not 1 <= visits_per_month <= 31:
        raise ValidationError({"visits_per_month": _("Visits a month must be between 1 and 31.")})
    unknown = [g for g in groups if g not in VisitGroup.values]
    if unknown or not groups:
        raise ValidationError({"groups": _("Choose at least one group to visit.")})
    with transaction.atomic():
        plan, _created = DutyPlan.objects.update_or_create(
            county=county, defaults={"visits_per_month": visits_per_month, "groups": groups}
        )
        audit_record(
            actor=actor,
            action="inspections.duty.save",
            target=plan,
            region_code=county.code,
            data={"visits_per_month": visits_per_month, "groups": groups},
        )
    return plan


# --- visits ---------------------------------------------------------------------------------


def may_log_for(user, monitor) -> bool:
    if getattr(user, "person_id", None) == monitor.person_id:
        return True
    return user.role in access.ORGANISERS and code_in_scope(user, monitor.village.code)


def visit_log(
    *,
    actor,
    monitor,
    visited_on: dt.date,
    place: str,
    group: str,
    heard: str,
    findings: list[str],
    planned: bool = True,
    now=None,
) -> MonitorVisit:
    """A monitor's visit: the ledger's visit log (each finding a problem, source 走访) plus
    who visited, the group visited and whether it was planned, in one transaction."""
    if not may_log_for(actor, monitor) or not monitor.active:
        raise PermissionDenied(_("You may not log visits for this monitor."))
    if group not in VisitGroup.values:
        raise ValidationError({"group": _("Choose whom you visited.")})
    if visited_on > timezone.localdate(now):
        raise ValidationError({"visited_on": _("The visit date is in the future.")})
    if visited_on < monitor.term_start:
        raise ValidationError({"visited_on": _("The date is before the term started.")})
    with transaction.atomic():
        visit = ledger.visit_log(
            actor=actor,
            region=monitor.village,
            visited_on=visited_on,
            place=place,
            whom=VisitGroup(group).label,
            heard=heard,
            findings=findings,
            now=now,
        )
        record = MonitorVisit.objects.create(
            visit=visit, monitor=monitor, group=group, planned=planned, visited_on=visited_on
        )
        audit_record(
            actor=actor,
            action="inspections.visit.log",
            target=record,
            region_code=monitor.village.code,
            data={"visit": visit.pk, "group": group, "planned": planned},
        )
    return record


def visits_for(user):
    return in_scope(
        MonitorVisit.objects.select_related("monitor__person", "monitor__village", "visit"), user
    )


# --- the monthly check and the plan's completion --------------------------------------------


def completion(user, year: int, month: int) -> list[dict]:
    """Each monitor in scope who served that month: visits logged against the plan."""
    start, end = month_bounds(year, month)
    rows = []
    serving = (
        monitors.monitors_for(user)
        .filter(term_start__lte=end)
        .filter(Q(exited_on__isnull=True) | Q(exited_on__gte=end))
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=start))
    )
    done = dict(
        MonitorVisit.objects.filter(monitor__in=serving, visited_on__gte=start, visited_on__lte=end)
        .values("monitor")
        .annotate(n=Count("pk"))
        .values_list("monitor", "n")
    )
    duties: dict[str, Duty] = {}
    for m in serving:
        county = m.village.code[:6]
        duty = duties.setdefault(county, duty_for(m.village.code))
        n = done.get(m.pk, 0)
        rows.append(
            {
                "monitor": m,
                "done": n,
                "required": duty.visits_per_month,
                "missed": max(duty.visits_per_month - n, 0),
            }
        )
    return rows


def missed_visits(user, today: dt.date | None = None) -> tuple[tuple[int, int], list[dict]]:
    """Last month's monitors who logged fewer visits than the plan asks (the monthly check)."""
    year, month = previous_month(today or timezone.localdate())
    return (year, month), [r for r in completion(user, year, month) if r["missed"]]


# --- the yearly evaluation ------------------------------------------------------------------


def figures(monitor, year: int) -> dict:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    visits = MonitorVisit.objects.filter(
        monitor=monitor, visited_on__gte=start, visited_on__lte=end
    )
    visit_ids = list(visits.values_list("visit_id", flat=True))
    problems = ledger_selectors.problems_of_visits(visit_ids)
    first = max(start, monitor.term_start)
    last = min(end, monitor.exited_on or end, monitor.term_end or end, timezone.localdate())
    months = 0 if last < first else (last.year - first.year) * 12 + last.month - first.month + 1
    required = months * duty_for(monitor.village.code).visits_per_month
    logged = visits.count()
    return {
        "visits": logged,
        "planned": visits.filter(planned=True).count(),
        "required": required,
        "completion": round(100 * min(logged, required) / required) if required else None,
        "findings": problems.count(),
        "solved": problems.filter(status="closed").count(),
        "groups": sorted(set(visits.values_list("group", flat=True))),
    }


def evaluation_record(
    *, actor, monitor, year: int, residents_rating: int, grade: str, note: str = ""
) -> MonitorEvaluation:
    if actor.role not in access.ORGANISERS or not code_in_scope(actor, monitor.village.code):
        raise PermissionDenied(_("Your role may not make this change."))
    if not 0 <= residents_rating <= 100:
        raise ValidationError({"residents_rating": _("The rating is a number from 0 to 100.")})
    if grade not in MonitorEvaluation.Grade.values:
        raise ValidationError({"grade": _("Choose a grade.")})
    with transaction.atomic():
        record, _created = MonitorEvaluation.objects.update_or_create(
            monitor=monitor,
            year=year,
            defaults={
                "residents_rating": residents_rating,
                "grade": grade,
                "note": note.strip(),
                "figures": figures(monitor, year),
                "recorded_by": actor,
            },
        )
        audit_record(
            actor=actor,
            action="inspections.evaluation",
            target=record,
            region_code=monitor.village.code,
            data={"year": year, "rating": residents_rating, "grade": grade},
        )
    return record


def evaluation_of(monitor, year: int) -> MonitorEvaluation | None:
    return MonitorEvaluation.objects.filter(monitor=monitor, year=year).first()
