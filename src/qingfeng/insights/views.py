"""The dashboard (驾驶舱) and each chart's numbers as .xlsx. Thin: parse the period and the
place (both checked against the viewer's scope), compute, render."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from qingfeng.insights import access, areas, periods, statistics, xlsx
from qingfeng.office.mixins import OfficeView


def read_params(request):
    """(area, period) from ?scope=&p=; a bad period falls back to this month with a message."""
    area = areas.resolve(request.user, request.GET.get("scope"))
    try:
        value = request.GET.get("p")
        if request.GET.get("from") and request.GET.get("to"):
            value = f"{request.GET['from']}~{request.GET['to']}"
        period = periods.parse(value)
    except periods.PeriodError as exc:
        messages.error(request, str(exc))
        period = periods.parse("")
    return area, period


def period_choices(period) -> list[tuple[str, str]]:
    today = periods.today()
    this_month, this_quarter = periods.month(today), periods.quarter(today)
    options = [
        this_month,
        this_month.previous(),
        this_quarter,
        this_quarter.previous(),
        periods.year(today.year),
        periods.year(today.year - 1),
    ]
    if period not in options:
        options.insert(0, period)
    return [(p.param, p.label) for p in options]


class DashboardView(OfficeView, View):
    allowed_roles = access.READERS

    def get(self, request):
        area, period = read_params(request)
        stats = statistics.compute(request.user, area, period)
        return render(
            request,
            "insights/dashboard.html",
            {
                "stats": stats,
                "area": area,
                "period": period,
                "period_choices": period_choices(period),
                "custom_from": period.first.isoformat(),
                "custom_to": period.last.isoformat(),
                "places": areas.choices(request.user),
                "charts_json": [c.data() for c in stats.charts],
            },
        )


class ChartExportView(OfficeView, View):
    allowed_roles = access.READERS

    def get(self, request):
        chart = request.GET.get("chart") or "trend"
        area, period = read_params(request)
        stats = statistics.compute(request.user, area, period)
        try:
            data = stats.chart(chart)
        except KeyError:
            raise Http404 from None
        heading = f"{data.title} · {area.name} · {period.label}"
        notes = [_("Definitions:")] + [
            f"{f.definition.label}: {f.definition.definition}"
            for _t, figures in stats.sections
            for f in figures
        ]
        body = xlsx.chart_workbook(data, heading=heading, notes=notes)
        response = HttpResponse(
            body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        name = f"insights-{chart}-{period.param.replace('~', '_')}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
