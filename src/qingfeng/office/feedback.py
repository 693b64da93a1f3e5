"""Turning a refused write into messages on the next page: the views of every app share this."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError


def show_errors(request, exc_or_form) -> None:
    """Each message of a ValidationError / PermissionDenied, or each field error of a form
    (prefixed by the field's label)."""
    if isinstance(exc_or_form, ValidationError | PermissionDenied):
        for message in getattr(exc_or_form, "messages", None) or [str(exc_or_form)]:
            messages.error(request, message)
        return
    for field, errors in exc_or_form.errors.items():
        label = exc_or_form.fields[field].label if field in exc_or_form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


def attempt(request, call: Callable[[], object]) -> bool:
    """Run a service call; on a ValidationError or PermissionDenied show why and return False."""
    try:
        call()
    except (ValidationError, PermissionDenied) as exc:
        show_errors(request, exc)
        return False
    return True
