"""Schemathesis against the OpenAPI document, in process (WSGI): every operation with a valid
token and without one. No 5xx, every status documented, every response matches its schema.
Bounded: a few examples per operation, so it runs in CI in well under a minute."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import make_client

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
PLAIN = {"Accept-Encoding": "identity"}  # the site gzips; the WSGI client would not unzip
BOUNDED = settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The WSGI app is called directly, not through Django's test client, so its request
    signals would close the database connection the test's transaction lives on (PostgreSQL
    then answers "the connection is closed"). Do what the test client does: keep it open."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(world, settings, tmp_path):
    settings.SCREENING_DATA_DIR = tmp_path / "screening"
    return make_client(world, rate=6000)[1]


@pytest.mark.django_db
@schema.parametrize()
@BOUNDED
def test_with_a_valid_token(case, token):
    headers = {"Authorization": f"Bearer {token}", **PLAIN}
    case.call_and_validate(headers=headers, checks=CHECKS)


@pytest.mark.django_db
@schema.parametrize()
@BOUNDED
def test_without_a_token(case, db):
    response = case.call_and_validate(headers=PLAIN, checks=CHECKS)
    if "/public/" not in case.path:
        assert response.status_code in (400, 401, 405), (case.path, response.status_code)
        assert set(response.json()) == {"code", "message", "field"}
