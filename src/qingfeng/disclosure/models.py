"""三务公开: publication batches, their rows, and each village's hash chain.

A batch is written once, when it is published, and never edited: a correction is a new batch
that supersedes it with a reason. Every batch's SHA-256 covers a canonical form of what the
public page shows and the hash of the village's previous batch (see disclosure/chain.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qingfeng.core import pii
from qingfeng.core.fields import BlindIndexField, EncryptedPIIField
from qingfeng.disclosure.kinds import Kind


class PublishedError(RuntimeError):
    """A published batch or row was about to be changed."""


class Batch(models.Model):
    village = models.ForeignKey(
        "orgs.Region", on_delete=models.PROTECT, related_name="disclosure_batches"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    period = models.CharField(_("period"), max_length=32)
    title = models.CharField(_("title"), max_length=200)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("corrects"),
    )
    reason = models.CharField(_("reason for the correction"), max_length=300, blank=True)
    seq = models.PositiveIntegerField(_("number in the village's chain"))
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    row_count = models.PositiveIntegerField(default=0)
    # By when it should have been out (schedule.py); not part of the hash.
    due_date = models.DateField(_("due by"), null=True, blank=True)

    SCOPE_PATH = "village__code"

    class Meta:
        ordering = ["village__code", "-seq"]
        constraints = [
            models.UniqueConstraint(fields=["village", "seq"], name="disclosure_chain_seq")
        ]
        indexes = [models.Index(fields=["village", "kind", "period"], name="disclosure_kind")]
        verbose_name = _("disclosure batch")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.pop("_allow_update", False):
            raise PublishedError("a published disclosure is never edited: publish a correction")
        super().save(*args, **kwargs)

    @property
    def is_current(self) -> bool:
        return not hasattr(self, "superseded_by")  # the reverse one-to-one is absent


class Row(models.Model):
    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="rows")
    line = models.PositiveIntegerField()
    # What the public sees, by column key, as canonical strings (names and IDs masked).
    data = models.JSONField()
    # Office only: a benefit recipient's full name and ID number.
    full_name = models.CharField(max_length=64, blank=True)
    id_number = EncryptedPIIField(kind=pii.ID_NUMBER, blank=True)
    id_number_index = BlindIndexField(source="id_number")

    SCOPE_PATH = "batch__village__code"

    def __str__(self) -> str:
        return f"{self.batch_id}-{self.line}"

    class Meta:
        ordering = ["batch", "line"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "line"], name="disclosure_row_line")
        ]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PublishedError("a published disclosure row is never edited")
        super().save(*args, **kwargs)


class ChainHead(models.Model):
    """The newest link of a village's chain: locked while publishing, checked on verify so
    that deleting the newest batch is caught too."""

    village = models.OneToOneField(
        "orgs.Region", on_delete=models.PROTECT, related_name="disclosure_head"
    )
    seq = models.PositiveIntegerField(default=0)
    hash = models.CharField(max_length=64)
    updated_at = models.DateTimeField(auto_now=True)

    SCOPE_PATH = "village__code"

    def __str__(self) -> str:
        return f"{self.village_id}#{self.seq}"
