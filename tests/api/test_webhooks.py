"""Webhooks: a status change is delivered signed (HMAC-SHA256), retried after a failure with
backoff, and every attempt is logged; against a real HTTP server on the loopback."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import http.server
import json
import threading

import pytest
from django.utils import timezone

from qingfeng.api import webhooks
from qingfeng.api.models import WebhookDelivery
from qingfeng.audit.models import AuditEntry
from qingfeng.ledger import services as ledger
from tests.api.conftest import make_client

pytestmark = pytest.mark.django_db


class Receiver:
    """A local HTTP server answering with the given statuses in turn, keeping each request."""

    def __init__(self, statuses):
        self.statuses, self.requests = list(statuses), []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                self.send_response(receiver.statuses.pop(0) if receiver.statuses else 200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def test_a_status_change_is_signed_retried_after_a_failure_and_logged(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr(
        webhooks, "_enqueue", lambda pk, run_after=None: queued.append((pk, run_after))
    )
    with Receiver([500, 200]) as receiver:
        client, _token, secret = make_client(world, webhook_url=receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            problem = ledger.problem_create(
                actor=world.county_official,
                region=world.village_a1,
                kind="livelihood",
                source="visit",
                title="道路失修",
                description="村道损坏多时无人修。",
            )
        delivery = WebhookDelivery.objects.get()
        assert delivery.client == client and delivery.event == "submitted"
        assert queued == [(delivery.pk, None)]  # queued for the worker once committed

        with django_capture_on_commit_callbacks(execute=True):
            assert webhooks.deliver(delivery.pk) == WebhookDelivery.Status.RETRYING
        delivery.refresh_from_db()
        assert delivery.attempts == 1 and delivery.last_status_code == 500
        # The retry is queued for later (backoff), not at once.
        (pk, run_after) = queued[-1]
        assert pk == delivery.pk
        assert dt.timedelta(seconds=20) < run_after - timezone.now() <= webhooks.BACKOFF[0]
        assert delivery.next_attempt_at == run_after

        assert webhooks.deliver(delivery.pk) == WebhookDelivery.Status.DELIVERED
        delivery.refresh_from_db()
        assert delivery.attempts == 2 and delivery.delivered_at is not None

    assert len(receiver.requests) == 2
    headers, body = receiver.requests[-1]
    expected = hmac.new(
        secret.encode(), headers["X-Qingfeng-Timestamp"].encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    assert headers["X-Qingfeng-Signature"] == f"sha256={expected}"
    payload = json.loads(body)
    assert payload["problem"] == problem.number and payload["status"] == "submitted"
    attempts = AuditEntry.objects.filter(action="api.webhook.attempt").order_by("seq")
    assert [e.data["status"] for e in attempts] == ["retrying", "delivered"]


def test_only_clients_whose_scope_covers_the_problem_are_told(world):
    make_client(world, regions=[world.township_b], webhook_url="http://127.0.0.1:9/x", name="乙")
    make_client(world, permissions=["intake_write"], webhook_url="http://127.0.0.1:9/x", name="写")
    ledger.problem_create(
        actor=world.county_official,
        region=world.village_a1,
        kind="livelihood",
        source="visit",
        title="t",
        description="d",
    )
    assert not WebhookDelivery.objects.exists()


def test_a_delivery_gives_up_after_the_last_attempt(world, monkeypatch):
    monkeypatch.setattr(webhooks, "_enqueue", lambda pk, run_after=None: None)
    monkeypatch.setattr(webhooks, "_post", lambda url, body, headers: (None, "refused"))
    make_client(world, webhook_url="http://127.0.0.1:9/x")
    ledger.problem_create(
        actor=world.county_official,
        region=world.village_a1,
        kind="livelihood",
        source="visit",
        title="t",
        description="d",
    )
    delivery = WebhookDelivery.objects.get()
    outcomes = [webhooks.deliver(delivery.pk) for _ in range(webhooks.MAX_ATTEMPTS)]
    assert outcomes[-1] == "failed" and set(outcomes[:-1]) == {"retrying"}
    delivery.refresh_from_db()
    assert delivery.attempts == webhooks.MAX_ATTEMPTS and delivery.last_error == "refused"
