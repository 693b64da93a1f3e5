"""Rate limits of the public forms: proposals and ratings (core/ratelimit.py).

The limits are read at each call (settings QINGFENG_TOPIC_PROPOSE_LIMIT and
QINGFENG_TOPIC_RATE_LIMIT: (count, seconds))."""

from __future__ import annotations

from django.conf import settings

from qingfeng.core import ratelimit

PROPOSE_LIMIT = (5, 600)  # proposals per client per 10 minutes
RATE_LIMIT = (30, 3600)  # ratings per client per hour (one per topic per browser besides)


def allow_proposal(request) -> bool:
    limit, window = getattr(settings, "QINGFENG_TOPIC_PROPOSE_LIMIT", PROPOSE_LIMIT)
    return ratelimit.allow(request, "topics:propose", limit, window)


def allow_rating(request) -> bool:
    limit, window = getattr(settings, "QINGFENG_TOPIC_RATE_LIMIT", RATE_LIMIT)
    return ratelimit.allow(request, "topics:rate", limit, window)
