"""问题台账: one Problem for everything found, its timeline, dispositions, visits and
notifications. Scope: a problem's `scope_code` is the region whose officials may see it
(routing sets it: an accusation against a township cadre is scoped to the county)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Problem(models.Model):
    class Source(models.TextChoices):
        REPORT = "report", _("public report")
        WALK_IN = "walk_in", _("walk-in report")
        VISIT = "visit", _("supervision visit")
        INSPECTION = "inspection", _("inspection or cross-check")
        SCREENING = "screening", _("data screening")
        AUDIT = "audit", _("audit transfer")
        OBJECTION = "objection", _("objection to a disclosure")
        ASSIGNED = "assigned", _("assigned by a higher level")
        HOTLINE = "hotline_12345", _("12345 hotline")
        PETITION = "petition", _("petition system")
        OPINION = "opinion", _("public-opinion monitoring")

    # Sources whose problems come in through the open API with the channel's own number.
    CHANNEL_SOURCES = ("hotline_12345", "petition", "opinion", "assigned")

    class Kind(models.TextChoices):
        ACCUSATION = "accusation", _("accusation")
        LIVELIHOOD = "livelihood", _("livelihood request")
        SUGGESTION = "suggestion", _("opinion or suggestion")
        APPEAL = "appeal", _("appeal against a decision")

    class SubjectLevel(models.TextChoices):
        VILLAGE_CADRE = "village_cadre", _("a village cadre")
        TOWNSHIP_CADRE = "township_cadre", _("a township cadre or official")
        OTHER = "other", _("someone else, or not sure")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("not accepted")
        HANDLING = "handling", _("being handled")
        REPLIED = "replied", _("replied")
        REVIEW = "review", _("under review by the level above")
        CLOSED = "closed", _("closed")
        CLUE = "clue", _("transferred as a problem clue")
        DUPLICATE = "duplicate", _("repeat of another problem")

    OPEN_STATUSES = ("submitted", "accepted", "handling", "review")

    class DecidedBy(models.TextChoices):  # 申诉: the body whose decision is contested
        TOWNSHIP = "township", _("the township commission")
        COUNTY = "county", _("the county commission")

    number = models.CharField(_("number"), max_length=20, unique=True)
    region = models.ForeignKey(
        "orgs.Region", on_delete=models.PROTECT, related_name="problems", verbose_name=_("village")
    )
    scope_code = models.CharField(max_length=12, db_index=True, editable=False)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    category = models.CharField(_("category"), max_length=32, blank=True)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("what happened"))
    subject_text = models.CharField(_("whom it concerns"), max_length=120, blank=True)
    subject_level = models.CharField(
        _("subject is"), max_length=16, choices=SubjectLevel.choices, default=SubjectLevel.OTHER
    )
    subject_person = models.ForeignKey(
        "orgs.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    subject_unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    about = models.CharField(_("about the public record"), max_length=64, blank=True)
    handling_unit = models.ForeignKey(
        "orgs.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handled_problems",
        verbose_name=_("responsible unit"),
    )
    watching_unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    supervising_unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handled_problems",
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reporter_person = models.ForeignKey(
        "orgs.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED
    )
    received_at = models.DateTimeField(_("received"))
    accepted_at = models.DateTimeField(null=True, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    reply = models.TextField(_("reply"), blank=True)
    rejection_reason = models.TextField(_("reason for not accepting"), blank=True)
    # The deadline of the current step, the rule it comes from, and whether it is 暂定.
    due_from = models.DateField(null=True, blank=True)
    due_date = models.DateField(_("deadline"), null=True, blank=True)
    due_rule = models.CharField(max_length=32, blank=True)
    due_provisional = models.BooleanField(default=False)
    due_extension = models.PositiveSmallIntegerField(default=0)  # 延期 of this step, in its unit
    overdue = models.BooleanField(_("overdue"), default=False)
    escalation_level = models.PositiveSmallIntegerField(default=0)
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="duplicates"
    )
    clue_ref = models.CharField(max_length=32, blank=True)
    # The other channel's own number (12345 ticket, 信访件 …): one problem per source and number.
    external_ref = models.CharField(_("reference in the other channel"), max_length=64, blank=True)
    search_text = models.TextField(blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    SCOPE_PATH = "scope_code"

    class Meta:
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(
                fields=["scope_code"],
                name="problem_scope_prefix",
                opclasses=["varchar_pattern_ops"],
            ),
            models.Index(fields=["status", "due_date"], name="problem_status_due"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_ref"],
                condition=~models.Q(external_ref=""),
                name="problem_unique_external_ref",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    # The one definition of 超期, used by the inbox, the ledger's filter and badges, the export
    # and the daily check: an open problem whose current step's deadline is before today.
    # (`overdue` the field only records that the daily check escalated it.)
    @classmethod
    def overdue_q(cls, today: dt.date | None = None) -> models.Q:
        today = today or timezone.localdate()
        return models.Q(status__in=cls.OPEN_STATUSES, due_date__lt=today)

    def is_overdue_on(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.is_open and self.due_date is not None and self.due_date < today

    @property
    def is_overdue(self) -> bool:
        return self.is_overdue_on()

    @property
    def due_rule_obj(self):
        from qingfeng.ledger.deadlines import RULES

        return RULES.get(self.due_rule)


class ProblemEvent(models.Model):
    """One step on a problem's timeline. Public events are what the reporter sees on /track/."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("not accepted")
        TRANSFERRED = "transferred", _("transferred to another unit")
        RECLASSIFIED = "reclassified", _("kind corrected")
        ASSIGNED = "assigned", _("assigned to a handler")
        REPLIED = "replied", _("replied")
        CLOSED = "closed", _("closed")
        RATED = "rated", _("rated by the reporter")
        FOLLOW_UP = "follow_up", _("follow-up message from the reporter")
        REVIEW = "review", _("reopened for review by the level above")
        OVERDUE = "overdue", _("overdue: escalated to the level above")
        RECTIFICATION = "rectification", _("rectification")
        RECOMMENDATION = "recommendation", _("recommendation letter")
        CLUE = "clue", _("transferred as a problem clue")
        DUPLICATE = "duplicate", _("repeat report linked")
        EXTENDED = "extended", _("deadline extended")
        NOTE = "note", _("note")

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True)
    public = models.BooleanField(default=False)
    due_date = models.DateField(null=True, blank=True)
    due_rule = models.CharField(max_length=32, blank=True)
    due_provisional = models.BooleanField(default=False)

    SCOPE_PATH = "problem__scope_code"

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.problem_id} {self.kind} {self.at:%Y-%m-%d}"


class RectificationTask(models.Model):
    """整改: a village or department fixes what was found, with evidence, by a deadline."""

    class Status(models.TextChoices):
        OPEN = "open", _("in progress")
        SUBMITTED = "submitted", _("evidence submitted")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected: redo")

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="rectifications")
    unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    requirement = models.TextField(_("what must be rectified"))
    due_date = models.DateField(_("deadline"))
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    evidence = models.TextField(_("what was done"), blank=True)
    evidence_file = models.FileField(upload_to="ledger/evidence/%Y/%m/", blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    overdue = models.BooleanField(default=False)
    created_at = models.DateTimeField()

    SCOPE_PATH = "problem__scope_code"

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return f"{self.problem.number} · {self.unit}"


class Recommendation(models.Model):
    """纪检监察建议书: written feedback required by a deadline, 督办 reminders, 回访."""

    class Status(models.TextChoices):
        ISSUED = "issued", _("issued, awaiting feedback")
        ANSWERED = "answered", _("feedback received")
        VISITED = "visited", _("return visit done")

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="recommendations")
    unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    text = models.TextField(_("recommendation"))
    due_date = models.DateField(_("feedback deadline"))
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ISSUED)
    feedback = models.TextField(_("written feedback"), blank=True)
    feedback_at = models.DateTimeField(null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(default=0)
    last_reminded_at = models.DateTimeField(null=True, blank=True)
    visit_note = models.TextField(_("return visit"), blank=True)
    visited_at = models.DateTimeField(null=True, blank=True)
    overdue = models.BooleanField(default=False)
    created_at = models.DateTimeField()

    SCOPE_PATH = "problem__scope_code"

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return f"{self.problem.number} · {self.unit}"


class Visit(models.Model):
    """走访: a village supervisor's monthly visit; each finding becomes a problem."""

    region = models.ForeignKey(
        "orgs.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("village")
    )
    visited_on = models.DateField(_("date"))
    place = models.CharField(_("where"), max_length=100)
    whom = models.CharField(_("whom you met"), max_length=200)
    heard = models.TextField(_("what you heard"))
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    problems = models.ManyToManyField(Problem, blank=True, related_name="visits")
    created_at = models.DateTimeField(auto_now_add=True)

    SCOPE_PATH = "region__code"

    class Meta:
        ordering = ["-visited_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.region} {self.visited_on}"


class Notification(models.Model):
    """In-app notice; email and SMS copies go out through the pluggable backends."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ledger_notifications"
    )
    problem = models.ForeignKey(
        Problem, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    text = models.CharField(max_length=300)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.text
