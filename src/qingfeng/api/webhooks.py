"""Webhooks: every status change of a problem is told to the clients that read the ledger
and whose scope covers it, as a JSON POST signed with HMAC-SHA256, retried with backoff by
the worker; each delivery and its attempts are kept (the office's delivery log).

Signature: header `X-Qingfeng-Signature: sha256=<hex>` over `<timestamp>.<body>` with the
client's webhook secret, the timestamp in `X-Qingfeng-Timestamp` (docs/api.md)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request

from django.db import transaction
from django.utils import timezone
from django_tasks import default_task_backend

from qingfeng.api import clients
from qingfeng.api.models import ApiClient, Permission, WebhookDelivery
from qingfeng.audit.services import audit_record
from qingfeng.core import pii

# The timeline steps that change a problem's status (ledger.models.ProblemEvent.Kind).
STATUS_EVENTS = frozenset(
    {
        "submitted",
        "accepted",
        "rejected",
        "transferred",
        "assigned",
        "replied",
        "closed",
        "review",
        "clue",
        "duplicate",
    }
)
BACKOFF = [
    dt.timedelta(seconds=30),
    dt.timedelta(minutes=2),
    dt.timedelta(minutes=10),
    dt.timedelta(hours=1),
    dt.timedelta(hours=6),
]
MAX_ATTEMPTS = len(BACKOFF) + 1
TIMEOUT = 10  # seconds for one attempt


def sign(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def _followers(scope_code: str) -> list[ApiClient]:
    candidates = (
        ApiClient.objects.exclude(webhook_url="")
        .filter(revoked_at__isnull=True, expires_at__gt=timezone.now())
        .select_related("org_unit__region")
    )
    return [
        c
        for c in candidates
        if c.has(Permission.LEDGER_READ)
        and any(scope_code.startswith(p) for p in clients.ClientViewer(c)._scope_prefixes)
    ]


def on_problem_event(sender, instance, created, raw=False, **kwargs) -> None:
    """post_save of ledger.ProblemEvent: inside the ledger's transaction, so the deliveries
    commit (and are queued) with the change they tell of."""
    if not created or raw or instance.kind not in STATUS_EVENTS:
        return
    problem = instance.problem
    followers = _followers(problem.scope_code)
    if not followers:
        return
    payload = {
        "type": "problem.status_changed",
        "problem": problem.number,
        "status": problem.status,
        "step": instance.kind,
        "step_label": str(instance.get_kind_display()),
        "status_label": str(problem.get_status_display()),
        "at": instance.at.isoformat(),
        "source": problem.source,
        "external_ref": problem.external_ref,
        "deadline": problem.due_date.isoformat() if problem.due_date else None,
    }
    for client in followers:
        delivery = WebhookDelivery.objects.create(
            client=client,
            scope_code=problem.scope_code,
            problem_number=problem.number,
            event=instance.kind,
            payload=payload,
            created_at=timezone.now(),
        )
        transaction.on_commit(lambda pk=delivery.pk: _enqueue(pk))


def _enqueue(delivery_id: int, run_after: dt.datetime | None = None) -> None:
    from qingfeng.api.tasks import deliver_webhook_task

    task = deliver_webhook_task
    if run_after is not None:
        if not default_task_backend.supports_defer:
            return  # the immediate backend (tests): a retry is started by calling deliver()
        task = task.using(run_after=run_after)
    task.enqueue(delivery_id)


def _post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int | None, str]:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            return response.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return None, str(getattr(exc, "reason", exc))[:200]


def deliver(delivery_id: int) -> str:
    """One attempt; on failure the next one is queued after the backoff, up to MAX_ATTEMPTS."""
    delivery = WebhookDelivery.objects.select_related("client__org_unit__region").get(
        pk=delivery_id
    )
    if delivery.status in (WebhookDelivery.Status.DELIVERED, WebhookDelivery.Status.FAILED):
        return delivery.status
    client = delivery.client
    body = json.dumps(delivery.payload, ensure_ascii=False, sort_keys=True).encode()
    timestamp = str(int(time.time()))
    secret = pii.decrypt(client.webhook_secret_sealed) if client.webhook_secret_sealed else ""
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "qingfeng-webhook/1",
        "X-Qingfeng-Delivery": str(delivery.pk),
        "X-Qingfeng-Timestamp": timestamp,
        "X-Qingfeng-Signature": sign(secret, timestamp, body),
    }
    if client.is_usable and client.webhook_url:
        code, error = _post(client.webhook_url, body, headers)
    else:
        code, error = None, "client revoked, expired or without a webhook address"
    now = timezone.now()
    with transaction.atomic():
        delivery.attempts += 1
        delivery.last_status_code, delivery.last_error = code, error
        retry_at = None
        if code is not None and 200 <= code < 300:
            delivery.status, delivery.delivered_at, delivery.next_attempt_at = (
                WebhookDelivery.Status.DELIVERED,
                now,
                None,
            )
        elif delivery.attempts >= MAX_ATTEMPTS or not client.is_usable:
            delivery.status, delivery.next_attempt_at = WebhookDelivery.Status.FAILED, None
        else:
            retry_at = now + BACKOFF[delivery.attempts - 1]
            delivery.status, delivery.next_attempt_at = WebhookDelivery.Status.RETRYING, retry_at
        delivery.save()
        audit_record(
            actor="worker",
            action="api.webhook.attempt",
            target=delivery,
            region_code=delivery.scope_code,
            data={
                "client": client.pk,
                "problem": delivery.problem_number,
                "attempt": delivery.attempts,
                "status": delivery.status,
                "http": code,
            },
        )
        if retry_at is not None:
            transaction.on_commit(lambda: _enqueue(delivery.pk, retry_at))
    return delivery.status
