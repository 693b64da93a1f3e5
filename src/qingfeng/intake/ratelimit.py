"""Rate limits of the report form, and the lockout after wrong 查询码 (core/ratelimit.py)."""

from __future__ import annotations

from django.conf import settings

from qingfeng.core import ratelimit

SUBMIT_LIMIT = getattr(settings, "QINGFENG_REPORT_LIMIT", (5, 600))  # reports per seconds
TRACK_FAILURES = getattr(settings, "QINGFENG_TRACK_FAILURES", (5, 900))  # wrong codes, lockout


def allow_submit(request) -> bool:
    limit, window = SUBMIT_LIMIT
    return ratelimit.allow(request, "intake:submit", limit, window)


def track_locked(request) -> bool:
    limit, _window = TRACK_FAILURES
    return ratelimit.current(request, "intake:track-fail") >= limit


def track_failed(request) -> None:
    _limit, window = TRACK_FAILURES
    ratelimit.count(f"intake:track-fail:{ratelimit.client_key(request)}", window)
