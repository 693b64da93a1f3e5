"""Reads for clues and cases. Every back-office read goes through orgs.scope.in_scope (which
adds the objects designated to the user's unit, 指定办案)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from qingfeng.cases.models import Attachment, Case, Clue, Disposal, Meeting, Outcome
from qingfeng.orgs import selectors as orgs
from qingfeng.orgs.roles import SUPERVISORS
from qingfeng.orgs.scope import in_scope

CLUE_RELATED = ("commission", "region", "region__parent", "handler", "designated_unit")


def clues_for(user) -> QuerySet[Clue]:
    if getattr(user, "role", None) not in SUPERVISORS:
        return Clue.objects.none()
    return in_scope(Clue.objects.select_related(*CLUE_RELATED), user)


def cases_for(user) -> QuerySet[Case]:
    if getattr(user, "role", None) not in SUPERVISORS:
        return Case.objects.none()
    # A reviewer of a joint review (联合审理) from another township sees that one case too.
    scoped = in_scope(Case.objects.all(), user).values("pk")
    return (
        Case.objects.filter(Q(pk__in=scoped) | Q(reviewers=user))
        .distinct()
        .select_related(
            "clue", "clue__region", "clue__region__parent", "clue__commission", "handler"
        )
    )


def attachments_for(user) -> QuerySet[Attachment]:
    return Attachment.objects.filter(clue__in=clues_for(user).values("pk")).select_related("clue")


def meetings_for(user) -> QuerySet[Meeting]:
    if getattr(user, "role", None) not in SUPERVISORS:
        return Meeting.objects.none()
    ids = in_scope(Meeting.objects.all(), user).values("pk")
    return Meeting.objects.filter(pk__in=ids).select_related("zone")


def zones_for(user) -> QuerySet:
    if getattr(user, "role", None) not in SUPERVISORS:
        return orgs.zones_for(None)
    return orgs.zones_for(user)


def clue_list(
    user,
    *,
    status: str = "",
    method: str = "",
    unit: str = "",
    zone=None,
    overdue: bool = False,
    today: dt.date | None = None,
) -> QuerySet[Clue]:
    clues = clues_for(user)
    if status == "open":
        clues = clues.filter(status__in=Clue.OPEN_STATUSES)
    elif status:
        clues = clues.filter(status=status)
    if method:
        clues = clues.filter(disposals__method=method).exclude(
            disposals__status=Disposal.Status.DECLINED
        )
    if unit:
        clues = clues.filter(Q(commission_id=unit) | Q(designated_unit_id=unit))
    if zone is not None:
        townships = zone.townships.values_list("code", flat=True)
        clues = clues.filter(Q(region__parent__code__in=townships) | Q(region__code__in=townships))
    if overdue:
        clues = clues.filter(overdue=True)
    return clues.distinct()


def case_list(
    user, *, stage: str = "", unit: str = "", zone=None, overdue: bool = False
) -> QuerySet[Case]:
    cases = cases_for(user)
    if stage == "open":
        cases = cases.filter(stage__in=Case.OPEN_STAGES)
    elif stage:
        cases = cases.filter(stage=stage)
    if unit:
        cases = cases.filter(Q(clue__commission_id=unit) | Q(designated_unit_id=unit))
    if zone is not None:
        townships = zone.townships.values_list("code", flat=True)
        cases = cases.filter(
            Q(clue__region__parent__code__in=townships) | Q(clue__region__code__in=townships)
        )
    if overdue:
        cases = cases.filter(overdue=True)
    return cases


def current_disposal(clue: Clue) -> Disposal | None:
    return (
        clue.disposals.filter(status__in=[Disposal.Status.PROPOSED, Disposal.Status.APPROVED])
        .select_related("proposed_by", "approver")
        .first()
    )


def waiting_approval(user) -> tuple[QuerySet[Disposal], QuerySet[Case]]:
    """Disposals and filings someone else proposed that this user could approve."""
    clues = clues_for(user)
    disposals = (
        Disposal.objects.filter(status=Disposal.Status.PROPOSED, clue__in=clues.values("pk"))
        .exclude(proposed_by=user)
        .select_related("clue", "clue__commission", "proposed_by")
    )
    filings = (
        cases_for(user)
        .filter(stage=Case.Stage.FILING, filing_approved_by__isnull=True)
        .exclude(proposed_by=user)
    )
    return disposals, filings


def due_for_review(user, today: dt.date) -> QuerySet[Clue]:
    """暂存待查 clues whose review date has come (到期待查)."""
    return clues_for(user).filter(status=Clue.Status.SHELVED, review_on__lte=today)


def zone_units(zone) -> list:
    """The units of a zone: its lead unit and its townships' commissions."""
    units = [zone.lead_unit] if zone.lead_unit_id else []
    for township in zone.townships.all():
        units.extend(orgs.units_at(township.code, ["township_commission"]))
    return units


def zones_of_region(code: str) -> QuerySet:
    """Zones holding the township of region `code` (unscoped: zone names only)."""
    return orgs.zones_holding(code[:9] + "000")


def stats(cases: QuerySet[Case]) -> dict:
    """The figures officials report (DOMAIN.md, Statistics officials report)."""
    outcomes = Outcome.objects.filter(case__in=cases.values("pk"))
    recovered = outcomes.filter(kind="funds").aggregate(total=Sum("amount_yuan"))["total"]
    return {
        "cases": cases.count(),
        "filed": cases.filter(filed_on__isnull=False).count(),
        "party": outcomes.filter(kind="party").values("subject").distinct().count(),
        "government": outcomes.filter(kind="government").values("subject").distinct().count(),
        "organisational": outcomes.filter(kind="organisational")
        .values("subject")
        .distinct()
        .count(),
        "detained": cases.filter(detention_from__isnull=False).count(),
        "recovered_wan": ((recovered or Decimal(0)) / Decimal(10000)).quantize(Decimal("0.01")),
    }


def staff_candidates(user, extra_units=()) -> list:
    """Whom to offer as handler, investigator or reviewer: handling roles in the user's scope,
    plus the members of `extra_units` (a zone's units for a joint review, a designated unit)."""
    from qingfeng.cases.access import HANDLERS

    people = list(
        orgs.users_for(user)
        .filter(role__in=HANDLERS, is_active=True)
        .select_related("person", "person__region", "org_unit")
    )
    for unit in extra_units:
        people.extend(orgs.unit_members(unit).filter(role__in=HANDLERS).select_related("org_unit"))
    seen, out = set(), []
    for p in people:
        if p.pk not in seen:
            seen.add(p.pk)
            out.append(p)
    return out
