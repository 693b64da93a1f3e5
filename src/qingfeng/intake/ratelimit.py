"""Rate limits of the report form, and the lockout after wrong 查询码 (core/ratelimit.py)."""

from __future__ import annotations

from django.conf import settings

from qingfeng.core import ratelimit

SUBMIT_LIMIT = getattr(settings, "QINGFENG_REPORT_LIMIT", (5, 600))  # reports per seconds
# Wrong codes per window; the client is then locked out for the window's length.
TRACK_FAILURES = getattr(settings, "QINGFENG_TRACK_FAILURES", (5, 900))
TRACK = "intake:track-fail"


def allow_submit(request) -> bool:
    limit, window = SUBMIT_LIMIT
    return ratelimit.allow(request, "intake:submit", limit, window)


def track_locked(request) -> bool:
    """One cache read: only wrong guesses lock, and a right code costs nothing more."""
    return ratelimit.locked(request, TRACK)


def track_failed(request) -> None:
    limit, window = TRACK_FAILURES
    if not ratelimit.allow(request, TRACK, limit - 1, window):
        ratelimit.lock(request, TRACK, window)
