"""Logins, logouts and failed logins go to the audit log."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from qingfeng.audit.services import audit_record_now


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit_record_now(actor=user, action="auth.login", target=user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record_now(actor=user, action="auth.logout", target=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    audit_record_now(actor=None, action="auth.login_failed", data={"username": username})
