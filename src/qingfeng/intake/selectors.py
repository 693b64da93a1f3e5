"""Reads for reports: back-office reads go through the ledger's scoped problems."""

from __future__ import annotations

from django.db.models import QuerySet

from qingfeng.intake.models import Report, ReportAttachment
from qingfeng.ledger import selectors as ledger
from qingfeng.orgs.scope import in_scope

# What /track/status/ shows of a report: its text, date, rating and follow-up, the village and
# township names, and the problem's kind, status and reply (intake/tracking.py).
TRACKED_FIELDS = (
    "created_at",
    "description",
    "rating",
    "follow_up",
    "village__name",
    "village__parent__name",
    "problem__kind",
    "problem__status",
    "problem__reply",
)


def tracked_report(pk: int, *, for_display: bool = True) -> Report | None:
    """The report a resident looked up by its 查询码 (the id kept in their session). For
    display only the fields the status page shows are read (it is the most requested page
    after the village page); a report about to be rated or followed up is read whole."""
    reports = Report.objects.select_related("problem", "village__parent")
    if for_display:
        reports = reports.only(*TRACKED_FIELDS)
    try:
        return reports.get(pk=pk)
    except Report.DoesNotExist:
        return None


def reports_for(user) -> QuerySet[Report]:
    problems = ledger.problems_for(user).values("pk")
    return in_scope(Report.objects.select_related("problem", "village", "entered_by"), user).filter(
        problem__in=problems
    )


def attachments_for(user) -> QuerySet[ReportAttachment]:
    problems = ledger.problems_for(user).values("pk")
    return in_scope(ReportAttachment.objects.select_related("report"), user).filter(
        report__problem__in=problems
    )
