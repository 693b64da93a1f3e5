"""The cache is shared by every process (database by default), and only guesses are locked."""

from __future__ import annotations

import os

import pytest
from django.core.cache import caches
from django.db import connection
from django.urls import reverse

from qingfeng.core import ratelimit
from qingfeng.core.cacheconf import TABLE, cache_config


def test_the_default_cache_is_the_database_shared_by_every_process(db, settings):
    settings.CACHES = {"default": cache_config(os.environ.get("QINGFENG_CACHE_URL", ""))}
    assert settings.CACHES["default"]["BACKEND"].endswith("db.DatabaseCache")
    caches["default"].clear()
    ratelimit.count("probe:10.0.0.1", 60)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")
        assert cursor.fetchone()[0] >= 1  # in the database, where other processes see it


def test_the_cache_comes_from_the_environment():
    assert cache_config("")["BACKEND"].endswith("db.DatabaseCache")
    redis = cache_config("redis://cache:6379/1")
    assert redis["BACKEND"] == "qingfeng.core.rediscache.RedisCache"  # Django's, subclassed
    assert redis["LOCATION"] == "redis://cache:6379/1"
    assert redis["OPTIONS"]["socket_timeout"] <= 2  # a Redis that is down fails fast
    assert cache_config("memcached://cache:11211")["LOCATION"] == "cache:11211"
    assert cache_config("locmem://")["BACKEND"].endswith("LocMemCache")
    with pytest.raises(ValueError):
        cache_config("ftp://x")


def test_while_locked_the_track_page_opens_but_guesses_get_429(client, world):
    for _ in range(5):
        client.post(reverse("intake:track"), {"code": "0000000000000000"})
    page = client.get(reverse("intake:track"))
    assert page.status_code == 200 and "15分钟" in page.content.decode()
    guess = client.post(reverse("intake:track"), {"code": "0000000000000001"})
    assert guess.status_code == 429
