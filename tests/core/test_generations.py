"""Generations of kept pages (core/pagecache.py): a village's never expires, however often it is
bumped, on every cache; a problem's moves only once its change is committed."""

from __future__ import annotations

import time

import pytest
from django.core.cache import caches

from qingfeng.core import pagecache
from qingfeng.core.cacheconf import cache_config
from tests.core.test_ratelimit import _expiry

VILLAGE = "330102001001"


@pytest.fixture(params=["db://", "locmem://"])
def backend(request, db, settings):
    settings.CACHES = {"default": cache_config(request.param)}
    caches["default"].clear()
    yield caches["default"]
    caches["default"].clear()


def test_a_generation_keeps_its_expiry_when_bumped_again(backend):
    """Django's incr() on the database cache re-saves a key with the default 5 minutes: a
    village's generation would then vanish, read as 0 again and match pages kept under 0."""
    for expected in (1, 2, 3):
        pagecache.public_pages_changed(VILLAGE)
        assert backend.get(f"pagegen:v:{VILLAGE}") == expected
    if backend.__class__.__name__ == "DatabaseCache":
        assert _expiry(f"pagegen:v:{VILLAGE}") > time.time() + 365 * 86400  # never
    else:
        assert backend._expire_info[backend.make_key(f"pagegen:v:{VILLAGE}")] is None


def test_a_problems_generation_moves_after_the_commit(backend, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        pagecache.problem_changed(7)
        pagecache.problem_changed(7)
    assert backend.get(pagecache.problem_key(7)) is None  # not before the commit
    for callback in callbacks:
        callback()
    assert backend.get(pagecache.problem_key(7)) == 2
