"""CACHES from one environment variable, QINGFENG_CACHE_URL (read by settings.py).

The cache holds the public forms' counters (rate limits, the 查询码 lockout), so it must be
shared by every web process: the default is the database cache (table `qingfeng_cache`, made by
core's migration), which needs nothing else. In production with many requests, Redis or
Memcached by URL:

    (unset) or db://            database cache (shared by every process using the database)
    redis://host:6379/1         Django's Redis cache (install the `redis` package)
    memcached://host:11211      Django's PyMemcache cache (install `pymemcache`)
    locmem://                   per-process memory: one process only (development)
"""

from __future__ import annotations

from urllib.parse import urlsplit

TABLE = "qingfeng_cache"


def cache_config(url: str) -> dict:
    url = (url or "").strip()
    scheme = urlsplit(url).scheme if url else "db"
    if scheme == "db":
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": TABLE}
    if scheme in ("redis", "rediss"):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "memcached":
        return {
            "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
            "LOCATION": urlsplit(url).netloc,
        }
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    raise ValueError(f"QINGFENG_CACHE_URL: unknown cache {scheme!r} (db, redis, memcached, locmem)")
