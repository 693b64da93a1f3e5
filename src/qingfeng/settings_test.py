"""Settings for the test suite: the normal settings with QINGFENG_TESTING on."""

import os

os.environ["QINGFENG_TESTING"] = "1"

from qingfeng.settings import *  # noqa: F403

PASSWORD_HASHERS = [  # speed; argon2 is tested
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "qingfeng.orgs.hashers.OneTimePasswordHasher",
]

# Tests that need no database keep a per-process cache; tests/core/test_cache.py checks the
# database cache that settings.py uses by default.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Whole public pages are not kept between requests in tests (the cache outlives each test's
# database); tests/core/test_pagecache.py turns it on.
QINGFENG_PAGE_CACHE_SECONDS = 0
