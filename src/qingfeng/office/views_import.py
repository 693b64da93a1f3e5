"""组织机构导入: the administrator uploads the organisation workbook, reads the dry run, confirms,
and downloads the new users' one-time passwords once (orgs.services does the work)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from qingfeng.office.mixins import OfficeView
from qingfeng.orgs import services
from qingfeng.orgs.roles import USER_ADMINS

MAX_BYTES = 64 * 1024 * 1024
SESSION_PENDING = "orgs_import_pending"
SESSION_CREDENTIALS = "orgs_import_credentials"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PART_LABELS = {
    "regions": gettext_lazy("Regions"),
    "zones": gettext_lazy("Zones"),
    "units": gettext_lazy("Units"),
    "people": gettext_lazy("People"),
    "posts": gettext_lazy("Posts"),
    "relations": gettext_lazy("Family relations"),
    "users": gettext_lazy("Users"),
}


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    response["Cache-Control"] = "no-store"
    return response


def _report(result) -> dict:
    counts = result.plan.counts()
    shown = result.plan.shown()
    parts = [
        {"label": PART_LABELS[p], "counts": counts[p], "rows": shown[p]}
        for p in PART_LABELS
        if any(counts[p].values())
    ]
    return {"plan": result.plan, "parts": parts, "errors": result.plan.errors[:500]}


class ImportView(OfficeView, View):
    allowed_roles = USER_ADMINS

    def get(self, request):
        return render(request, "office/orgs_import.html", {"max_mb": MAX_BYTES // 2**20})

    def post(self, request):
        upload = request.FILES.get("workbook")
        if upload is None:
            messages.error(request, _("Choose the filled workbook (.xlsx) first."))
            return redirect("office:orgs_import")
        if upload.size > MAX_BYTES:
            messages.error(
                request, _("The file is larger than %(n)d MB.") % {"n": MAX_BYTES // 2**20}
            )
            return redirect("office:orgs_import")
        services.pending_drop(actor=request.user, token=request.session.get(SESSION_PENDING, ""))
        token = services.pending_save(actor=request.user, chunks=upload.chunks())
        path = services.pending_path(actor=request.user, token=token)
        try:
            result = services.orgs_import(actor=request.user, path=path, dry_run=True)
        except services.WorkbookError as exc:
            services.pending_drop(actor=request.user, token=token)
            messages.error(request, str(exc))
            return redirect("office:orgs_import")
        if result.plan.ok:
            request.session[SESSION_PENDING] = token
        else:
            services.pending_drop(actor=request.user, token=token)
        context = _report(result) | {"filename": upload.name}
        return render(request, "office/orgs_import_check.html", context)


class ImportApplyView(OfficeView, View):
    allowed_roles = USER_ADMINS

    def post(self, request):
        token = request.session.pop(SESSION_PENDING, "")
        path = services.pending_path(actor=request.user, token=token)
        if path is None:
            messages.error(
                request, _("Nothing is waiting to be imported: upload the workbook again.")
            )
            return redirect("office:orgs_import")
        try:
            result = services.orgs_import(actor=request.user, path=path, dry_run=False)
        except services.WorkbookError as exc:
            messages.error(request, str(exc))
            return redirect("office:orgs_import")
        finally:
            services.pending_drop(actor=request.user, token=token)
        if not result.plan.ok:  # the database changed since the dry run
            return render(request, "office/orgs_import_check.html", _report(result))
        credentials = result.applied.credentials
        sms = None
        if credentials and request.POST.get("sms"):
            sms = services.credentials_send_sms(actor=request.user, credentials=credentials)
        if credentials:
            request.session[SESSION_CREDENTIALS] = services.credentials_keep(
                actor=request.user, credentials=credentials
            )
        context = _report(result) | {"new_users": len(credentials), "sms": sms}
        return render(request, "office/orgs_import_done.html", context)


class ImportTemplateView(OfficeView, View):
    allowed_roles = USER_ADMINS

    def get(self, request):
        return _xlsx(
            services.orgs_template(),
            "%E7%BB%84%E7%BB%87%E6%9C%BA%E6%9E%84%E5%AF%BC%E5%85%A5%E8%A1%A8.xlsx",
        )


class ImportCredentialsView(OfficeView, View):
    """The new users' one-time passwords, downloadable once."""

    allowed_roles = USER_ADMINS

    def get(self, request):
        token = request.session.pop(SESSION_CREDENTIALS, "")
        credentials = services.credentials_take(actor=request.user, token=token)
        if credentials is None:
            messages.error(
                request,
                _(
                    "The password sheet was already downloaded (it is shown once). Reset a user's password on their page if it was lost."  # noqa: E501
                ),
            )
            return redirect("office:orgs_import")
        data = services.credentials_download(actor=request.user, credentials=credentials)
        return _xlsx(data, "new-accounts.xlsx")
