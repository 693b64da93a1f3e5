"""Public reports (群众诉求): what a resident sent, who they are (encrypted), the keyed hash of
their 查询码, their rating and follow-up. Each report belongs to one ledger Problem; several
reports of the same matter can share one (重复反映), each reporter keeping their own code."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qingfeng.core import pii
from qingfeng.core.fields import BlindIndexField, EncryptedPIIField


class Report(models.Model):
    class Channel(models.TextChoices):
        ONLINE = "online", _("online form")
        WALK_IN = "walk_in", _("walk-in")
        OTHER_CHANNEL = "api", _("another channel (open API)")

    class Rating(models.TextChoices):
        SATISFIED = "satisfied", _("satisfied")
        BASICALLY = "basically", _("basically satisfied")
        UNSATISFIED = "unsatisfied", _("not satisfied")

    problem = models.ForeignKey("ledger.Problem", on_delete=models.PROTECT, related_name="reports")
    village = models.ForeignKey("orgs.Region", on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.ONLINE)
    description = models.TextField(_("what happened"))
    subject_text = models.CharField(_("whom it concerns"), max_length=120, blank=True)
    about = models.CharField(max_length=64, blank=True)
    anonymous = models.BooleanField(default=True)
    reporter_name_sealed = models.TextField(blank=True)  # Fernet token (core.pii.encrypt)
    reporter_phone = EncryptedPIIField(kind=pii.PHONE, blank=True, null=True)
    reporter_phone_index = BlindIndexField(source="reporter_phone")
    code_hash = models.CharField(max_length=64, unique=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()
    rating = models.CharField(max_length=16, choices=Rating.choices, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    follow_up = models.TextField(blank=True)
    follow_up_at = models.DateTimeField(null=True, blank=True)

    SCOPE_PATH = "problem__scope_code"

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.problem.number} #{self.pk}"

    @property
    def reporter_name_masked(self) -> str:
        return pii.mask_name(self.reveal_name()) if self.reporter_name_sealed else ""

    def reveal_name(self) -> str:
        return pii.decrypt(self.reporter_name_sealed) if self.reporter_name_sealed else ""


class ReportAttachment(models.Model):
    class Kind(models.TextChoices):
        IMAGE = "image", _("photo")
        AUDIO = "audio", _("audio")
        VIDEO = "video", _("video")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    content_type = models.CharField(max_length=64)
    file = models.FileField(upload_to="intake/%Y/%m/")
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    SCOPE_PATH = "report__problem__scope_code"

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"
