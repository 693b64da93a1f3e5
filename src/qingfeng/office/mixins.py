"""Every back-office view: signed in, allowed by role (else 403), objects scoped (else 404)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from qingfeng.orgs.roles import ALL_ROLES


class OfficeView(LoginRequiredMixin):
    allowed_roles: frozenset[str] = ALL_ROLES

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if request.user.role not in self.allowed_roles:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ScopedObjectMixin:
    """Looks the object up through a scoped selector; out of scope is indistinguishable
    from absent (404).

    `scope_selector(user)` returns the user's queryset and `lookup` names the URL kwarg and
    model field; the URL-enumerating test reads both to know which objects to request."""

    scope_selector: Callable[[object], QuerySet]
    lookup: str = "pk"

    def scoped_queryset(self) -> QuerySet:
        return type(self).scope_selector(self.request.user)

    def get_object(self):
        value = self.kwargs[self.lookup]
        obj = self.scoped_queryset().filter(**{self.lookup: value}).first()
        if obj is None:
            raise Http404
        return obj
