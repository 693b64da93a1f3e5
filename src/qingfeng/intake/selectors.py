"""Reads for reports: back-office reads go through the ledger's scoped problems."""

from __future__ import annotations

from django.db.models import QuerySet

from qingfeng.intake.models import Report, ReportAttachment
from qingfeng.ledger import selectors as ledger
from qingfeng.orgs.scope import in_scope


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
