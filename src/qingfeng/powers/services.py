"""Writes to power lists: load the county template, adopt it in a village, import a workbook,
remove an item. Each runs in one transaction with its audit entry."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qingfeng.audit.services import audit_record
from qingfeng.orgs.roles import COUNTY_EDITORS, SUPERVISORS, Role
from qingfeng.orgs.scope import code_in_scope
from qingfeng.powers.models import PowerItem, PowerList

TEMPLATE_FILE = Path(__file__).resolve().parent / "data" / "county_template.json"
# Who may change a list: the county edits templates; the township helps villages with theirs.
TEMPLATE_EDITORS = COUNTY_EDITORS
LIST_EDITORS = SUPERVISORS - {Role.STATIONED_CADRE}


def can_edit(user, power_list: PowerList) -> bool:
    if not code_in_scope(user, power_list.region.code):
        return False
    roles = TEMPLATE_EDITORS if power_list.is_template else LIST_EDITORS
    return user.role in roles


def _require_edit(user, power_list: PowerList) -> None:
    if not can_edit(user, power_list):
        raise PermissionDenied(_("You may not change this power list."))


def template_items_from_file(path: Path = TEMPLATE_FILE) -> tuple[str, list[dict]]:
    """The demo county template as item dicts (see data/county_template.json)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    items = []
    for category in data["categories"]:
        for sub in category["subs"]:
            for raw in sub["items"]:
                items.append(
                    {
                        "position": len(items) + 1,
                        "category": category["name"],
                        "subcategory": sub["name"],
                        "code": raw["code"],
                        "name": raw["name"],
                        "basis": raw.get("basis", ""),
                        "actor": raw["actor"],
                        "time_limit": raw.get("limit", ""),
                        "supervision": raw.get("supervision", ""),
                        "steps": [
                            {"name": n, "actor": a, "limit": limit} for n, a, limit in raw["steps"]
                        ],
                        "risks": [
                            {"step": s, "point": p, "measure": m}
                            for s, p, m in raw.get("risks", [])
                        ],
                        "materials": raw.get("materials", []),
                        "negatives": raw.get("negatives", []),
                        "is_key": bool(raw.get("key")),
                    }
                )
    return data["title"], items


def _replace_items(power_list: PowerList, items: list[dict]) -> dict[str, int]:
    """Upsert by code so item URLs (and references to them) survive a re-import."""
    existing = {i.code: i for i in power_list.items.all()}
    counts = {"added": 0, "changed": 0, "removed": 0}
    for data in items:
        item = existing.pop(data["code"], None)
        if item is None:
            PowerItem.objects.create(power_list=power_list, **data)
            counts["added"] += 1
            continue
        changed = any(getattr(item, k) != v for k, v in data.items())
        if changed:
            for k, v in data.items():
                setattr(item, k, v)
            item.save()
            counts["changed"] += 1
    for item in existing.values():
        item.delete()
        counts["removed"] += 1
    power_list.save(update_fields=["updated_at"])
    return counts


def list_import(*, actor, power_list: PowerList, items: list[dict]) -> dict[str, int]:
    """Replace the list's items with `items` (already validated by sheets.parse_workbook)."""
    _require_edit(actor, power_list)
    with transaction.atomic():
        counts = _replace_items(power_list, items)
        audit_record(
            actor=actor,
            action="powers.import",
            target=power_list,
            region_code=power_list.region.code,
            data={"items": len(items), **counts},
        )
    return counts


def list_adopt(*, actor, template: PowerList, village) -> PowerList:
    """A village takes the county template as its list (or re-takes it, dropping its changes)."""
    if not template.is_template or not village.code.startswith(template.region.code[:6]):
        raise ValidationError(_("A village adopts its own county's template."))
    if village.level != "village" or not code_in_scope(actor, village.code):
        raise PermissionDenied(_("You may not change this power list."))
    if actor.role not in LIST_EDITORS:
        raise PermissionDenied(_("You may not change this power list."))
    with transaction.atomic():
        power_list, _created = PowerList.objects.get_or_create(
            region=village,
            defaults={"title": _("%(village)s micro-power list") % {"village": village.name}},
        )
        power_list.template = template
        power_list.save()
        items = [
            {
                name: getattr(i, name)
                for name in (*PowerItem.COMPARED_FIELDS, "code", "position", "is_key")
            }
            for i in template.items.all()
        ]
        _replace_items(power_list, items)
        audit_record(
            actor=actor,
            action="powers.adopt",
            target=power_list,
            region_code=village.code,
            data={"template": template.pk, "items": len(items)},
        )
    return power_list


def item_save(*, actor, power_list: PowerList, data: dict, item: PowerItem | None = None):
    """Create an item (item None) or change one, from ItemForm's cleaned data."""
    _require_edit(actor, power_list)
    if item is not None and item.power_list_id != power_list.pk:
        raise PermissionDenied(_("You may not change this power list."))
    taken = power_list.items.filter(code=data["code"])
    if item is not None:
        taken = taken.exclude(pk=item.pk)
    if taken.exists():
        raise ValidationError(
            _("Another item of this list already has the code %(code)s.") % {"code": data["code"]}
        )
    with transaction.atomic():
        if item is None:
            last = power_list.items.order_by("-position").first()
            item = PowerItem(power_list=power_list, position=(last.position + 1) if last else 1)
            action = "powers.item_add"
        else:
            action = "powers.item_change"
        changed = [k for k, v in data.items() if getattr(item, k, None) != v]
        for key, value in data.items():
            setattr(item, key, value)
        item.save()
        power_list.save(update_fields=["updated_at"])
        audit_record(
            actor=actor,
            action=action,
            target=power_list,
            region_code=power_list.region.code,
            data={"code": item.code, "name": item.name, "fields": changed},
        )
    return item


def item_remove(*, actor, item: PowerItem) -> None:
    power_list = item.power_list
    _require_edit(actor, power_list)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="powers.item_remove",
            target=power_list,
            region_code=power_list.region.code,
            data={"code": item.code, "name": item.name},
        )
        item.delete()
        power_list.save(update_fields=["updated_at"])


def county_template_load(county) -> dict[str, int]:
    """A new county starts from the platform's template (the county edits it afterwards)."""
    if PowerList.objects.filter(region=county).exists():
        return {"templates": 0}
    title, items = template_items_from_file()
    template = PowerList.objects.create(region=county, title=title)
    PowerItem.objects.bulk_create(PowerItem(power_list=template, **i) for i in items)
    return {"templates": 1, "template_items": len(items)}


def villages_adopt_template(villages) -> dict[str, int]:
    """New villages from an import adopt their county's template at once, so the QR on the
    notice board opens a full power list from day one (the township adapts it later)."""
    templates = {
        t.region.code[:6]: t
        for t in PowerList.objects.filter(
            region__level="county", region__code__in={v.code[:6] + "000000" for v in villages}
        ).select_related("region")
    }
    items = {
        prefix: [
            {n: getattr(i, n) for n in (*PowerItem.COMPARED_FIELDS, "code", "position", "is_key")}
            for i in template.items.all()
        ]
        for prefix, template in templates.items()
    }
    have = set(PowerList.objects.filter(region__in=villages).values_list("region_id", flat=True))
    todo = [v for v in villages if v.pk not in have and v.code[:6] in templates]
    lists = PowerList.objects.bulk_create(
        PowerList(
            region=v,
            template=templates[v.code[:6]],
            title=_("%(village)s micro-power list") % {"village": v.name},
        )
        for v in todo
    )
    rows = [
        PowerItem(power_list=power_list, **data)
        for power_list, village in zip(lists, todo, strict=True)
        for data in items[village.code[:6]]
    ]
    PowerItem.objects.bulk_create(rows, batch_size=2000)
    return {"village_lists": len(lists), "items": len(rows)}


def demo_build(*, county, villages) -> dict[str, int]:
    """The county template and every village's adoption, with a few local changes so the
    county's difference view has something to show. Deterministic; bulk writes for speed."""
    title, items = template_items_from_file()
    template = PowerList.objects.create(region=county, title=title)
    PowerItem.objects.bulk_create(PowerItem(power_list=template, **i) for i in items)
    lists = PowerList.objects.bulk_create(
        PowerList(region=v, template=template, title=f"{v.name}小微权力清单") for v in villages
    )
    rows = []
    for n, power_list in enumerate(lists):
        for data in items:
            if n % 9 == 4 and data["code"] == "C13":
                continue  # removed locally
            data = dict(data)
            if n % 7 == 3 and data["code"] == "B05":
                data["time_limit"] = "2个工作日"
                data["steps"] = [dict(s) for s in data["steps"]]
                data["steps"][1]["limit"] = "1个工作日"
            rows.append(PowerItem(power_list=power_list, **data))
        if n % 11 == 5:
            rows.append(
                PowerItem(
                    power_list=power_list,
                    position=len(items) + 1,
                    category="便民服务",
                    subcategory="民生服务",
                    code="X01",
                    name="村级代办服务",
                    actor="村便民服务站",
                    time_limit="即时受理",
                    steps=[
                        {"name": "群众提出代办需求", "actor": "群众", "limit": "—"},
                        {"name": "登记并代为办理", "actor": "村代办员", "limit": "3个工作日"},
                        {"name": "办结告知", "actor": "村代办员", "limit": "1个工作日"},
                    ],
                    risks=[
                        {"step": 2, "point": "代办收费", "measure": "代办一律免费，公示监督电话"}
                    ],
                    negatives=["不得收取代办费用"],
                )
            )
    PowerItem.objects.bulk_create(rows, batch_size=2000)
    return {"templates": 1, "village_lists": len(lists), "items": len(rows) + len(items)}


def demo_clear(county_code: str) -> None:
    PowerList.objects.filter(region__code__startswith=county_code[:6]).delete()
