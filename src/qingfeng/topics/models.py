"""点题整治: residents' and officials' proposals (点题), the topics the county adopts (定题),
the lead department's progress reports (答题) and residents' ratings (社会评价)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qingfeng.core import pii
from qingfeng.core.fields import EncryptedPIIField
from qingfeng.topics import rules


class Category(models.TextChoices):
    EDUCATION = "education", _("education")
    MEDICAL = "medical", _("medical care")
    ELDERLY = "elderly", _("elderly care")
    SOCIAL_SECURITY = "social_security", _("social security")
    HOUSING = "housing", _("housing")
    WATER = "water", _("drinking water")
    ROADS = "roads", _("roads")
    COLLECTIVE_ASSETS = "collective_assets", _("village collective funds, assets and resources")
    FARM_SUBSIDIES = "farm_subsidies", _("farm subsidies")
    OTHER = "other", _("other")


class Proposal(models.Model):
    """One proposal of a problem the commission should take on: from a resident on the portal
    (群众点题) or from an official (派驻组/室点题). Sorting (审题) merges it into a topic or
    declines it with a reason."""

    class Source(models.TextChoices):
        RESIDENT = "resident", _("resident (群众点题)")
        OFFICIAL = "official", _("official (派驻组/室点题)")

    class Status(models.TextChoices):
        NEW = "new", _("waiting to be sorted")
        MERGED = "merged", _("merged into a topic")
        DECLINED = "declined", _("declined")

    region = models.ForeignKey(
        "orgs.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("place")
    )
    source = models.CharField(_("origin"), max_length=16, choices=Source.choices)
    category = models.CharField(_("policy area"), max_length=32, choices=Category.choices)
    title = models.CharField(_("short title"), max_length=60)
    description = models.TextField(_("description"))
    contact_phone = EncryptedPIIField(_("contact phone"), kind=pii.PHONE, blank=True, null=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NEW
    )
    topic = models.ForeignKey(
        "Topic", on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals"
    )
    decline_reason = models.CharField(_("reason for declining"), max_length=300, blank=True)
    sorted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sorted_at = models.DateTimeField(null=True, blank=True)

    SCOPE_PATH = "region__code"

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return self.title


class Topic(models.Model):
    """A livelihood problem the county takes on (点题整治): a candidate after sorting, adopted
    by a county leader (定题) with a lead department, a goal and a period, public from then on,
    closed with a summary (全年一评估)."""

    class Status(models.TextChoices):
        CANDIDATE = "candidate", _("candidate, waiting for the decision")
        ADOPTED = "adopted", _("adopted, being fixed")
        CLOSED = "closed", _("closed with an evaluation")
        DROPPED = "dropped", _("not adopted")

    PUBLIC_STATUSES = (Status.ADOPTED, Status.CLOSED)

    county = models.ForeignKey("orgs.Region", on_delete=models.PROTECT, related_name="+")
    # The narrowest region covering every region concerned: whose scope the topic is in.
    scope_code = models.CharField(max_length=12, db_index=True)
    title = models.CharField(_("short title"), max_length=60)
    category = models.CharField(_("policy area"), max_length=32, choices=Category.choices)
    problem = models.TextField(_("the problem to fix"))
    goal = models.TextField(_("goal"), blank=True)
    lead_unit = models.ForeignKey(
        "orgs.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lead department"),
    )
    regions = models.ManyToManyField("orgs.Region", blank=True, related_name="+")
    period_start = models.DateField(_("from"), null=True, blank=True)
    period_end = models.DateField(_("to"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.CANDIDATE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    drop_reason = models.CharField(_("reason for not adopting"), max_length=300, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    summary = models.TextField(_("evaluation summary"), blank=True)

    SCOPE_PATH = "scope_code"

    class Meta:
        ordering = ["-adopted_on", "-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["scope_code"], name="topic_scope_prefix", opclasses=["varchar_pattern_ops"]
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status in self.PUBLIC_STATUSES

    @property
    def period_label(self) -> str:
        return rules.period_label(self.period_start, self.period_end)


class TopicUpdate(models.Model):
    """A progress report by the lead department (部门答题), at least once a quarter."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="updates")
    on = models.DateField(_("date"))
    text = models.TextField(_("progress"))
    resolved_count = models.PositiveIntegerField(_("problems solved"), null=True, blank=True)
    rules_count = models.PositiveIntegerField(_("rules made or amended"), null=True, blank=True)
    unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()

    SCOPE_PATH = "topic__scope_code"

    class Meta:
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.topic} {self.on:%Y-%m-%d}"


class TopicRating(models.Model):
    """社会评价: one rating per topic per browser (a keyed hash of a signed-cookie token)."""

    class Rating(models.TextChoices):
        SATISFIED = "satisfied", _("satisfied")
        BASICALLY = "basically", _("basically satisfied")
        UNSATISFIED = "unsatisfied", _("not satisfied")

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="ratings")
    rating = models.CharField(max_length=16, choices=Rating.choices)
    voter = models.CharField(max_length=64)
    created_at = models.DateTimeField()

    SCOPE_PATH = "topic__scope_code"

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "voter"], name="one_rating_per_voter")
        ]

    def __str__(self) -> str:
        return f"{self.topic} {self.rating}"
