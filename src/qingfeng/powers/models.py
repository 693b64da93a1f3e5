"""小微权力清单: a county's template list and each village's adopted list.

An item's process, risk points, materials and negative list are small ordered documents, kept
as JSON on the item; the flowchart, the poster and the Excel sheets are all drawn from them.
A village item matches its template item by `code` (编号), which is how the county sees
each village's differences from the template.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PowerList(models.Model):
    region = models.OneToOneField(
        "orgs.Region", on_delete=models.CASCADE, related_name="power_list"
    )
    template = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adoptions",
        verbose_name=_("adopted template"),
    )
    title = models.CharField(_("title"), max_length=100)
    updated_at = models.DateTimeField(auto_now=True)

    SCOPE_PATH = "region__code"

    class Meta:
        ordering = ["region__code"]
        verbose_name = _("power list")

    def __str__(self) -> str:
        return self.title

    @property
    def is_template(self) -> bool:
        return self.region.level == "county"


class PowerItem(models.Model):
    power_list = models.ForeignKey(PowerList, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(default=0)
    category = models.CharField(_("category"), max_length=32)
    subcategory = models.CharField(_("sub-item"), max_length=64)
    code = models.CharField(_("item code"), max_length=16)
    name = models.CharField(_("name"), max_length=100)
    basis = models.TextField(_("policy basis"), blank=True)
    actor = models.CharField(_("responsible body"), max_length=100)
    time_limit = models.CharField(_("time limit"), max_length=64, blank=True)
    supervision = models.TextField(_("supervision"), blank=True)
    # [{"name": str, "actor": str, "limit": str}] in order
    steps = models.JSONField(_("process steps"), default=list)
    # [{"step": 1-based step number or 0 for the whole item, "point": str, "measure": str}]
    risks = models.JSONField(_("integrity risk points"), default=list)
    materials = models.JSONField(_("materials to bring"), default=list)
    negatives = models.JSONField(_("negative list"), default=list)
    is_key = models.BooleanField(_("key item (flowchart on the poster)"), default=False)

    SCOPE_PATH = "power_list__region__code"
    COMPARED_FIELDS = (
        "category",
        "subcategory",
        "name",
        "basis",
        "actor",
        "time_limit",
        "supervision",
        "steps",
        "risks",
        "materials",
        "negatives",
    )

    class Meta:
        ordering = ["power_list", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["power_list", "code"], name="power_item_code_unique")
        ]
        verbose_name = _("power item")

    def __str__(self) -> str:
        return self.name

    def risks_at(self, step_number: int) -> list[dict]:
        return [r for r in self.risks if int(r.get("step") or 0) == step_number]

    def content(self) -> dict:
        return {name: getattr(self, name) for name in self.COMPARED_FIELDS}
