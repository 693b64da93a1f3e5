"""立项监督 / 专项监督 projects with their task ledger, and the 提级监督 cadence of a village
raised to county supervision."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SupervisionProject(models.Model):
    class Kind(models.TextChoices):
        PROJECT = "project", _("supervision project")
        SPECIAL = "special", _("special supervision")

    region = models.ForeignKey(
        "orgs.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("organised by")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=80)
    survey = models.TextField(_("survey (what we found beforehand)"), blank=True)
    scope = models.TextField(_("scope (villages, departments, programmes)"), blank=True)
    method = models.TextField(_("method"), blank=True)
    villages = models.ManyToManyField("orgs.Region", blank=True, related_name="+")
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    evaluation = models.TextField(_("closing evaluation"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    SCOPE_PATH = "region__code"

    class Meta:
        ordering = ["closed_on", "-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class ProjectTask(models.Model):
    """A line of the task ledger: what, who, by when (from ledger/deadlines.py)."""

    project = models.ForeignKey(SupervisionProject, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=120)
    owner = models.CharField(_("who does it"), max_length=60)
    started_on = models.DateField(_("from"))
    due_on = models.DateField(_("deadline"))
    due_rule = models.CharField(max_length=32, default="supervision_task")
    done_on = models.DateField(_("done on"), null=True, blank=True)

    SCOPE_PATH = "project__region__code"

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class ProjectReport(models.Model):
    project = models.ForeignKey(
        SupervisionProject, on_delete=models.CASCADE, related_name="reports"
    )
    reported_on = models.DateField(_("date"))
    text = models.TextField(_("progress"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    SCOPE_PATH = "project__region__code"

    class Meta:
        ordering = ["-reported_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.reported_on}"


class ProjectFinding(models.Model):
    project = models.ForeignKey(
        SupervisionProject, on_delete=models.CASCADE, related_name="findings"
    )
    village = models.ForeignKey("orgs.Region", on_delete=models.PROTECT, related_name="+")
    problem = models.OneToOneField("ledger.Problem", on_delete=models.PROTECT, related_name="+")

    SCOPE_PATH = "project__region__code"

    def __str__(self) -> str:
        return str(self.problem_id)


class Cadence(models.Model):
    """提级监督: how often the county follows a raised village (月调度/周跟进/日报告)."""

    class Every(models.TextChoices):
        MONTH = "month", _("monthly scheduling")
        WEEK = "week", _("weekly follow-up")
        DAY = "day", _("daily report")

    village = models.OneToOneField("orgs.Region", on_delete=models.CASCADE, related_name="+")
    every = models.CharField(_("cadence"), max_length=8, choices=Every.choices)
    since = models.DateField(_("since"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    SCOPE_PATH = "village__code"

    class Meta:
        ordering = ["village__code"]

    def __str__(self) -> str:
        return f"{self.village} {self.every}"


class CheckIn(models.Model):
    cadence = models.ForeignKey(Cadence, on_delete=models.CASCADE, related_name="check_ins")
    period_start = models.DateField()
    note = models.TextField(_("what was checked"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    SCOPE_PATH = "cadence__village__code"

    class Meta:
        ordering = ["-period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["cadence", "period_start"], name="one_check_in_a_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.cadence_id} {self.period_start}"
