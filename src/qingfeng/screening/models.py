"""大数据比对 in the office: uploaded data sets (versioned per region, kind and date), runs of
the engine over them, and the hits of each run with their review.

Hits hold full ID numbers, names and accounts: their subject, summary and evidence are kept
encrypted (core.pii's Fernet key) in one `payload`; the blind `subject_key` and `evidence_key`
(keyed hashes) let a dismissed hit be recognised on the next run without decrypting anything.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qingfeng.screening.engine.contract import TABLES

KIND_CHOICES = [(t.name, f"{t.label}（{t.name}）") for t in TABLES.values()]


class DataSet(models.Model):
    """One table of one kind (one file, or several parts of it), for a region (county or
    township) and a date. The request stores the files; the worker checks them."""

    class Status(models.TextChoices):
        UPLOADING = "uploading", _("uploading")
        QUEUED = "queued", _("waiting to be checked")
        CHECKING = "checking", _("being checked")
        MAPPING = "mapping", _("columns to map")
        VALID = "valid", _("checked")
        INVALID = "invalid", _("has errors")

    region = models.ForeignKey(
        "orgs.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    kind = models.CharField(_("kind of data"), max_length=16, choices=KIND_CHOICES)
    as_of = models.DateField(_("data as of"))
    version = models.PositiveIntegerField(_("version"))
    original_name = models.CharField(_("file"), max_length=200)
    folder = models.CharField(max_length=64, editable=False)  # under SCREENING_DATA_DIR
    # the parts as uploaded, in order: [{name, stored, size}]
    files = models.JSONField(default=list, editable=False)
    size = models.BigIntegerField(_("size"), default=0)
    headers = models.JSONField(default=list, editable=False)  # the file's own headers
    mapping = models.JSONField(default=dict, blank=True)  # contract header -> file header
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.MAPPING
    )
    problems = models.JSONField(default=list, blank=True)  # [{row, column, message}]
    # what the check says besides problems (closing rows left out), as the engine words it
    notes = models.JSONField(default=list, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    # the check in the worker: rows read so far, and when it last said so (a check that has
    # not reported for a while was killed: the sweep removes its files)
    check_rows = models.PositiveIntegerField(default=0)
    check_seen_at = models.DateTimeField(null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"))

    SCOPE_PATH = "region__code"

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "kind", "version"], name="screening_dataset_version"
            )
        ]

    def __str__(self) -> str:
        return f"{TABLES[self.kind].label} {self.as_of} v{self.version}"

    @property
    def label(self) -> str:
        return TABLES[self.kind].label

    def parts(self) -> list[dict]:
        """The files as uploaded; data sets from before parts were kept have one."""
        if self.files:
            return self.files
        suffix = "." + self.original_name.rsplit(".", 1)[-1].lower()
        return [{"name": self.original_name, "stored": f"original{suffix}", "size": self.size}]

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.CHECKING)


class ColumnMapping(models.Model):
    """The last mapping used for a kind in a region, offered again on the next upload."""

    region = models.ForeignKey("orgs.Region", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=KIND_CHOICES)
    mapping = models.JSONField(default=dict)  # contract header -> file header
    updated_at = models.DateTimeField(auto_now=True)

    SCOPE_PATH = "region__code"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region", "kind"], name="screening_mapping_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} @ {self.region_id}"


class ScreeningRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("finished")
        FAILED = "failed", _("failed")

    region = models.ForeignKey(
        "orgs.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    rules = models.JSONField(default=list)  # rule codes; all when empty
    datasets = models.ManyToManyField(DataSet, related_name="runs")
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.FloatField(default=0.0)  # 0..1
    message = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    skipped = models.JSONField(default=dict, blank=True)  # rule -> why (Chinese)
    hit_count = models.PositiveIntegerField(default=0)
    suppressed = models.PositiveIntegerField(default=0)  # dismissed before, evidence unchanged
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    SCOPE_PATH = "region__code"

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.region.name} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self) -> int:
        return round(100 * self.progress)


class Hit(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("to review")
        REOPENED = "reopened", _("dismissed, new records since")
        CONFIRMED = "confirmed", _("confirmed as a problem")
        DISMISSED = "dismissed", _("dismissed")

    TO_REVIEW = (Status.NEW, Status.REOPENED)

    run = models.ForeignKey(ScreeningRun, on_delete=models.CASCADE, related_name="hits")
    rule = models.CharField(_("rule"), max_length=8, db_index=True)
    village_code = models.CharField(_("village code"), max_length=12, blank=True)
    village = models.ForeignKey(
        "orgs.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    scope_code = models.CharField(max_length=12, db_index=True, editable=False)
    fuzzy = models.BooleanField(_("fuzzy link"), default=False)
    payload = models.TextField(editable=False)  # encrypted JSON: subject, summary, evidence
    subject_key = models.CharField(max_length=64, db_index=True, editable=False)
    evidence_key = models.CharField(max_length=64, editable=False)
    # keyed hashes of each record behind the hit (row numbers left out): next month's hit of
    # the same rule and subject whose records include all of these only grew
    record_keys = models.JSONField(default=list, editable=False)
    # the earlier hit whose review this one carries, and how many records are new since
    carried_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    new_records = models.PositiveIntegerField(default=0)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NEW
    )
    reason = models.TextField(_("reason"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # The ledger problem made on 确认问题 (a plain reference: the ledger keeps its own records).
    problem_pk = models.PositiveIntegerField(null=True, blank=True)
    problem_number = models.CharField(max_length=20, blank=True)

    SCOPE_PATH = "scope_code"

    class Meta:
        ordering = ["rule", "village_code", "pk"]
        indexes = [
            models.Index(
                fields=["scope_code"], name="hit_scope_prefix", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(fields=["subject_key", "evidence_key"], name="hit_same_evidence"),
        ]

    def __str__(self) -> str:
        return f"{self.rule} #{self.pk}"


class WorkerBeat(models.Model):
    """The background worker's sign of life, written every few seconds by `manage.py worker`
    (also while a task runs); the office warns when none is recent."""

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=200, blank=True)
    pid = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.worker_id} @ {self.host}:{self.pid}"
