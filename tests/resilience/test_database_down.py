"""The database unreachable during a request: a Chinese 503 page (not a 500 traceback), and
/healthz 503. The real outage (a PostgreSQL cluster stopped and started under a running
server) is in test_database_restart.py."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db.utils import InterfaceError, OperationalError
from django.test import Client

from tests.conftest import VILLAGE_A1


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_page_answers_503_in_chinese_when_the_database_is_gone(world, error):
    client = Client(raise_request_exception=False)
    assert client.get(f"/v/{VILLAGE_A1}/").status_code == 200
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute", side_effect=error("server closed")
    ):
        response = client.get(f"/v/{VILLAGE_A1}/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "系统暂时无法访问" in page
    assert "Traceback" not in page and "server closed" not in page
    assert client.get(f"/v/{VILLAGE_A1}/").status_code == 200  # back at once


def test_healthz_answers_503_when_the_connection_is_closed(client, db):
    with mock.patch("qingfeng.core.views.connection.cursor", side_effect=InterfaceError("closed")):
        response = client.get("/healthz")
    assert response.status_code == 503


def test_other_errors_stay_500(world):
    client = Client(raise_request_exception=False)
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=ValueError):
        response = client.get(f"/v/{VILLAGE_A1}/")
    assert response.status_code == 500
