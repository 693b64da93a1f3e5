"""Notifications: always in the app, plus email (Django's EMAIL_BACKEND, console by default)
and SMS through a pluggable backend named by settings.QINGFENG_SMS_BACKEND (a dotted path to
a class with `send(phone, text)`; the console backend by default)."""

from __future__ import annotations

import logging
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from qingfeng.core import pii
from qingfeng.core.redact import redact
from qingfeng.ledger.models import Notification

log = logging.getLogger(__name__)

DEFAULT_SMS_BACKEND = "qingfeng.ledger.notify.ConsoleSMSBackend"


class SMSBackend:
    """Interface: deliver `text` to one phone number (an SMS gateway adapter implements it)."""

    def send(self, phone: str, text: str) -> None:
        raise NotImplementedError


class ConsoleSMSBackend(SMSBackend):
    """Development: prints the message with the number masked, never the full number."""

    sent: list[tuple[str, str]] = []  # (masked phone, text), for tests

    def send(self, phone: str, text: str) -> None:
        masked = pii.mask_phone(phone)
        ConsoleSMSBackend.sent.append((masked, text))
        log.info("SMS to %s: %s", masked, text)


def sms_backend() -> SMSBackend:
    path = getattr(settings, "QINGFENG_SMS_BACKEND", DEFAULT_SMS_BACKEND)
    return import_string(path)()


def send_sms(phone, text: str) -> None:
    raw = phone.reveal() if isinstance(phone, pii.SensitiveValue) else str(phone or "")
    if raw:
        sms_backend().send(raw, text)


def notify(users, text: str, *, problem=None, now=None) -> int:
    """One in-app notice per user, and an email / SMS copy where they have an address."""
    now = now or timezone.now()
    text = redact(text)  # a report's text may hold an ID or phone number: never in a notice
    count = 0
    for user in {u.pk: u for u in users if u is not None}.values():
        Notification.objects.create(user=user, problem=problem, text=text[:300], created_at=now)
        count += 1
        # Email and SMS only once the change is committed: a rollback sends nothing.
        if user.email:
            transaction.on_commit(partial(_email, user.email, text))
        person = getattr(user, "person", None)
        if person is not None and person.phone:
            transaction.on_commit(partial(send_sms, person.phone, text))
    return count


def _email(address: str, text: str) -> None:
    send_mail(str(settings.QINGFENG_SITE_NAME), text, None, [address], fail_silently=True)
