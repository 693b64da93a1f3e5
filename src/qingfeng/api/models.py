"""Open API (开放接口): the clients another system uses, and the webhook deliveries to them.

A client belongs to an organisation unit and has a scope (regions and/or zones, as a user
has) and permissions. Its token is shown once and stored only as a SHA-256 hash; the first
characters (`token_prefix`) find the row. The webhook secret is stored encrypted (core.pii),
because signing needs it back."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Permission(models.TextChoices):
    LEDGER_READ = "ledger_read", _("read the problem ledger")
    INTAKE_WRITE = "intake_write", _("send problems")
    DATASETS_WRITE = "datasets_write", _("upload screening data and start runs")
    HITS_UNMASKED = "hits_unmasked", _("see screening hits unmasked")
    DISCLOSURE_READ = "disclosure_read", _("read the village register and open village affairs")


class ApiClient(models.Model):
    name = models.CharField(_("name"), max_length=64)
    org_unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    scope_regions = models.ManyToManyField("orgs.Region", blank=True, related_name="+")
    scope_zones = models.ManyToManyField("orgs.Zone", blank=True, related_name="+")
    permissions = models.JSONField(default=list)
    token_prefix = models.CharField(max_length=12, unique=True)
    token_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    rate_per_minute = models.PositiveIntegerField(_("requests per minute"), default=600)
    webhook_url = models.URLField(_("webhook address"), max_length=300, blank=True)
    webhook_secret_sealed = models.TextField(blank=True)  # Fernet token (core.pii.encrypt)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)

    SCOPE_PATH = "org_unit__region__code"

    class Meta:
        ordering = ["org_unit__region__code", "name", "pk"]

    def __str__(self) -> str:
        return self.name

    def has(self, permission: str) -> bool:
        return permission in self.permissions

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    def permission_labels(self) -> list[str]:
        labels = dict(Permission.choices)
        return [str(labels[p]) for p in self.permissions if p in labels]


class WebhookDelivery(models.Model):
    """One status change of one problem told to one client; retried with backoff."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        RETRYING = "retrying", _("failed, will retry")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("gave up")

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="deliveries")
    scope_code = models.CharField(max_length=12, db_index=True, editable=False)
    problem_number = models.CharField(max_length=20)
    event = models.CharField(max_length=32)
    payload = models.JSONField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField()
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    SCOPE_PATH = "client__org_unit__region__code"

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.problem_number} → {self.client}"
