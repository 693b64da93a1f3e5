"""Reads for inspections, scoped through orgs.scope (out of scope is a 404 in the views)."""

from __future__ import annotations

from collections import Counter

from django.db.models import Q, QuerySet

from qingfeng.inspections.models import Assignment, ChecklistEntry, Finding, Round
from qingfeng.orgs.scope import in_scope, scope_q


def rounds_for(user) -> QuerySet[Round]:
    return in_scope(Round.objects.select_related("region"), user)


def assignments_for(user) -> QuerySet[Assignment]:
    """Assignments of rounds in the user's scope, and the user's own as an inspector (a
    cross-check sends a monitor to a village outside their own scope)."""
    q = scope_q(user, Assignment.SCOPE_PATH)
    if getattr(user, "person_id", None):
        q |= Q(inspector_id=user.person_id)
    return Assignment.objects.filter(q).select_related(
        "round__region", "village__parent", "inspector"
    )


def my_assignments(user) -> QuerySet[Assignment]:
    if not getattr(user, "person_id", None):
        return Assignment.objects.none()
    return assignments_for(user).filter(inspector_id=user.person_id, round__closed_on__isnull=True)


def entries_of(assignment: Assignment) -> QuerySet[ChecklistEntry]:
    return assignment.entries.all()


def findings_of(round_: Round) -> QuerySet[Finding]:
    return round_.findings.select_related("village", "problem")


def report(round_: Round) -> dict:
    """Findings by village and checklist item, with their problems' rectification status."""
    findings = list(findings_of(round_))
    by_village: dict[str, dict] = {}
    by_category = Counter()
    done = 0
    for f in findings:
        row = by_village.setdefault(f.village.code, {"village": f.village, "count": 0, "closed": 0})
        row["count"] += 1
        by_category[f.category] += 1
        if f.problem.status == "closed":
            row["closed"] += 1
            done += 1
    checked = round_.assignments.filter(submitted_at__isnull=False).count()
    return {
        "round": round_,
        "findings": findings,
        "villages": sorted(by_village.values(), key=lambda r: r["village"].code),
        "categories": sorted(by_category.items(), key=lambda kv: (-kv[1], kv[0])),
        "total": len(findings),
        "closed": done,
        "checked": checked,
        "assigned": round_.assignments.count(),
    }
