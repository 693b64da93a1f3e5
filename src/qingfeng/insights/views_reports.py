"""两报告: ask for a monthly or quarterly 监督工作报告, watch it being written, download it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views import View

from qingfeng.insights import access, areas, periods, selectors, services
from qingfeng.insights.models import SupervisionReport
from qingfeng.office.feedback import show_errors
from qingfeng.office.mixins import OfficeView, ScopedObjectMixin


class ReportListView(OfficeView, View):
    allowed_roles = access.READERS

    def get(self, request):
        today = periods.today()
        last_month = periods.month(today).previous()
        return render(
            request,
            "insights/reports.html",
            {
                "reports": selectors.reports_for(request.user)[:100],
                "places": areas.choices(request.user),
                "kinds": SupervisionReport.Kind.choices,
                "default_period": last_month.param,
                "this_month": periods.month(today).param,
                "last_quarter": periods.quarter(today).previous().param,
                "period": last_month,
                "area": areas.resolve(request.user, ""),
            },
        )

    def post(self, request):
        area = areas.resolve(request.user, request.POST.get("scope"))
        try:
            period = periods.parse(request.POST.get("p"))
            report = services.report_request(
                actor=request.user, kind=request.POST.get("kind", ""), period=period, area=area
            )
        except periods.PeriodError as exc:
            show_errors(request, ValidationError(str(exc)))
            return redirect("office:insights:reports")
        except ValidationError as exc:
            show_errors(request, exc)
            return redirect("office:insights:reports")
        return redirect("office:insights:report", pk=report.pk)


class ReportDetailView(OfficeView, ScopedObjectMixin, View):
    allowed_roles = access.READERS
    scope_selector = selectors.reports_for

    def get(self, request, pk):
        report = self.get_object()
        template = "insights/_report_progress.html" if request.htmx else "insights/report.html"
        return render(request, template, {"report": report, "percent": int(report.progress * 100)})


class ReportDownloadView(OfficeView, ScopedObjectMixin, View):
    allowed_roles = access.READERS
    scope_selector = selectors.reports_for

    def get(self, request, pk):
        report = self.get_object()
        if report.status != SupervisionReport.Status.DONE or not report.file:
            raise Http404
        name = f"监督工作报告-{report.area_name}-{report.period}.pdf"
        return FileResponse(
            report.file.open("rb"),
            as_attachment=True,
            filename=name,
            content_type="application/pdf",
        )
