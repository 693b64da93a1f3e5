"""Sessions with a shared in-memory cache (core/sessionstore.py): a resident's only in the cache,
a signed-in official's in the database too (idle expiry, surviving an emptied cache). Run here
on the local-memory cache; tests/core/test_redis.py runs the same store on a real Redis."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from qingfeng.core.cacheconf import cache_config, session_engine
from qingfeng.core.sessionstore import KEY_PREFIX
from qingfeng.intake import services as intake
from tests.conftest import sign_in


@pytest.fixture(autouse=True)
def in_memory_sessions(settings):
    settings.CACHES = {"default": cache_config("locmem://")}
    settings.SESSION_ENGINE = "qingfeng.core.sessionstore"
    caches["default"].clear()
    yield
    caches["default"].clear()


def _key(client) -> str:
    return client.cookies[django_settings.SESSION_COOKIE_NAME].value


def _in_cache(key: str):
    return caches["default"].get(KEY_PREFIX + key)


def _session_sql(queries) -> list[str]:
    return [q["sql"] for q in queries if "django_session" in q["sql"]]


def test_the_engine_follows_the_cache():
    assert session_engine("") == "django.contrib.sessions.backends.db"
    assert session_engine("locmem://") == "django.contrib.sessions.backends.db"
    assert session_engine("redis://127.0.0.1:6379/1") == "qingfeng.core.sessionstore"
    assert session_engine("memcached://127.0.0.1:11211") == "qingfeng.core.sessionstore"


def test_a_residents_look_up_lives_in_the_cache_only(client, world):
    _report, code = intake.report_submit(
        village=world.village_a1, kind="livelihood", description="路灯坏了"
    )
    with CaptureQueriesContext(connection) as queries:
        assert client.post(reverse("intake:track"), {"code": code}).status_code == 302
        page = client.get(reverse("intake:status"))
    assert page.status_code == 200 and "路灯坏了" in page.content.decode()
    assert _session_sql(queries) == []
    assert not Session.objects.exists()
    stored = _in_cache(_key(client))
    assert set(stored["intake_tracked"]) == {"pk", "problem", "at"}  # ids, never the code
    assert code not in repr(stored)


def test_forget_this_code_deletes_the_session_on_the_server(client, world):
    _report, code = intake.report_submit(
        village=world.village_a1, kind="livelihood", description="路灯坏了"
    )
    client.post(reverse("intake:track"), {"code": code})
    key = _key(client)
    assert _in_cache(key) is not None
    left = client.post(reverse("intake:status"), {"action": "leave"})
    assert left.status_code == 302
    assert _in_cache(key) is None  # a copied cookie no longer opens the report
    client.cookies[django_settings.SESSION_COOKIE_NAME] = key
    assert client.get(reverse("intake:status")).status_code == 302


def test_an_officials_session_is_a_row_too_and_ends_when_idle(client, world):
    sign_in(client, world.township_a_official)
    assert client.get(reverse("office:inbox")).status_code == 200
    row = Session.objects.get(session_key=_key(client))
    assert _in_cache(_key(client)) is not None
    aged = timezone.now() + dt.timedelta(minutes=10)  # ten minutes later...
    Session.objects.filter(pk=row.pk).update(
        expire_date=aged - dt.timedelta(seconds=django_settings.SESSION_COOKIE_AGE)
    )
    assert client.get(reverse("office:inbox")).status_code == 200  # ...office work
    refreshed = Session.objects.get(pk=row.pk).expire_date
    assert refreshed - timezone.now() > dt.timedelta(
        seconds=django_settings.SESSION_COOKIE_AGE - 60
    )
    # idle past the limit: the cache key has expired with it, and the row no longer counts
    Session.objects.filter(pk=row.pk).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    caches["default"].delete(KEY_PREFIX + _key(client))
    assert client.get(reverse("office:inbox")).status_code == 302  # to the sign-in page


def test_an_official_stays_signed_in_when_the_cache_is_emptied(client, world):
    sign_in(client, world.township_a_official)
    assert client.get(reverse("office:inbox")).status_code == 200
    caches["default"].clear()  # Redis restarted
    assert client.get(reverse("office:inbox")).status_code == 200
    assert _in_cache(_key(client)) is not None  # read from the row, kept again


def test_signing_in_after_a_look_up_makes_the_row(client, world):
    _report, code = intake.report_submit(
        village=world.village_a1, kind="livelihood", description="路灯坏了"
    )
    client.post(reverse("intake:track"), {"code": code})
    resident_key = _key(client)
    sign_in(client, world.township_a_official)
    assert client.get(reverse("office:inbox")).status_code == 200
    assert _key(client) != resident_key  # a new key at sign-in
    assert Session.objects.filter(session_key=_key(client)).exists()
    assert _in_cache(resident_key) is None


def test_signing_out_deletes_both(client, world):
    sign_in(client, world.township_a_official)
    client.get(reverse("office:inbox"))
    key = _key(client)
    client.post(reverse("office:logout"))
    assert not Session.objects.filter(session_key=key).exists()
    assert _in_cache(key) is None
    assert client.get(reverse("office:inbox")).status_code == 302  # to the sign-in page
