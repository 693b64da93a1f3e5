"""The browser's chunked, resumable upload: a small protocol of our own over plain fetch
(docs/decisions/0003-chunked-uploads.md).

    POST upload/begin/                 kind, region, as_of, name[], size[]  -> 201 {id, received}
    PUT  upload/<id>/?part=n&offset=N  body: the bytes from N               -> {received}
                                       (409 {received} if N is not what has arrived)
    GET  upload/<id>/                  -> {status, received: [bytes per part]}
    POST upload/<id>/                  -> {url} of the data set page (the check is queued)

Every request is short (one chunk of CHUNK_BYTES at most), so a proxy's or gunicorn's timeout
never meets a 600 MB file, and a dropped line costs one chunk: the browser asks what arrived
and goes on from there.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from qingfeng.office.mixins import OfficeView, ScopedObjectMixin
from qingfeng.screening import selectors, services
from qingfeng.screening.access import UPLOADERS
from qingfeng.screening.forms import UploadBeginForm
from qingfeng.screening.models import DataSet

CHUNK_BYTES = 8 * 1024 * 1024
READ_BYTES = 1 << 20


def _refuse(message, status=400) -> JsonResponse:
    messages = message.messages if isinstance(message, ValidationError) else [str(message)]
    return JsonResponse({"errors": messages}, status=status)


class BeginView(OfficeView, View):
    allowed_roles = UPLOADERS

    def get(self, request):  # the protocol starts with a POST; a browser lands on the form
        return redirect("office:screening:upload")

    def post(self, request):
        form = UploadBeginForm(request.POST, regions=selectors.region_choices(request.user))
        if not form.is_valid():
            return _refuse(_("Check the kind of data, the region and the date."))
        names, sizes = request.POST.getlist("name"), request.POST.getlist("size")
        try:
            files = [(n, int(s)) for n, s in zip(names, sizes, strict=True)]
        except ValueError:
            return _refuse(_("Choose the file to upload."))
        if any(size < 0 for _n, size in files):
            return _refuse(_("Choose the file to upload."))
        try:
            dataset = services.upload_begin(
                actor=request.user,
                region=form.cleaned_data["region"],
                kind=form.cleaned_data["kind"],
                as_of=form.cleaned_data["as_of"],
                files=files,
            )
        except ValidationError as exc:
            return _refuse(exc)
        except PermissionDenied:
            return _refuse(_("This is outside your role or scope."), 403)
        return JsonResponse(
            {"id": dataset.pk, "received": [0] * len(files), "chunk": CHUNK_BYTES}, status=201
        )


class _UploadMixin(OfficeView, ScopedObjectMixin):
    allowed_roles = UPLOADERS
    scope_selector = staticmethod(selectors.datasets_for)


class UploadView(_UploadMixin, View):
    """One upload in progress: what arrived (GET), a chunk (PUT), the end (POST)."""

    def get(self, request, pk):
        dataset = self.get_object()
        received = (
            services.upload_received(dataset) if dataset.status == DataSet.Status.UPLOADING else []
        )
        return JsonResponse({"status": dataset.status, "received": received})

    def put(self, request, pk):
        dataset = self.get_object()
        try:
            part = int(request.GET.get("part", ""))
            offset = int(request.GET.get("offset", ""))
        except ValueError:
            return _refuse(_("Choose the file to upload."))
        length = int(request.headers.get("Content-Length") or 0)
        if length > CHUNK_BYTES:
            return _refuse(_("The file sent is larger than announced; upload it again."), 413)
        chunks = iter(lambda: request.read(READ_BYTES), b"")  # never request.body: no copy
        try:
            received = services.upload_chunk(
                actor=request.user, dataset=dataset, part=part, offset=offset, chunks=chunks
            )
        except ValueError as exc:  # not where the file stands: say where it does
            return JsonResponse({"received": exc.args[0]}, status=409)
        except ValidationError as exc:
            return _refuse(exc, 409)
        except PermissionDenied:
            return _refuse(_("This is outside your role or scope."), 403)
        return JsonResponse({"received": received})

    def post(self, request, pk):
        dataset = self.get_object()
        try:
            services.upload_finish(actor=request.user, dataset=dataset)
        except ValidationError as exc:
            return _refuse(exc, 409)
        except PermissionDenied:
            return _refuse(_("This is outside your role or scope."), 403)
        return JsonResponse({"url": reverse("office:screening:dataset", args=[dataset.pk])})
