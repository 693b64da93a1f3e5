"""Every error of the open API is JSON {"code", "message" (Chinese), "field"} with its status.

Handlers for the exceptions the endpoints and ninja raise are installed on the API in api.py."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, field: str | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field


def not_found() -> ApiError:
    return ApiError(
        404, "not_found", _("Nothing was found at this address, or it is outside your scope.")
    )


def body(code: str, message: str, field: str | None = None) -> dict:
    return {"code": code, "message": str(message), "field": field}


def respond(status: int, code: str, message: str, field: str | None = None) -> JsonResponse:
    return JsonResponse(body(code, message, field), status=status)


def _field_of(loc) -> str | None:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "form", "file", "payload")]
    return ".".join(parts) or None


def _validation_message(error: dict) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return _("This is required.")
    if kind in ("string_too_long",):
        return _("This is too long.")
    if kind.startswith("datetime") or kind.startswith("date"):
        return _("Give a date and time like 2026-01-31T08:00:00+08:00.")
    if kind.startswith("int") or kind.startswith("float"):
        return _("Give a number.")
    if kind in ("enum", "literal_error"):
        return _("This is not one of the allowed values.")
    if kind == "json_invalid":
        return _("The request body is not valid JSON.")
    return _("This value is not valid.")


def install(api) -> None:
    @api.exception_handler(ApiError)
    def _api_error(request, exc: ApiError):
        return respond(exc.status, exc.code, exc.message, exc.field)

    @api.exception_handler(NinjaValidationError)
    def _invalid(request, exc: NinjaValidationError):
        first = exc.errors[0] if exc.errors else {}
        return respond(400, "invalid", _validation_message(first), _field_of(first.get("loc", ())))

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request, exc):
        return respond(
            401, "unauthenticated", _("Send a valid, unrevoked, unexpired API token."), None
        )

    @api.exception_handler(Http404)
    def _missing(request, exc):
        error = not_found()
        return respond(404, error.code, error.message)

    @api.exception_handler(PermissionDenied)
    def _denied(request, exc):
        return respond(403, "forbidden", _("This client is not allowed to do this."))

    @api.exception_handler(DjangoValidationError)
    def _refused(request, exc: DjangoValidationError):
        field = None
        if hasattr(exc, "error_dict"):
            field = next(iter(exc.error_dict), None)
        return respond(400, "invalid", "；".join(exc.messages), field)

    @api.exception_handler(HttpError)
    def _http(request, exc: HttpError):
        codes = {405: "method_not_allowed", 413: "too_large", 429: "rate_limited"}
        return respond(exc.status_code, codes.get(exc.status_code, "error"), str(exc))
