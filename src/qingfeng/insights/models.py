"""The only records insights writes: generated 监督工作报告 files and their progress."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SupervisionReport(models.Model):
    class Kind(models.TextChoices):
        MONTHLY = "monthly", _("monthly report")
        QUARTERLY = "quarterly", _("quarterly report")

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("being written")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    period = models.CharField(_("period"), max_length=32)  # periods.Period.param
    area_param = models.CharField(max_length=32, blank=True)
    area_name = models.CharField(_("place"), max_length=64)
    # The region the report is about: only viewers whose scope covers it see the report.
    scope_code = models.CharField(max_length=12, db_index=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.FloatField(default=0.0)  # 0..1
    error = models.TextField(blank=True)
    file = models.FileField(upload_to="insights/reports/%Y/", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    SCOPE_PATH = "scope_code"

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.area_name} {self.period} {self.get_kind_display()}"


class VillageBoundary(models.Model):
    """A village's outline from the county's GeoJSON upload (lon/lat rings), for the map."""

    code = models.CharField(max_length=12, unique=True)
    rings = models.JSONField()  # [[[lon, lat], ...], ...] outer rings of its polygons
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField()

    SCOPE_PATH = "code"

    def __str__(self) -> str:
        return self.code
