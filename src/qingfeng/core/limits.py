"""Refuse a request body that is too large before Django reads it (issue 14).

The declared Content-Length is checked against a cap: on public pages the largest report
(one video and a few photos), in the office the largest screening data set. The reverse proxy
should refuse the same sizes first (docs/deploy.md: client_max_body_size)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.html import escape
from django.utils.translation import gettext as _

MB = 1024 * 1024


def cap_for(path: str) -> int:
    if path.startswith(("/office/", "/api/v1/datasets")):
        return int(getattr(settings, "QINGFENG_MAX_OFFICE_REQUEST_MB", 520)) * MB
    return int(getattr(settings, "QINGFENG_MAX_PUBLIC_REQUEST_MB", 150)) * MB


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        cap = cap_for(request.path)
        if length > cap:
            message = _(
                "What you sent is larger than %(mb)d MB, so it was not received. Send fewer or "
                "smaller files."
            ) % {"mb": cap // MB}
            if request.path.startswith("/api/"):  # the open API answers JSON (api/errors.py)
                return JsonResponse(
                    {"code": "too_large", "message": message, "field": None}, status=413
                )
            return HttpResponse(
                f'<!doctype html><html lang="zh-Hans"><meta charset="utf-8">'
                f"<title>{escape(_('Too large'))}</title><p>{escape(message)}</p></html>",
                status=413,
            )
        return self.get_response(request)
