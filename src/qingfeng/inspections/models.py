"""巡察 and 跨村交叉检查 (rounds, assignments, checklists, findings), monitors' visits on top of the
ledger's visit log, and the county's duty plan for monitors."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

DEFAULT_ITEMS = [
    "村务公开台账",
    "三资台账",
    "工程项目",
    "惠民资金",
    "低保特困",
    "集体资产租赁",
]


class ChecklistTemplate(models.Model):
    """The county's checklist for inspections, one item a line; a round copies it when set up,
    so editing the template never changes a round under way."""

    county = models.OneToOneField(
        "orgs.Region", on_delete=models.CASCADE, related_name="inspection_checklist"
    )
    items = models.TextField(_("checklist items (one a line)"))
    updated_at = models.DateTimeField(auto_now=True)

    SCOPE_PATH = "county__code"

    def __str__(self) -> str:
        return str(self.county)

    def item_list(self) -> list[str]:
        return [line.strip() for line in self.items.splitlines() if line.strip()]


class Round(models.Model):
    class Kind(models.TextChoices):
        PATROL = "patrol", _("inspection tour")
        CROSS = "cross", _("cross-village check")

    region = models.ForeignKey(
        "orgs.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("organised by")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=80)
    plan = models.TextField(_("plan"), blank=True)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    villages = models.ManyToManyField("orgs.Region", related_name="+")
    checklist = models.JSONField(default=list)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    SCOPE_PATH = "region__code"

    class Meta:
        ordering = ["-starts_on", "-pk"]

    def __str__(self) -> str:
        return self.name


class Assignment(models.Model):
    """One inspector checking one village in a round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="assignments")
    village = models.ForeignKey("orgs.Region", on_delete=models.PROTECT, related_name="+")
    inspector = models.ForeignKey("orgs.Person", on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)

    SCOPE_PATH = "round__region__code"

    class Meta:
        ordering = ["village__code", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "village"], name="one_inspector_per_village")
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.village}"


class ChecklistEntry(models.Model):
    class Result(models.TextChoices):
        OK = "ok", _("in order")
        ISSUE = "issue", _("problem found")
        NOT_APPLICABLE = "na", _("not applicable")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="entries")
    position = models.PositiveSmallIntegerField()
    item = models.CharField(max_length=100)
    result = models.CharField(max_length=8, choices=Result.choices, blank=True)
    note = models.CharField(max_length=300, blank=True)

    SCOPE_PATH = "assignment__round__region__code"

    def __str__(self) -> str:
        return self.item

    class Meta:
        ordering = ["assignment", "position"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "position"], name="one_entry_per_item")
        ]


class Finding(models.Model):
    """A finding of a round, and the ledger problem it became (source 巡察/交叉检查)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="findings")
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="findings")
    village = models.ForeignKey("orgs.Region", on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("checklist item"), max_length=100)
    description = models.TextField(_("what was found"))
    problem = models.OneToOneField("ledger.Problem", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    SCOPE_PATH = "round__region__code"

    def __str__(self) -> str:
        return self.category

    class Meta:
        ordering = ["village__code", "pk"]


class VisitGroup(models.TextChoices):
    """五类重点人群 a monitor visits."""

    PROJECTS = "projects", _("rural revitalisation projects")
    AID = "aid", _("subsistence and extreme-poverty households")
    REPRESENTATIVES = "representatives", _("party members and residents' representatives")
    VETERANS = "veterans", _("veteran party members and retired cadres")
    CADRES = "cadres", _("village cadres")
    OTHER = "other", _("other residents")


class MonitorVisit(models.Model):
    """What the ledger's visit log does not hold: who visited (the monitor), whom by group,
    and whether it was planned."""

    visit = models.OneToOneField("ledger.Visit", on_delete=models.CASCADE, related_name="+")
    monitor = models.ForeignKey("orgs.Monitor", on_delete=models.PROTECT, related_name="+")
    group = models.CharField(_("whom (group)"), max_length=20, choices=VisitGroup.choices)
    planned = models.BooleanField(_("planned visit"), default=True)
    visited_on = models.DateField()

    SCOPE_PATH = "monitor__village__code"

    def __str__(self) -> str:
        return f"{self.monitor_id} {self.visited_on}"

    class Meta:
        ordering = ["-visited_on", "-pk"]
        indexes = [models.Index(fields=["monitor", "visited_on"])]


class DutyPlan(models.Model):
    """The county's duty plan for monitors: visits a month, the groups to cover."""

    county = models.OneToOneField("orgs.Region", on_delete=models.CASCADE, related_name="+")
    visits_per_month = models.PositiveSmallIntegerField(_("visits a month"), default=2)
    groups = models.JSONField(default=list)
    updated_at = models.DateTimeField(auto_now=True)

    SCOPE_PATH = "county__code"

    def __str__(self) -> str:
        return str(self.county)


class MonitorEvaluation(models.Model):
    """The yearly 考评 of a monitor: the figures are computed from the logs; the township records
    the residents' rating (民主测评, 0–100) and the grade."""

    class Grade(models.TextChoices):
        EXCELLENT = "excellent", _("excellent")
        COMPETENT = "competent", _("competent")
        BASIC = "basic", _("basically competent")
        INCOMPETENT = "incompetent", _("not competent")

    monitor = models.ForeignKey("orgs.Monitor", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    residents_rating = models.PositiveSmallIntegerField(_("residents' rating (0–100)"))
    grade = models.CharField(_("grade"), max_length=16, choices=Grade.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    figures = models.JSONField(default=dict)  # the computed figures at the time of grading
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    SCOPE_PATH = "monitor__village__code"

    def __str__(self) -> str:
        return f"{self.monitor_id} {self.year}"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["monitor", "year"], name="one_evaluation_a_year")
        ]


from qingfeng.inspections.models_projects import (  # noqa: E402
    Cadence as Cadence,
)
from qingfeng.inspections.models_projects import (  # noqa: E402
    CheckIn as CheckIn,
)
from qingfeng.inspections.models_projects import (  # noqa: E402
    ProjectFinding as ProjectFinding,
)
from qingfeng.inspections.models_projects import (  # noqa: E402
    ProjectReport as ProjectReport,
)
from qingfeng.inspections.models_projects import (  # noqa: E402
    ProjectTask as ProjectTask,
)
from qingfeng.inspections.models_projects import (  # noqa: E402
    SupervisionProject as SupervisionProject,
)
