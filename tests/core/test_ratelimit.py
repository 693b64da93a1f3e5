"""Rate-limit windows are exact on every cache: a count's key expires when its window ends,
not five minutes after its last hit (Django's incr() on the database cache re-saves the key
with the default timeout)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse

from qingfeng.core import ratelimit
from qingfeng.core.cacheconf import TABLE, cache_config
from qingfeng.intake import ratelimit as intake_limits

WINDOW = 900
NOW = 1_800_000_000.0  # a window boundary (divisible by 900) plus the offset below
OFFSET = 100


@pytest.fixture
def db_cache(db, settings):
    settings.CACHES = {"default": cache_config("db://")}
    caches["default"].clear()
    yield caches["default"]
    caches["default"].clear()


def _expiry(key_part: str) -> float:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key, expires FROM {TABLE}")
        rows = [(k, e) for k, e in cursor.fetchall() if key_part in k]
    assert len(rows) == 1, rows
    expires = rows[0][1]
    if isinstance(expires, str):  # SQLite hands back text
        expires = dt.datetime.fromisoformat(expires)
    if expires.tzinfo is None:
        expires = expires.replace(tzinfo=dt.UTC)
    return expires.timestamp()


def test_a_count_on_the_database_cache_expires_at_the_end_of_its_window(db_cache):
    import time

    now = time.time()
    window_end = (int(now // WINDOW) + 1) * WINDOW
    for expected in (1, 2, 3):
        assert ratelimit.count("probe:10.0.0.9", WINDOW) == expected
    # The third hit re-saved the key: still the window's end, not "now + 300 s".
    assert abs(_expiry("probe:10.0.0.9") - window_end) <= 2


@pytest.mark.parametrize("url", ["db://", "locmem://"])
def test_counts_start_again_in_the_next_window_only(db, settings, url):
    settings.CACHES = {"default": cache_config(url)}
    caches["default"].clear()
    start = NOW + OFFSET
    assert [ratelimit.count("k", WINDOW, now=start + i * 60) for i in range(5)] == [1, 2, 3, 4, 5]
    # 10 minutes after the last hit and 14 after the first: the same window, still counting.
    assert ratelimit.count("k", WINDOW, now=start + 790) == 6
    # the next window (fixed windows: at NOW + 900) counts from one again
    assert ratelimit.count("k", WINDOW, now=NOW + WINDOW + 1) == 1
    caches["default"].clear()


def test_wrong_codes_lock_the_client_out_for_the_whole_window(db_cache, settings):
    import time

    request = RequestFactory().post("/track/", REMOTE_ADDR="10.0.0.7")
    limit, window = intake_limits.TRACK_FAILURES
    for _ in range(limit - 1):
        intake_limits.track_failed(request)
    assert not intake_limits.track_locked(request)
    intake_limits.track_failed(request)
    assert intake_limits.track_locked(request)
    assert abs(_expiry("locked:10.0.0.7") - (time.time() + window)) <= 2
    other = RequestFactory().post("/track/", REMOTE_ADDR="10.0.0.8")
    assert not intake_limits.track_locked(other)


def test_the_lockout_is_shared_through_the_database_cache(db_cache, client, world):
    for _ in range(5):
        client.post(reverse("intake:track"), {"code": "0000000000000000"})
    # what another process would see: the lock is a row of the cache table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {TABLE}")
        assert any("track-fail:locked" in k for (k,) in cursor.fetchall())
    assert client.post(reverse("intake:track"), {"code": "0000000000000001"}).status_code == 429
