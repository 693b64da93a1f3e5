"""A big export built by the worker and kept for a day in its owner's downloads list."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Download(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting for the background worker")
        RUNNING = "running", _("being written")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)  # a key of exports.registry
    params = models.JSONField(default=dict, blank=True)
    title = models.CharField(max_length=120)
    filename = models.CharField(max_length=160)
    # The region the rows come from, and the user's scope when it was asked for: the file is
    # given only to its owner while their scope still covers what it was built from.
    scope_code = models.CharField(max_length=12, db_index=True)
    scope_prefixes = models.JSONField(default=list)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    path = models.CharField(max_length=200, blank=True)  # under settings.EXPORTS_DIR
    size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()

    SCOPE_PATH = "scope_code"

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.filename

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, int(100 * self.rows_done / self.rows_total))

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
