"""The office pages: register (token shown once, stored hashed), revoke, the delivery log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from qingfeng.api import clients, services
from qingfeng.api.models import ApiClient, WebhookDelivery
from qingfeng.audit.models import AuditEntry
from tests.api.conftest import bearer, make_client
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def test_an_administrator_registers_a_client_and_sees_the_token_once(client, world):
    sign_in(client, world.admin)
    day = (timezone.localdate() + dt.timedelta(days=90)).isoformat()
    response = client.post(
        reverse("office:api:client_create"),
        {
            "name": "县12345热线",
            "org_unit": world.commission.pk,
            "scope_regions": [world.township_a.pk],
            "permissions": ["intake_write", "ledger_read"],
            "expires_on": day,
            "rate_per_minute": 120,
            "webhook_url": "https://hotline.example/hook",
        },
    )
    assert response.status_code == 200
    token = response.context["token"]
    api = ApiClient.objects.get()
    assert token.encode() not in str(api.__dict__).encode()  # only its hash is kept
    assert api.token_hash == clients.token_hash(token)
    assert clients.client_for_token(token) == api
    assert AuditEntry.objects.filter(action="api.client.create").count() == 1
    # The client page no longer shows it.
    page = client.get(reverse("office:api:client", kwargs={"pk": api.pk}))
    assert token not in page.content.decode()
    assert client.get("/api/v1/problems", **bearer(token)).status_code == 200


def test_a_client_scope_beyond_the_administrator_is_refused(client, world, foreign=None):
    from qingfeng.orgs.roles import Role
    from tests.conftest import make_user

    small_admin = make_user("smalladmin", Role.ADMIN, world.commission, [world.township_a])
    sign_in(client, small_admin)
    response = client.post(
        reverse("office:api:client_create"),
        {
            "name": "x",
            "org_unit": world.commission.pk,
            "scope_regions": [world.township_b.pk],
            "permissions": ["ledger_read"],
            "expires_on": (timezone.localdate() + dt.timedelta(days=9)).isoformat(),
            "rate_per_minute": 60,
        },
    )
    assert response.status_code == 200 and "token" not in response.context
    assert not ApiClient.objects.exists()


def test_revoking_in_the_office_stops_the_token(client, world):
    api, token, _s = make_client(world)
    sign_in(client, world.admin)
    response = client.post(reverse("office:api:client_revoke", kwargs={"pk": api.pk}))
    assert response.status_code == 302
    assert client.get("/api/v1/problems", **bearer(token)).status_code == 401


def test_the_delivery_log_is_shown_in_the_office(client, world):
    api, _token, _s = make_client(world, webhook_url="http://127.0.0.1:9/x")
    WebhookDelivery.objects.create(
        client=api,
        scope_code=world.village_a1.code,
        problem_number="WT2026-000042",
        event="accepted",
        payload={"step_label": "已受理"},
        status=WebhookDelivery.Status.RETRYING,
        attempts=1,
        last_status_code=503,
        created_at=timezone.now(),
    )
    sign_in(client, world.admin)
    page = client.get(reverse("office:api:client", kwargs={"pk": api.pk})).content.decode()
    assert "WT2026-000042" in page and "HTTP 503" in page and "已受理" in page


def test_unmasked_hits_only_for_a_county_commission_client(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        services.client_create(
            actor=world.admin,
            name="民政局",
            org_unit=world.department,
            scope_regions=[world.county],
            permissions=["datasets_write", "hits_unmasked"],
            expires_at=timezone.now() + dt.timedelta(days=9),
        )
    assert "permissions" in refused.value.error_dict
    assert not ApiClient.objects.exists()
