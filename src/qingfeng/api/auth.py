"""Bearer-token authentication, the per-client rate limit and the call's audit entry."""

from __future__ import annotations

import time

from django.core.cache import cache
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from qingfeng.api import clients, services
from qingfeng.api.errors import ApiError
from qingfeng.api.models import ApiClient

WINDOW = 60  # seconds: limits are per minute


def _minute() -> int:
    return int(time.time() // WINDOW)


def _count(client_pk: int) -> int:
    """This minute's calls of the client, this one included. One write in the steady state
    (incr); the minute's first call adds the key. The cache is the shared one (settings)."""
    key = f"api-client:{client_pk}:{_minute()}"
    try:
        return cache.incr(key)
    except ValueError:  # the minute's first call (or the key just expired)
        if cache.add(key, 1, WINDOW * 2):
            return 1
        return cache.incr(key)


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str) -> ApiClient | None:
        client = clients.client_for_token(token)
        if client is None:
            return None  # ninja answers 401 (errors.py)
        # Counted in the shared cache, so every web process sees the same count.
        if _count(client.pk) > client.rate_per_minute:
            raise ApiError(
                429,
                "rate_limited",
                _("Too many requests from this client: at most %(n)d a minute.")
                % {"n": client.rate_per_minute},
            )
        services.call_record(client=client, method=request.method, path=request.path)
        request.api_client = client
        request.api_viewer = clients.ClientViewer(client)
        return client


def need(request, permission: str) -> None:
    """403 unless the calling client holds `permission`."""
    if not request.api_client.has(permission):
        raise ApiError(403, "forbidden", _("This client is not allowed to do this."))
