"""An API client of the test world's county commission, and one of the foreign county."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from qingfeng.api import services
from tests.scoped_objects import scoped_object_factory


@scoped_object_factory
def api_clients(world, foreign):
    expires = timezone.now() + dt.timedelta(days=30)
    for unit, region in [(world.commission, world.county), (foreign["unit"], foreign["county"])]:
        services.client_create(
            actor=foreign["overseer"],
            name=f"{region.name}12345",
            org_unit=unit,
            scope_regions=[region],
            permissions=["ledger_read"],
            expires_at=expires,
        )
