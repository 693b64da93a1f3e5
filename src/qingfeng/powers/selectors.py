"""Reads of power lists: public (no personal data in a power list) and scoped back-office."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from qingfeng.orgs.scope import in_scope
from qingfeng.powers import flowchart
from qingfeng.powers.models import PowerItem, PowerList

# --- public ---------------------------------------------------------------------------------


def public_list(village) -> PowerList | None:
    return PowerList.objects.filter(region=village).first()


def public_item(village, pk: int) -> PowerItem | None:
    return (
        PowerItem.objects.filter(power_list__region=village, pk=pk)
        .select_related("power_list")
        .first()
    )


@dataclass
class Category:
    name: str
    subs: list[tuple[str, list[PowerItem]]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(items) for _name, items in self.subs)


def grouped(items) -> list[Category]:
    """Items by category then sub-item, in list order."""
    categories: list[Category] = []
    for cat_name, in_cat in groupby(items, key=lambda i: i.category):
        category = Category(cat_name)
        for sub_name, in_sub in groupby(in_cat, key=lambda i: i.subcategory):
            category.subs.append((sub_name, list(in_sub)))
        categories.append(category)
    return categories


def flow_labels() -> dict[str, str]:
    return {
        "start": _("Start: application or proposal"),
        "end": _("Done"),
        "acts": _("Who acts: "),
        "limit": _("Time limit: "),
        "risk": _("Risk: "),
        "measure": _("Control: "),
        "total": _("Total time limit: "),
    }


def item_chart(item: PowerItem, width: float = flowchart.WIDTH) -> flowchart.Chart:
    return flowchart.layout(
        name=item.name,
        steps=item.steps,
        risks=item.risks,
        time_limit=item.time_limit,
        width=width,
        labels=flow_labels(),
    )


def item_svg(item: PowerItem) -> str:
    return flowchart.to_svg(item_chart(item))


# --- back office ----------------------------------------------------------------------------


def lists_for(user) -> QuerySet[PowerList]:
    return in_scope(
        PowerList.objects.select_related("region", "region__parent", "template").annotate(
            item_count=Count("items")
        ),
        user,
    )


def items_for(user) -> QuerySet[PowerItem]:
    return in_scope(PowerItem.objects.select_related("power_list", "power_list__region"), user)


@dataclass
class Difference:
    code: str
    name: str
    change: str  # "added" | "removed" | "changed"
    fields: list[str] = field(default_factory=list)


def differences(power_list: PowerList) -> list[Difference]:
    """A village list against the template it adopted, matched by item code."""
    if power_list.template_id is None:
        return []
    mine = {i.code: i for i in power_list.items.all()}
    theirs = {i.code: i for i in power_list.template.items.all()}
    found: list[Difference] = []
    for code, item in theirs.items():
        if code not in mine:
            found.append(Difference(code, item.name, "removed"))
            continue
        changed = [
            str(PowerItem._meta.get_field(name).verbose_name)
            for name in PowerItem.COMPARED_FIELDS
            if getattr(item, name) != getattr(mine[code], name)
        ]
        if changed:
            found.append(Difference(code, mine[code].name, "changed", changed))
    found += [Difference(c, i.name, "added") for c, i in mine.items() if c not in theirs]
    return sorted(found, key=lambda d: d.code)
