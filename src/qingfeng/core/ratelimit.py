"""Per-client counters in Django's cache, for the public forms' rate limits and lockouts.

The default cache is the database (core/cacheconf.py), so every web process shares the counts;
Redis or Memcached by QINGFENG_CACHE_URL (docs/deploy.md)."""

from __future__ import annotations

from django.core.cache import cache


def client_key(request) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")


def count(key: str, window: int) -> int:
    """Add one to `key` (which lives `window` seconds from its first hit); the new count."""
    if cache.add(key, 1, window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, window)
        return 1


def allow(request, name: str, limit: int, window: int) -> bool:
    """Whether this client may do `name` once more: at most `limit` times per `window` s."""
    return count(f"{name}:{client_key(request)}", window) <= limit


def current(request, name: str) -> int:
    return cache.get(f"{name}:{client_key(request)}") or 0
