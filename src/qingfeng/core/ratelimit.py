"""Per-client counters in Django's cache, for the public forms' rate limits and lockouts.

The default cache is the database (core/cacheconf.py), so every web process shares the counts;
Redis or Memcached by QINGFENG_CACHE_URL (docs/deploy.md).

Counts are kept in fixed windows (a key per window, like the API's per-minute keys), and each
key expires exactly when its window ends. Django's `incr()` on the database and file caches is
a read and a `set()` with the default timeout (5 minutes), which would make a 15-minute window
slide to "5 minutes after the last hit": on those caches the count is written back with the
window's remaining seconds instead. Redis, Memcached and the local-memory cache keep a key's
expiry on `incr()` (and Redis and Memcached count atomically), so they use it.

A lockout (`lock()`) is its own key, set with its full duration the moment it starts."""

from __future__ import annotations

import math
import time

from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.filebased import FileBasedCache

# Caches whose incr() re-saves the key with the default timeout.
INCR_RESETS_EXPIRY = (DatabaseCache, FileBasedCache)


def client_key(request) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")


def _window(key: str, window: int, now: float) -> tuple[str, int]:
    """The key of the window `now` falls in, and the seconds until that window ends."""
    index = int(now // window)
    return f"{key}:w{window}:{index}", max(1, math.ceil((index + 1) * window - now))


def count(key: str, window: int, now: float | None = None) -> int:
    """Add one to `key` in the current `window`-second window; the window's count so far."""
    cache = caches["default"]
    window_key, remaining = _window(key, window, time.time() if now is None else now)
    if cache.add(window_key, 1, remaining):
        return 1
    if isinstance(cache, INCR_RESETS_EXPIRY):
        value = (cache.get(window_key) or 0) + 1
        cache.set(window_key, value, remaining)
        return value
    try:
        return cache.incr(window_key)
    except ValueError:  # expired between add and incr
        cache.add(window_key, 1, remaining)
        return 1


def allow(request, name: str, limit: int, window: int) -> bool:
    """Whether this client may do `name` once more: at most `limit` times per `window` s."""
    return count(f"{name}:{client_key(request)}", window) <= limit


def lock(request, name: str, seconds: int) -> None:
    """Lock this client out of `name` for `seconds` from now."""
    caches["default"].set(f"{name}:locked:{client_key(request)}", 1, seconds)


def locked(request, name: str) -> bool:
    return caches["default"].get(f"{name}:locked:{client_key(request)}") is not None
