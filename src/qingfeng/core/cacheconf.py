"""CACHES from one environment variable, QINGFENG_CACHE_URL (read by settings.py).

The cache holds the public forms' counters (rate limits, the 查询码 lockout), so it must be
shared by every web process: the default is the database cache (table `qingfeng_cache`, made by
core's migration), which needs nothing else. In production with many requests, Redis or
Memcached by URL:

    (unset) or db://            database cache (shared by every process using the database)
    redis://host:6379/1         Django's Redis cache (core/rediscache.py; `redis` package)
    memcached://host:11211      Django's PyMemcache cache (install `pymemcache`)
    locmem://                   per-process memory: one process only (development)

With Redis or Memcached the public sessions live in that cache too (`session_engine()`,
core/sessionstore.py): a /track/ look-up then touches no session table. Redis is asked with
short timeouts, so a Redis that is down answers in a second with an error (a Chinese 503 page,
/healthz 503: core/views.py), not after a hung request.
"""

from __future__ import annotations

from urllib.parse import urlsplit

TABLE = "qingfeng_cache"
# Seconds to connect to and to wait for Redis: a stopped Redis fails a request fast.
REDIS_TIMEOUT = 1.0
IN_MEMORY = ("redis", "rediss", "memcached")


def _scheme(url: str) -> str:
    url = (url or "").strip()
    return urlsplit(url).scheme if url else "db"


def cache_config(url: str) -> dict:
    url = (url or "").strip()
    scheme = _scheme(url)
    if scheme == "db":
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": TABLE}
    if scheme in ("redis", "rediss"):
        return {
            "BACKEND": "qingfeng.core.rediscache.RedisCache",  # Django's, one client per pool
            "LOCATION": url,
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT,
                "socket_timeout": REDIS_TIMEOUT,
            },
        }
    if scheme == "memcached":
        return {
            "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
            "LOCATION": urlsplit(url).netloc,
        }
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    raise ValueError(f"QINGFENG_CACHE_URL: unknown cache {scheme!r} (db, redis, memcached, locmem)")


def session_engine(url: str) -> str:
    """SESSION_ENGINE for this cache: with a shared in-memory cache (Redis, Memcached) the
    public sessions live in it and the back office's in the database as well
    (core/sessionstore.py); otherwise every session is a database row (a database cache would
    only turn one session query into a cache-table query)."""
    if _scheme(url) in IN_MEMORY:
        return "qingfeng.core.sessionstore"
    return "django.contrib.sessions.backends.db"


def _cache_errors() -> tuple[type[BaseException], ...]:
    """What a cache server that is down or unreachable raises: redis-py wraps socket errors in
    its own; pymemcache lets a refused or reset connection through as it is."""
    errors: list[type[BaseException]] = [ConnectionError, TimeoutError]
    try:
        from redis.exceptions import RedisError

        errors.append(RedisError)
    except ImportError:  # pragma: no cover - redis is a dependency
        pass
    try:
        from pymemcache.exceptions import MemcacheError

        errors.append(MemcacheError)
    except ImportError:
        pass
    return tuple(errors)


CACHE_ERRORS = _cache_errors()
