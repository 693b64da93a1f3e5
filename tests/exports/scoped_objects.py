"""A download of the test world's administrator and one of the overseer (foreign county)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from qingfeng.exports.models import Download
from tests.scoped_objects import scoped_object_factory


def make_download(user, scope_code: str, **fields) -> Download:
    now = timezone.now()
    defaults = {
        "kind": "ledger.problems",
        "title": "问题台账",
        "filename": "问题台账.xlsx",
        "scope_code": scope_code,
        "scope_prefixes": [scope_code[:6]],
        "created_at": now,
        "expires_at": now + dt.timedelta(days=1),
    }
    defaults.update(fields)
    return Download.objects.create(user=user, **defaults)


@scoped_object_factory
def downloads(world, foreign):
    make_download(world.admin, world.county.code)
    make_download(foreign["overseer"], foreign["county"].code)
