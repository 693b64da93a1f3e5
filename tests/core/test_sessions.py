"""Sessions (core/sessions.py): the back office's are written on every request (they end after
idle time), the public pages' only when they change (no database write per /track/ view)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from qingfeng.intake import services as intake
from tests.conftest import sign_in


def _age_session(client, minutes: int) -> Session:
    """Move the stored expiry back, as if the last save was `minutes` ago."""
    session = Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)
    session.expire_date = (
        timezone.now()
        + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
        - dt.timedelta(minutes=minutes)
    )
    session.save()
    return session


def _session_writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if "django_session" in q["sql"]
        and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    ]


def test_the_status_page_reads_the_session_and_writes_nothing(client, world):
    _report, code = intake.report_submit(
        village=world.village_a1, kind="livelihood", description="路灯坏了"
    )
    with CaptureQueriesContext(connection) as queries:
        assert client.post(reverse("intake:track"), {"code": code}).status_code == 302
    assert len(_session_writes(queries)) == 1  # the look-up is kept server-side
    before = _age_session(client, minutes=10).expire_date
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("intake:status"))
        assert page.status_code == 200 and "路灯坏了" in page.content.decode()
        assert _session_writes(queries) == []
        assert settings.SESSION_COOKIE_NAME not in page.cookies  # no new cookie either
        assert "Cookie" in page["Vary"]
    assert Session.objects.get(expire_date=before)  # untouched
    # leaving forgets the report on the server at once: the row goes, not only the cookie
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post(reverse("intake:status"), {"action": "leave"})
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get(reverse("intake:status")).status_code == 302
    client.cookies[settings.SESSION_COOKIE_NAME] = key  # a copied cookie opens nothing either
    assert client.get(reverse("intake:status")).status_code == 302


def test_an_office_session_is_written_on_every_request_so_it_ends_when_idle(client, world):
    sign_in(client, world.township_a_official)
    assert client.get(reverse("office:inbox")).status_code == 200
    before = _age_session(client, minutes=10).expire_date
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("office:inbox")).status_code == 200
    assert _session_writes(queries)
    after = Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)
    assert after.expire_date - before >= dt.timedelta(minutes=9)  # idle time starts again


def test_an_office_session_is_not_refreshed_by_public_pages(client, world):
    """Public pages do not keep a back-office session alive: only office work does."""
    sign_in(client, world.township_a_official)
    client.get(reverse("office:inbox"))
    before = _age_session(client, minutes=10).expire_date
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("intake:track")).status_code == 200
    assert _session_writes(queries) == []
    assert (
        Session.objects.get(
            session_key=client.cookies[settings.SESSION_COOKIE_NAME].value
        ).expire_date
        == before
    )


def test_a_stale_session_cookie_on_a_public_page_is_dropped(client, world):
    client.cookies[settings.SESSION_COOKIE_NAME] = "nosuchsessionkey0000000000000000"
    page = client.get(reverse("intake:status"))  # reads the (missing) session: empty
    assert page.status_code == 302
    assert page.cookies[settings.SESSION_COOKIE_NAME].value == ""  # deleted
