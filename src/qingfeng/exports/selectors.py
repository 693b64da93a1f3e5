"""Reads for downloads: a user's own, unexpired, in their scope."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from qingfeng.exports.models import Download
from qingfeng.orgs.scope import in_scope, scope_prefixes


def downloads_for(user) -> QuerySet[Download]:
    mine = Download.objects.filter(user_id=getattr(user, "pk", None), expires_at__gt=timezone.now())
    return in_scope(mine, user)


def still_covered(user, download: Download) -> bool:
    """Whether the user's scope today covers every area the file was built from."""
    now = scope_prefixes(user)
    return all(any(p.startswith(q) for q in now) for p in download.scope_prefixes)
