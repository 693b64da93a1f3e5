from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from qingfeng.api import services
from qingfeng.api.models import Permission

ALL = [p.value for p in Permission]


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # rate-limit counts
    yield
    cache.clear()


def make_client(
    world, *, regions=None, zones=(), permissions=ALL, webhook_url="", rate=600, name="12345热线"
):
    return services.client_create(
        actor=world.admin,
        name=name,
        org_unit=world.commission,
        scope_regions=[world.county] if regions is None else regions,
        scope_zones=list(zones),
        permissions=permissions,
        expires_at=timezone.now() + dt.timedelta(days=30),
        webhook_url=webhook_url,
        rate_per_minute=rate,
    )


@pytest.fixture
def api_client(world):
    """(client, token, webhook secret) for the whole county with every permission."""
    return make_client(world)


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}
