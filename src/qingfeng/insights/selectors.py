"""Reads of insights' own records, always through the viewer's scope."""

from __future__ import annotations

from django.db.models import QuerySet

from qingfeng.insights.models import SupervisionReport
from qingfeng.orgs.scope import in_scope


def reports_for(user) -> QuerySet[SupervisionReport]:
    return in_scope(SupervisionReport.objects.select_related("requested_by"), user)


def boundaries_for(user, codes) -> dict[str, list]:
    from qingfeng.insights.models import VillageBoundary

    rows = in_scope(VillageBoundary.objects.filter(code__in=list(codes)), user)
    return dict(rows.values_list("code", "rings"))
