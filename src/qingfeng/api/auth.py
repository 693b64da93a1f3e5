"""Bearer-token authentication, the per-client rate limit and the call's audit entry."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from qingfeng.api import clients, services
from qingfeng.api.errors import ApiError
from qingfeng.api.models import ApiClient
from qingfeng.core import ratelimit

WINDOW = 60  # seconds: limits are per minute


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str) -> ApiClient | None:
        client = clients.client_for_token(token)
        if client is None:
            return None  # ninja answers 401 (errors.py)
        # Counted in the shared cache, so every web process sees the same count.
        if ratelimit.count(f"api-client:{client.pk}", WINDOW) > client.rate_per_minute:
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
