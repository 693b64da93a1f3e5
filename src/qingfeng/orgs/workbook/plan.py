"""The dry run: validate every row and work out what would change, without writing.

A Plan holds the errors (sheet, row, column, reason) and, when there are none, the operations
apply.py performs. Rows are matched to what exists by region code, unit name within region, ID
number (through the blind index) and username; nothing is ever deleted. Regions, zones and units
are planned here; people, posts, relations and users in plan_people.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from qingfeng.orgs import regions as codes
from qingfeng.orgs.models import OrgUnit, Region, Zone
from qingfeng.orgs.scope import code_in_scope
from qingfeng.orgs.workbook.reader import Row, RowError, split_list
from qingfeng.orgs.workbook.schema import UNIT_KINDS, UNIT_LEVELS

CHUNK = 2000
SHOWN_PER_KIND = 200  # rows listed per sheet and kind of change on the dry-run page

NEW, CHANGED, ENDED, UNCHANGED = "new", "changed", "ended", "unchanged"
KINDS = (NEW, CHANGED, ENDED, UNCHANGED)
PARTS = ("regions", "zones", "units", "people", "posts", "relations", "users")


@dataclass
class Change:
    kind: str
    row: int
    label: str
    detail: str = ""


@dataclass
class Plan:
    errors: list[RowError] = field(default_factory=list)
    changes: dict[str, list[Change]] = field(default_factory=lambda: {p: [] for p in PARTS})
    skipped_regions: int = 0
    today: dt.date = field(default_factory=dt.date.today)
    # operations for apply.py, keyed by natural keys (pks exist only for what is in the database)
    regions_new: list[dict] = field(default_factory=list)
    regions_renamed: list[tuple[int, str]] = field(default_factory=list)
    zones: list[dict] = field(default_factory=list)
    units_new: list[dict] = field(default_factory=list)
    units_changed: list[dict] = field(default_factory=list)
    people_new: list[dict] = field(default_factory=list)
    people_changed: list[dict] = field(default_factory=list)
    posts_new: list[dict] = field(default_factory=list)
    posts_changed: list[dict] = field(default_factory=list)
    relations_new: list[dict] = field(default_factory=list)
    users_new: list[dict] = field(default_factory=list)
    users_changed: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, part: str, kind: str, row: int, label: str, detail: str = "") -> None:
        self.changes[part].append(Change(kind, row, label, detail))

    def counts(self) -> dict[str, dict[str, int]]:
        out = {}
        for part, changes in self.changes.items():
            tally = dict.fromkeys(KINDS, 0)
            for change in changes:
                tally[change.kind] += 1
            out[part] = tally
        return out

    def shown(self) -> dict[str, list[Change]]:
        """What the dry-run page lists: every change except the unchanged, capped per kind."""
        out = {}
        for part, changes in self.changes.items():
            seen: dict[str, int] = {}
            rows = []
            for change in changes:
                if change.kind == UNCHANGED:
                    continue
                seen[change.kind] = seen.get(change.kind, 0) + 1
                if seen[change.kind] <= SHOWN_PER_KIND:
                    rows.append(change)
            out[part] = rows
        return out


def chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Planner:
    """One pass over the workbook. `actor` is None for the command line (the system)."""

    def __init__(self, rows: dict[str, list[Row]], actor: Any = None):
        self.rows = rows
        self.actor = actor
        self.plan = Plan()
        # region code -> {"name", "level", "pk" (None when new)}
        self.regions: dict[str, dict] = {}
        self.counties: set[str] = set()  # 6-digit prefixes of the counties this import is about
        self.region_names: dict[str, list[str]] | None = None
        # (region code, unit name) -> {"pk", "kind", "row"}; names per county for look-ups
        self.units: dict[tuple[str, str], dict] = {}
        self.unit_names: dict[str, dict[str, list[tuple[str, str]]]] = {}
        self.zones: dict[tuple[str, str], dict] = {}

    def error(self, row: Row, key: str, message: str) -> None:
        self.plan.errors.append(row.error(key, message))

    def in_scope(self, code: str) -> bool:
        return self.actor is None or code_in_scope(self.actor, code)

    # --- regions --------------------------------------------------------------------------

    def load_regions(self) -> None:
        sheet_codes = {r.get("code") for r in self.rows["regions"]}
        self.counties = {c[:6] for c in sheet_codes if len(c) == 12 and c.isdigit()}
        if self.actor is not None:
            from qingfeng.orgs.scope import scope_prefixes

            self.counties |= {p[:6] for p in scope_prefixes(self.actor)}
        elif not self.counties:
            self.counties = set(
                Region.objects.filter(level="county").values_list("code", flat=True)
            )
            self.counties = {c[:6] for c in self.counties}
        wanted = {c for c in sheet_codes if len(c) == 12}
        wanted |= {c[:9] + "000" for c in wanted} | {c[:6] + "000000" for c in wanted}
        for part in chunks(sorted(wanted)):
            for pk, code, name, level in Region.objects.filter(code__in=part).values_list(
                "pk", "code", "name", "level"
            ):
                self.regions[code] = {"pk": pk, "name": name, "level": level}
        if any(self.rows[k] for k in ("zones", "units", "people", "users")):
            for prefix in self.counties:
                for pk, code, name, level in Region.objects.filter(
                    code__startswith=prefix
                ).values_list("pk", "code", "name", "level"):
                    self.regions[code] = {"pk": pk, "name": name, "level": level}

    def plan_regions(self) -> None:
        plan, seen = self.plan, {}
        rows = []
        for row in self.rows["regions"]:
            code, name = row.get("code").replace(" ", ""), row.get("name")
            if code.isdigit() and len(code) == 12 and (code[2:] == "0" * 10 or code[4:] == "0" * 8):
                plan.skipped_regions += 1  # province or prefecture: above what the platform keeps
                continue
            try:
                level = codes.level_of(code)
            except ValidationError as exc:
                self.error(row, "code", exc.messages[0])
                continue
            if code in seen:
                self.error(
                    row, "code", _("this code is already on row %(row)d.") % {"row": seen[code]}
                )
                continue
            seen[code] = row.number
            if not name:
                self.error(row, "name", _("the name is empty."))
                continue
            if len(name) > 64:
                self.error(row, "name", _("the name is longer than 64 characters."))
                continue
            parent = codes.parent_code(code)
            given = row.get("parent").replace(" ", "")
            if given and given != parent:
                self.error(
                    row,
                    "parent",
                    _("%(code)s belongs under %(parent)s, not %(given)s.")
                    % {"code": code, "parent": parent, "given": given},
                )
                continue
            if not self.in_scope(code):
                self.error(row, "code", _("%(code)s is outside your scope.") % {"code": code})
                continue
            rows.append((row, code, name, level, parent))
        sheet = {code: (name, level) for _row, code, name, level, _p in rows}
        for row, code, name, level, parent in rows:
            if parent and parent not in sheet and parent not in self.regions:
                self.error(
                    row,
                    "code",
                    _("its parent region %(parent)s is neither in this sheet nor in the system.")
                    % {"parent": parent},
                )
                continue
            existing = self.regions.get(code)
            label = f"{code} {name}"
            if existing is None:
                plan.regions_new.append({"code": code, "name": name, "level": level})
                plan.add("regions", NEW, row.number, label)
                self.regions[code] = {"pk": None, "name": name, "level": level}
            elif existing["name"] != name:
                plan.regions_renamed.append((existing["pk"], name))
                plan.add("regions", CHANGED, row.number, label, f"{existing['name']} → {name}")
                existing["name"] = name
            else:
                plan.add("regions", UNCHANGED, row.number, label)

    def resolve_region(self, row: Row, key: str, text: str, level: str | None = None) -> str | None:
        """A region code from a code or a name unique in the import's counties; None (with
        the error recorded) otherwise."""
        text = text.replace(" ", "")
        if text.isdigit() and len(text) == 12:
            region = self.regions.get(text)
            if region is None:
                self.error(
                    row,
                    key,
                    _("region %(code)s is neither in the sheet “行政区划” nor in the system.")
                    % {"code": text},
                )
                return None
            code = text
        else:
            if self.region_names is None:
                self.region_names = {}
                for c, r in self.regions.items():
                    if c[:6] in self.counties:
                        self.region_names.setdefault(r["name"], []).append(c)
            found = self.region_names.get(text, [])
            if level:
                found = [c for c in found if self.regions[c]["level"] == level] or found
            if not found:
                self.error(row, key, _("no region is called “%(name)s”.") % {"name": text})
                return None
            if len(found) > 1:
                self.error(
                    row,
                    key,
                    _("%(n)d regions are called “%(name)s” (%(codes)s): write the 12-digit code.")
                    % {"n": len(found), "name": text, "codes": "、".join(found[:4])},
                )
                return None
            code = found[0]
        if level and self.regions[code]["level"] != level:
            self.error(
                row,
                key,
                _("%(code)s is a %(found)s; a %(level)s is needed here.")
                % {
                    "code": code,
                    "found": _level_name(self.regions[code]["level"]),
                    "level": _level_name(level),
                },
            )
            return None
        if not self.in_scope(code):
            self.error(row, key, _("%(code)s is outside your scope.") % {"code": code})
            return None
        return code

    # --- units ----------------------------------------------------------------------------

    def load_units(self) -> None:
        if not any(self.rows[k] for k in ("zones", "units", "people", "users")):
            return
        for prefix in self.counties:
            for pk, name, kind, region_code in OrgUnit.objects.filter(
                region__code__startswith=prefix
            ).values_list("pk", "name", "kind", "region__code"):
                self._remember_unit(region_code, name, {"pk": pk, "kind": kind, "row": 0})
            for pk, name, county_code in Zone.objects.filter(
                county__code__startswith=prefix
            ).values_list("pk", "name", "county__code"):
                self.zones[(county_code[:6], name)] = {"pk": pk, "row": 0}

    def _remember_unit(self, region_code: str, name: str, info: dict) -> None:
        self.units[(region_code, name)] = info
        self.unit_names.setdefault(region_code[:6], {}).setdefault(name, []).append(
            (region_code, name)
        )

    def resolve_unit(
        self, row: Row, key: str, name: str, county: str, near: str = ""
    ) -> tuple[str, str] | None:
        """A unit by name in the county; two villages may both have a “大源村村民委员会”, so a
        name found more than once is looked for in `near` (the person's village, then its
        township) before it is called ambiguous."""
        found = self.unit_names.get(county, {}).get(name.strip(), [])
        if len(found) > 1 and near:
            for prefix in (near, near[:9]):
                narrowed = [f for f in found if f[0].startswith(prefix)]
                if len(narrowed) == 1:
                    return narrowed[0]
        if not found:
            self.error(row, key, _("no unit is called “%(name)s” in this county.") % {"name": name})
            return None
        if len(found) > 1:
            self.error(
                row,
                key,
                _("%(n)d units are called “%(name)s”; give each a distinct name.")
                % {"n": len(found), "name": name},
            )
            return None
        return found[0]

    def plan_units(self) -> None:
        plan, pending = self.plan, []
        for row in self.rows["units"]:
            name = row.get("name")
            kind = UNIT_KINDS.get(row.get("kind").replace(" ", ""))
            if not name or len(name) > 64:
                self.error(row, "name", _("the name is empty or longer than 64 characters."))
                continue
            if kind is None:
                self.error(
                    row,
                    "kind",
                    _("“%(kind)s” is not a unit type; use one of: %(kinds)s.")
                    % {"kind": row.get("kind"), "kinds": "、".join(_UNIT_KIND_NAMES)},
                )
                continue
            code = self.resolve_region(row, "region", row.get("region"), UNIT_LEVELS[kind])
            if code is None:
                continue
            existing = self.units.get((code, name))
            if existing is not None and existing["row"]:
                self.error(
                    row,
                    "name",
                    _("this unit is already on row %(row)d.") % {"row": existing["row"]},
                )
                continue
            phone = row.get("phone")
            if len(phone) > 20:
                self.error(row, "phone", _("the phone number is longer than 20 characters."))
                continue
            info = existing or {"pk": None, "kind": kind}
            info.update(row=row.number, new_kind=kind, phone=phone)
            if existing is None:
                self._remember_unit(code, name, info)
            pending.append((row, code, name, info))
        for row, code, name, info in pending:
            parent = None
            if row.get("parent"):
                parent = self.resolve_unit(row, "parent", row.get("parent"), code[:6])
                if parent is None:
                    continue
                if parent == (code, name):
                    self.error(row, "parent", _("a unit cannot be its own parent."))
                    continue
            op = {
                "region": code,
                "name": name,
                "kind": info["new_kind"],
                "parent": parent,
                "phone": info["phone"],
            }
            label = f"{self.regions[code]['name']} {name}"
            if info["pk"] is None:
                plan.units_new.append(op)
                plan.add("units", NEW, row.number, label)
                continue
            db = (
                OrgUnit.objects.filter(pk=info["pk"])
                .values("kind", "public_phone", "parent__name", "parent__region__code")
                .first()
            )
            db_parent = (
                (db["parent__region__code"], db["parent__name"]) if db["parent__name"] else None
            )
            diffs = []
            if db["kind"] != op["kind"]:
                diffs.append(_("type"))
            if op["phone"] and db["public_phone"] != op["phone"]:
                diffs.append(_("phone"))
            if parent and db_parent != parent:
                diffs.append(_("parent unit"))
            if diffs:
                plan.units_changed.append({**op, "pk": info["pk"]})
                plan.add("units", CHANGED, row.number, label, "、".join(diffs))
            else:
                plan.add("units", UNCHANGED, row.number, label)

    # --- zones ----------------------------------------------------------------------------

    def plan_zones(self) -> None:
        plan = self.plan
        for row in self.rows["zones"]:
            name = row.get("name")
            if not name or len(name) > 64:
                self.error(row, "name", _("the name is empty or longer than 64 characters."))
                continue
            townships = []
            for token in split_list(row.get("townships")):
                code = self.resolve_region(row, "townships", token, codes.TOWNSHIP)
                if code is None:
                    break
                townships.append(code)
            else:
                if not townships:
                    self.error(row, "townships", _("list at least one township."))
                    continue
                counties = {c[:6] for c in townships}
                if len(counties) > 1:
                    self.error(row, "townships", _("a zone's townships must be in one county."))
                    continue
                county = counties.pop()
                key = (county, name)
                existing = self.zones.get(key)
                if existing is not None and existing["row"]:
                    self.error(
                        row,
                        "name",
                        _("this zone is already on row %(row)d.") % {"row": existing["row"]},
                    )
                    continue
                lead = None
                if row.get("lead_unit"):
                    lead = self.resolve_unit(row, "lead_unit", row.get("lead_unit"), county)
                    if lead is None:
                        continue
                pk = existing["pk"] if existing else None
                self.zones[key] = {"pk": pk, "row": row.number}
                op = {
                    "pk": pk,
                    "county": county + "000000",
                    "name": name,
                    "townships": sorted(townships),
                    "lead": lead,
                }
                if pk is None:
                    plan.zones.append(op)
                    plan.add("zones", NEW, row.number, name)
                    continue
                zone = Zone.objects.get(pk=pk)
                before = sorted(zone.townships.values_list("code", flat=True))
                lead_before = (
                    (zone.lead_unit.region.code, zone.lead_unit.name) if zone.lead_unit_id else None
                )
                if before != op["townships"] or (lead and lead != lead_before):
                    plan.zones.append(op)
                    plan.add("zones", CHANGED, row.number, name, _("townships or lead unit"))
                else:
                    plan.add("zones", UNCHANGED, row.number, name)

    def run(self) -> Plan:
        from qingfeng.orgs.workbook import plan_people

        self.load_regions()
        self.plan_regions()
        self.load_units()
        self.plan_units()
        self.plan_zones()
        plan_people.PeoplePlanner(self).run()
        return self.plan


_UNIT_KIND_NAMES = (
    "县纪委监委",
    "纪检监察室",
    "派驻纪检监察组",
    "乡镇纪委",
    "村委会",
    "村务监督委员会",
    "职能部门",
)


def _level_name(level: str) -> str:
    return {codes.COUNTY: _("county"), codes.TOWNSHIP: _("township"), codes.VILLAGE: _("village")}[
        level
    ]


def make_plan(rows: dict[str, list[Row]], actor=None) -> Plan:
    return Planner(rows, actor).run()
