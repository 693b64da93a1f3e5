"""The downloads list, its progress rows and the download itself; and `export_response`, which
every app's export link calls."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from qingfeng.core import xlsx
from qingfeng.exports import registry, selectors, services
from qingfeng.exports.models import Download
from qingfeng.office.mixins import OfficeView, ScopedObjectMixin


def export_response(request, kind: str, params: dict, filename: str, *, background=False):
    """The answer to an export link: the file itself when it is small; otherwise (or when
    `background` is asked for) the worker writes it and the user is sent to their downloads,
    where a progress bar shows it."""
    exporter = registry.get(kind)
    total = exporter.count(request.user, params)
    if total <= services.sync_rows() and not background:
        services.record_export(actor=request.user, kind=kind, params=params, rows=total)
        return xlsx.response(exporter.sheets(request.user, params), filename)
    services.start(actor=request.user, kind=kind, params=params, filename=filename, total=total)
    messages.info(
        request,
        _(
            "The file has %(n)d rows, so it is being written in the background. It stays in "
            "your downloads for a day."
        )
        % {"n": total},
    )
    return redirect("office:exports:list")


class DownloadListView(OfficeView, View):
    def get(self, request):
        downloads = selectors.downloads_for(request.user)[:50]
        return render(
            request,
            "exports/list.html",
            {"downloads": downloads, "active": any(d.is_active for d in downloads)},
        )


class DownloadMixin(OfficeView, ScopedObjectMixin):
    scope_selector = staticmethod(selectors.downloads_for)

    def get_object(self):
        download = super().get_object()
        if not selectors.still_covered(self.request.user, download):
            raise Http404
        return download


class DownloadRowView(DownloadMixin, View):
    """One row of the list; htmx polls it while the file is being written."""

    def get(self, request, pk):
        return render(request, "exports/_row.html", {"d": self.get_object()})


class DownloadFileView(DownloadMixin, View):
    def get(self, request, pk):
        download = self.get_object()
        if download.status != Download.Status.DONE:
            messages.error(request, _("This file is not ready yet."))
            return redirect("office:exports:list")
        path = services.file_path(download)
        if not path.is_file():
            raise Http404
        services.record_download(actor=request.user, download=download)
        response = FileResponse(path.open("rb"), content_type=xlsx.CONTENT_TYPE)
        response["Content-Disposition"] = xlsx.disposition(download.filename)
        return response
