"""Per-client counters in the cache: report submissions, and wrong 查询码 with a lockout.

With several web processes, point CACHES at a shared cache (database or Redis) so the counts
are shared; the default local-memory cache counts per process."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

SUBMIT_LIMIT = getattr(settings, "QINGFENG_REPORT_LIMIT", (5, 600))  # reports per seconds
TRACK_FAILURES = getattr(settings, "QINGFENG_TRACK_FAILURES", (5, 900))  # wrong codes, lockout


def client_key(request) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")


def _count(key: str, window: int) -> int:
    if cache.add(key, 1, window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, window)
        return 1


def allow_submit(request) -> bool:
    limit, window = SUBMIT_LIMIT
    return _count(f"intake:submit:{client_key(request)}", window) <= limit


def track_locked(request) -> bool:
    limit, _window = TRACK_FAILURES
    return (cache.get(f"intake:track-fail:{client_key(request)}") or 0) >= limit


def track_failed(request) -> None:
    _limit, window = TRACK_FAILURES
    _count(f"intake:track-fail:{client_key(request)}", window)
