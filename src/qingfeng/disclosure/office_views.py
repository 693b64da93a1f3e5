"""Back-office pages: the dashboard of late villages, templates, upload, a batch, correction."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from qingfeng.disclosure import kinds, schedule, selectors, services, sheets
from qingfeng.disclosure.forms import CorrectForm, UploadForm
from qingfeng.disclosure.kinds import Kind
from qingfeng.disclosure.spreadsheet import MAX_BYTES, SpreadsheetError
from qingfeng.office.mixins import OfficeView, ScopedObjectMixin
from qingfeng.orgs import selectors as orgs

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _parse(kind: str, upload) -> tuple[list, list[str]]:
    try:
        rows, errors = sheets.parse(kind, upload.read(MAX_BYTES + 1))
    except SpreadsheetError as exc:
        return [], [str(exc)]
    return rows, [str(e) for e in errors]


class DashboardView(OfficeView, View):
    def get(self, request):
        villages = orgs.regions_for(request.user).filter(level="village").select_related("parent")
        late = selectors.late(villages, timezone.localdate())
        batches = selectors.batches_for(request.user).order_by("-published_at", "-pk")
        page = Paginator(batches, 30).get_page(request.GET.get("page"))
        return render(
            request,
            "disclosure/office_dashboard.html",
            {
                "late": late[:200],
                "late_count": len(late),
                "page": page,
                "kinds": Kind.choices,
                "can_publish": request.user.role in services.PUBLISHERS,
            },
        )


class TemplateView(OfficeView, View):
    """The empty .xlsx template of one kind (?kind=finance)."""

    def get(self, request):
        kind = request.GET.get("kind", Kind.FINANCE)
        if kind not in Kind.values:
            raise Http404
        response = HttpResponse(sheets.template(kind), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="disclosure-template-{kind}.xlsx"'
        return response


class UploadView(OfficeView, View):
    allowed_roles = services.PUBLISHERS

    def _villages(self, request):
        return orgs.regions_for(request.user).filter(level="village").order_by("code")

    def get(self, request, form=None, errors=()):
        form = form or UploadForm(villages=self._villages(request))
        return render(
            request,
            "disclosure/office_upload.html",
            {
                "form": form,
                "errors": errors,
                "kinds": [(k, label, schedule.period_hint(k)) for k, label in Kind.choices],
            },
        )

    def post(self, request):
        form = UploadForm(request.POST, request.FILES, villages=self._villages(request))
        if not form.is_valid():
            return self.get(request, form=form)
        data = form.cleaned_data
        try:
            period = schedule.clean_period(data["kind"], data["period"])
        except ValidationError as exc:
            form.add_error("period", exc.messages[0])
            return self.get(request, form=form)
        rows, errors = _parse(data["kind"], data["file"])
        if errors:
            return self.get(request, form=form, errors=errors)
        village = self._villages(request).get(code=data["village"])
        batch = services.publish(
            actor=request.user,
            village=village,
            kind=data["kind"],
            period=period,
            title=data["title"],
            rows=rows,
        )
        messages.success(
            request,
            _("Published %(n)d lines. Hash: %(hash)s") % {"n": len(rows), "hash": batch.hash},
        )
        return redirect("office:disclosure:batch", pk=batch.pk)


class BatchView(OfficeView, ScopedObjectMixin, View):
    scope_selector = staticmethod(selectors.batches_for)

    def get(self, request, pk):
        batch = self.get_object()
        columns = kinds.columns(batch.kind)
        page = Paginator(batch.rows.order_by("line"), 100).get_page(request.GET.get("page"))
        personal = batch.kind in kinds.PERSONAL_KINDS
        if personal:  # full names of benefit recipients: a look at protected data
            services.record_office_look(actor=request.user, batch=batch, what="view_names")
        rows = []
        for row in page:
            cells = [row.data.get(c.key, "") for c in columns]
            if personal:
                cells[[c.key for c in columns].index("name")] = row.full_name
            rows.append({"line": row.line, "cells": cells})
        return render(
            request,
            "disclosure/office_batch.html",
            {
                "batch": batch,
                "headers": [c.header for c in columns],
                "rows": rows,
                "page": page,
                "history": selectors.history(batch),
                "can_correct": batch.is_current
                and services.can_publish(request.user, batch.village),
            },
        )


class BatchExportView(OfficeView, ScopedObjectMixin, View):
    scope_selector = staticmethod(selectors.batches_for)

    def get(self, request, pk):
        batch = self.get_object()
        if batch.kind in kinds.PERSONAL_KINDS:
            services.record_office_look(actor=request.user, batch=batch, what="export_names")
        data = sheets.export(batch, batch.rows.order_by("line"), office=True)
        response = HttpResponse(data, content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="disclosure-{batch.pk}.xlsx"'
        return response


class CorrectView(OfficeView, ScopedObjectMixin, View):
    allowed_roles = services.PUBLISHERS
    scope_selector = staticmethod(selectors.batches_for)

    def get(self, request, pk, form=None, errors=()):
        batch = self.get_object()
        if not batch.is_current:
            messages.error(
                request, _("This version was already corrected; correct the newest one.")
            )
            return redirect("office:disclosure:batch", pk=batch.superseded_by.pk)
        return render(
            request,
            "disclosure/office_correct.html",
            {"batch": batch, "form": form or CorrectForm(), "errors": errors},
        )

    def post(self, request, pk):
        batch = self.get_object()
        form = CorrectForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.get(request, pk, form=form)
        rows, errors = _parse(batch.kind, form.cleaned_data["file"])
        if errors:
            return self.get(request, pk, form=form, errors=errors)
        try:
            new = services.correct(
                actor=request.user, batch=batch, rows=rows, reason=form.cleaned_data["reason"]
            )
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
            return redirect("office:disclosure:batch", pk=batch.pk)
        messages.success(request, _("Correction published as version %(v)d.") % {"v": new.version})
        return redirect("office:disclosure:batch", pk=new.pk)
