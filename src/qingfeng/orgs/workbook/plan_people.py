"""The dry run for people, their posts (换届 included), family links and users, and the rule
that a 村务监督委员会 member neither sits on the 村委会 nor is a 近亲属 of one of its members
(村民委员会组织法 art. 32)."""

from __future__ import annotations

import re

from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from qingfeng.core import pii
from qingfeng.orgs import regions as codes
from qingfeng.orgs.models import Person, Position, Relation, User
from qingfeng.orgs.workbook.plan import CHANGED, ENDED, NEW, UNCHANGED, Planner, chunks
from qingfeng.orgs.workbook.reader import Row, parse_date, split_list
from qingfeng.orgs.workbook.schema import CATEGORIES, RELATION_KINDS, ROLES

CLOSE = {"spouse", "parent", "child", "sibling"}  # 近亲属 (监察法 释义)
SYMMETRIC = {"spouse", "sibling", "household", "sibling_in_law"}
VILLAGE_CATEGORIES = {"village_cadre", "village_supervisor"}
_SCI = re.compile(r"^\d(\.\d+)?E\+?\d+$", re.IGNORECASE)
_USERNAME = UnicodeUsernameValidator()
RELATION_NAMES = "、".join(
    (
        "配偶",
        "父母",
        "子女",
        "兄弟姐妹",
        "祖父母",
        "孙子女",
        "配偶父母",
        "子女配偶",
        "配偶兄弟姐妹",
        "同户",
    )
)
ROLE_NAMES = "、".join(
    (
        "系统管理员",
        "县纪委监委领导",
        "纪检监察室干部",
        "派驻组干部",
        "乡镇纪委干部",
        "村级监督员",
        "职能部门人员",
    )
)


class PeoplePlanner:
    def __init__(self, base: Planner):
        self.base = base
        self.plan = base.plan
        self.rows = base.rows
        # person key (normalised ID number) -> {"pk", "row", "name", "region", ...}
        self.people: dict[str, dict] = {}
        self.by_pk: dict[int, str] = {}

    def error(self, row: Row, key: str, message: str) -> None:
        self.base.error(row, key, message)

    def id_number(self, row: Row, key: str) -> str | None:
        raw = row.get(key)
        if not raw:
            self.error(row, key, _("the ID number is empty."))
            return None
        if _SCI.match(raw):
            self.error(
                row,
                key,
                _(
                    "Excel turned this ID number into a number (%(raw)s) and lost digits: format the column as text and type it again."  # noqa: E501
                )
                % {"raw": raw},
            )
            return None
        try:
            return pii.validate_id_number(raw)
        except ValidationError as exc:
            self.error(row, key, exc.messages[0])
            return None

    # --- people -----------------------------------------------------------------------------

    def plan_people(self) -> list[tuple[Row, str, dict]]:
        """Returns the rows that carry a post, with their person key and post fields."""
        posts = []
        for row in self.rows["people"]:
            number = self.id_number(row, "id_number")
            name = row.get("name").replace(" ", "")
            if not name:
                self.error(row, "name", _("the name is empty."))
            if number is None or not name:
                continue
            region = self.base.resolve_region(row, "region", row.get("region"))
            if region is None:
                continue
            phone = row.get("phone")
            if phone:
                try:
                    phone = pii.validate_phone(phone)
                except ValidationError as exc:
                    self.error(row, "phone", exc.messages[0])
                    continue
            fields = {
                "name": name,
                "region": region,
                "phone": phone,
                "household_no": row.get("household_no")[:32],
                "relation_to_head": row.get("relation_to_head")[:16],
            }
            known = self.people.get(number)
            if known is not None:
                clash = next(
                    (f for f in ("name", "region") if known[f] != fields[f]), None
                ) or next(
                    (
                        f
                        for f in ("phone", "household_no")
                        if fields[f] and known[f] and known[f] != fields[f]
                    ),
                    None,
                )
                if clash:
                    self.error(
                        row,
                        clash,
                        _("the same ID number is on row %(row)d with a different value here.")
                        % {"row": known["row"]},
                    )
                    continue
                for f in ("phone", "household_no", "relation_to_head"):
                    known[f] = known[f] or fields[f]
            else:
                self.people[number] = {**fields, "row": row.number, "pk": None}
            post = self.post_fields(row, region)
            if post is not None:
                posts.append((row, number, post))
        self.match_people()
        return posts

    def post_fields(self, row: Row, region: str) -> dict | None:
        category_text, title = row.get("category").replace(" ", ""), row.get("title")
        if not category_text and not title and not row.get("unit"):
            return None  # a relative, no post
        category = CATEGORIES.get(category_text)
        if category is None:
            self.error(
                row,
                "category",
                _("“%(value)s” is not a category; use one of: %(values)s.")
                % {
                    "value": category_text,
                    "values": "村干部、村务监督委员会成员、公职人员、财政供养人员",
                },
            )
            return None
        if not title or len(title) > 64:
            self.error(row, "title", _("give the post's title (at most 64 characters)."))
            return None
        unit = None
        if row.get("unit"):
            unit = self.base.resolve_unit(row, "unit", row.get("unit"), region[:6], region)
            if unit is None:
                return None
        post_region = unit[0] if unit else region
        if category in VILLAGE_CATEGORIES and codes.level_of(post_region) != codes.VILLAGE:
            self.error(row, "unit" if unit else "region", _("a village post must be in a village."))
            return None
        dates = {}
        for key in ("since", "until"):
            dates[key] = None
            if row.get(key):
                try:
                    dates[key] = parse_date(row.get(key))
                except ValueError as exc:
                    self.error(row, key, str(exc))
                    return None
        if dates["since"] and dates["until"] and dates["until"] < dates["since"]:
            self.error(row, "until", _("the end date is before the start date."))
            return None
        return {"unit": unit, "region": post_region, "title": title, "category": category, **dates}

    def match_people(self) -> None:
        index = {pii.blind_index(pii.ID_NUMBER, n): n for n in self.people}
        for part in chunks(list(index)):
            for row in Person.objects.filter(id_number_index__in=part).values(
                "pk",
                "id_number_index",
                "name",
                "region__code",
                "phone_index",
                "household_no",
                "relation_to_head",
            ):
                number = index[row["id_number_index"]]
                self.people[number]["db"] = row
                self.people[number]["pk"] = row["pk"]
                self.by_pk[row["pk"]] = number
        plan = self.plan
        for number, p in self.people.items():
            label = f"{p['name']} {pii.mask_id_number(number)}"
            db = p.get("db")
            if db is None:
                plan.people_new.append({"id_number": number, **_person_fields(p)})
                plan.add("people", NEW, p["row"], label)
                continue
            diffs = []
            if db["name"] != p["name"]:
                diffs.append(_("name"))
            if db["region__code"] != p["region"]:
                diffs.append(_("village"))
            if p["phone"] and db["phone_index"] != pii.blind_index(pii.PHONE, p["phone"]):
                diffs.append(_("phone"))
            for f, label_text in (
                ("household_no", _("household number")),
                ("relation_to_head", _("relation to household head")),
            ):
                if p[f] and db[f] != p[f]:
                    diffs.append(label_text)
            if diffs:
                plan.people_changed.append(
                    {"pk": db["pk"], "id_number": number, **_person_fields(p)}
                )
                plan.add("people", CHANGED, p["row"], label, "、".join(diffs))
            else:
                plan.add("people", UNCHANGED, p["row"], label)

    # --- posts ------------------------------------------------------------------------------

    def plan_posts(self, posts: list[tuple[Row, str, dict]]) -> None:
        plan, today = self.plan, self.plan.today
        units = self.base.units
        existing: dict[tuple, dict] = {}
        pks = [p["pk"] for p in self.people.values() if p["pk"]]
        unit_pks = {
            units[u]["pk"] for _r, _n, post in posts if (u := post["unit"]) and units[u]["pk"]
        }
        query = Q(person_id__in=[])
        for part in chunks(pks):
            query |= Q(person_id__in=part)
        for part in chunks(sorted(unit_pks)):
            query |= Q(org_unit_id__in=part)
        fields = (
            "pk",
            "person_id",
            "person__name",
            "person__id_number_index",
            "org_unit_id",
            "org_unit__name",
            "org_unit__region__code",
            "region__code",
            "title",
            "category",
            "since",
            "until",
        )
        for row in Position.objects.filter(query).values(*fields):
            unit = (
                (row["org_unit__region__code"], row["org_unit__name"])
                if row["org_unit_id"]
                else None
            )
            existing[(row["person_id"], unit, row["region__code"], row["title"])] = row
        listed, twice = set(), set()
        self.active_posts = []  # (village code, person key, category, source row or 0)
        for row, number, post in posts:
            person = self.people[number]
            key = (person["pk"], post["unit"], post["region"], post["title"])
            if (number, *key[1:]) in twice:
                self.error(row, "title", _("this post is listed twice for this person."))
                continue
            twice.add((number, *key[1:]))
            if person["pk"]:
                listed.add(key)
            label = f"{person['name']} {post['title']}"
            db = existing.get(key) if person["pk"] else None
            op = {"person": number, **post}
            if (
                _active(post.get("until"), today)
                and codes.level_of(post["region"]) == codes.VILLAGE
            ):
                self.active_posts.append((post["region"], number, post["category"], row))
            if db is None:
                plan.posts_new.append(op)
                plan.add("posts", NEW, row.number, label)
            elif (db["category"], db["since"], db["until"]) != (
                post["category"],
                post["since"] or db["since"],
                post["until"],
            ):
                plan.posts_changed.append(
                    {**op, "pk": db["pk"], "since": post["since"] or db["since"]}
                )
                kind = ENDED if post["until"] and not db["until"] else CHANGED
                plan.add("posts", kind, row.number, label, _post_dates(post))
            else:
                plan.add("posts", UNCHANGED, row.number, label)
        # 换届: a unit listed in the sheet is listed whole; its other open posts end today.
        listed_units = {post["unit"] for _r, _n, post in posts if post["unit"]}
        self.sheet_post_keys = set(listed)
        for key, db in existing.items():
            if key in listed or not _active(db["until"], today):
                continue
            unit = key[1]
            person_listed = db["person_id"] in self.by_pk and unit is None
            if (unit is not None and unit in listed_units) or person_listed:
                plan.posts_changed.append({"pk": db["pk"], "until": today, "end_only": True})
                label = f"{db['person__name']} {db['title']}"
                plan.add("posts", ENDED, 0, label, _("not in the new roster: ends today"))
                self.ended.add(db["pk"])

    # --- relations --------------------------------------------------------------------------

    def plan_relations(self) -> None:
        plan = self.plan
        rows = []
        outside: dict[str, str] = {}
        for row in self.rows["relations"]:
            a = self.id_number(row, "id_number")
            b = self.id_number(row, "relative_id_number")
            kind = RELATION_KINDS.get(row.get("kind").replace(" ", ""))
            if kind is None and row.get("kind"):
                self.error(
                    row,
                    "kind",
                    _("“%(value)s” is not a relation; use one of: %(values)s.")
                    % {
                        "value": row.get("kind"),
                        "values": RELATION_NAMES,
                    },
                )
            elif kind is None:
                self.error(row, "kind", _("the relation is empty."))
            if a is None or b is None or kind is None:
                continue
            if a == b:
                self.error(row, "relative_id_number", _("a person cannot be their own relative."))
                continue
            for n in (a, b):
                if n not in self.people:
                    outside[pii.blind_index(pii.ID_NUMBER, n)] = n
            rows.append((row, a, b, kind))
        found = {}
        for part in chunks(list(outside)):
            for pk, idx, name in Person.objects.filter(id_number_index__in=part).values_list(
                "pk", "id_number_index", "name"
            ):
                found[outside[idx]] = {"pk": pk, "name": name}
        pks = {p["pk"] for p in self.people.values() if p["pk"]} | {p["pk"] for p in found.values()}
        existing = set()
        for part in chunks(sorted(pks)):
            existing |= set(
                Relation.objects.filter(person_id__in=part).values_list(
                    "person_id", "relative_id", "kind"
                )
            )
        seen = set()
        self.relations = []
        for row, a, b, kind in rows:
            missing = next((n for n in (a, b) if n not in self.people and n not in found), None)
            if missing:
                col = "id_number" if missing == a else "relative_id_number"
                self.error(
                    row,
                    col,
                    _(
                        "this person is neither in the sheet “人员” nor in the system: add a row for them there (no post needed)."  # noqa: E501
                    ),
                )
                continue
            pa, pb = (self.people.get(n) or found[n] for n in (a, b))
            label = f"{pa['name']} → {pb['name']}"
            key = (a, b, kind)
            dup = key in seen or (kind in SYMMETRIC and (b, a, kind) in seen)
            seen.add(key)
            in_db = (
                pa["pk"]
                and pb["pk"]
                and (
                    (pa["pk"], pb["pk"], kind) in existing
                    or (kind in SYMMETRIC and (pb["pk"], pa["pk"], kind) in existing)
                )
            )
            self.relations.append((a, b, kind, row))
            if dup or in_db:
                plan.add("relations", UNCHANGED, row.number, label)
                continue
            plan.relations_new.append(
                {"person": a, "relative": b, "kind": kind, "pks": (pa["pk"], pb["pk"])}
            )
            plan.add("relations", NEW, row.number, label, row.get("kind"))
        self.outside_people = found

    # --- 村务监督委员会 (村民委员会组织法 art. 32) -------------------------------------------

    def check_supervisors(self) -> None:
        villages = {v for v, _n, _c, _r in self.active_posts}
        if not villages:
            return
        today = self.plan.today
        posts = list(self.active_posts)  # (village, person key, category, row or None)
        pk_key = dict(self.by_pk)
        for part in chunks(sorted(villages)):
            for row in (
                Position.objects.filter(region__code__in=part, category__in=VILLAGE_CATEGORIES)
                .filter(Q(until__isnull=True) | Q(until__gt=today))
                .values(
                    "pk",
                    "person_id",
                    "region__code",
                    "category",
                    "title",
                    "org_unit__region__code",
                    "org_unit__name",
                )
            ):
                if row["pk"] in self.ended:
                    continue
                unit = (row["org_unit__region__code"], row["org_unit__name"])
                key = (row["person_id"], unit if row["org_unit__name"] else None)
                if (*key, row["region__code"], row["title"]) in self.sheet_post_keys:
                    continue  # the sheet's own row for this post is already counted
                person = pk_key.get(row["person_id"], f"pk:{row['person_id']}")
                posts.append((row["region__code"], person, row["category"], None))
        links: dict[tuple[str, str], object] = {}
        keys_by_pk = {}
        people_pks = set()
        for _v, person, _c, _r in posts:
            pk = self.people[person]["pk"] if person in self.people else int(person[3:])
            if pk:
                keys_by_pk[pk] = person
                people_pks.add(pk)
        for part in chunks(sorted(people_pks)):
            for a, b in Relation.objects.filter(
                person_id__in=part, relative_id__in=people_pks, kind__in=CLOSE
            ).values_list("person_id", "relative_id"):
                links[(keys_by_pk[a], keys_by_pk[b])] = None
        for a, b, kind, row in self.relations:
            if kind in CLOSE:
                links[(a, b)] = row
        by_village: dict[str, dict[str, list]] = {}
        for village, person, category, row in posts:
            by_village.setdefault(village, {"village_cadre": [], "village_supervisor": []})[
                category
            ].append((person, row))
        for groups in by_village.values():
            cadres = {p: r for p, r in groups["village_cadre"]}
            for person, row in groups["village_supervisor"]:
                if person in cadres and (row or cadres[person]):
                    self.error(
                        row or cadres[person],
                        "title",
                        _(
                            "a member of the village affairs supervision committee may not sit on the village committee (村民委员会组织法 art. 32)."  # noqa: E501
                        ),
                    )
                    continue
                for cadre, cadre_row in cadres.items():
                    link = links.get((person, cadre), links.get((cadre, person), False))
                    if link is False:
                        continue
                    blame = row or link or cadre_row
                    if blame:
                        self.error(
                            blame,
                            "title" if blame in (row, cadre_row) else "kind",
                            _(
                                "a member of the village affairs supervision committee may not be a close relative of a village committee member (村民委员会组织法 art. 32)."  # noqa: E501
                            ),
                        )

    # --- users ------------------------------------------------------------------------------

    def plan_users(self) -> None:
        plan, base = self.plan, self.base
        rows = self.rows["users"]
        names = [r.get("username") for r in rows]
        existing = {
            u["username"]: u
            for u in User.objects.filter(username__in=names).values(
                "pk",
                "username",
                "role",
                "display_name",
                "org_unit__name",
                "org_unit__region__code",
                "person_id",
            )
        }
        scopes: dict[int, set] = {}
        pks = [u["pk"] for u in existing.values()]
        through_r, through_z = User.scope_regions.through, User.scope_zones.through
        for uid, code in through_r.objects.filter(user_id__in=pks).values_list(
            "user_id", "region__code"
        ):
            scopes.setdefault(uid, set()).add(("region", code))
        for uid, county, name in through_z.objects.filter(user_id__in=pks).values_list(
            "user_id", "zone__county__code", "zone__name"
        ):
            scopes.setdefault(uid, set()).add(("zone", (county[:6], name)))
        seen = {}
        for row in rows:
            username = row.get("username")
            try:
                _USERNAME(username)
                if not username or len(username) > 150:
                    raise ValidationError("")
            except ValidationError:
                self.error(
                    row,
                    "username",
                    _("a username is letters, digits and @ . + - _ only (at most 150)."),
                )
                continue
            if username in seen:
                self.error(
                    row,
                    "username",
                    _("this username is already on row %(row)d.") % {"row": seen[username]},
                )
                continue
            seen[username] = row.number
            role = ROLES.get(row.get("role").replace(" ", ""))
            if role is None:
                self.error(
                    row,
                    "role",
                    _("“%(value)s” is not a role; use one of: %(values)s.")
                    % {
                        "value": row.get("role"),
                        "values": ROLE_NAMES,
                    },
                )
                continue
            scope = set()
            county = None
            for token in split_list(row.get("scope")):
                zone_key = next(
                    ((c, token) for c in base.counties if (c, token) in base.zones), None
                )
                if zone_key is not None:
                    scope.add(("zone", zone_key))
                    county = zone_key[0]
                    continue
                code = base.resolve_region(row, "scope", token)
                if code is None:
                    scope = None
                    break
                scope.add(("region", code))
                county = code[:6]
            if scope is None:
                continue
            if not scope:
                self.error(row, "scope", _("give at least one region or zone."))
                continue
            unit = None
            if row.get("unit"):
                unit = base.resolve_unit(row, "unit", row.get("unit"), county)
                if unit is None:
                    continue
            person = None
            if row.get("id_number"):
                number = self.id_number(row, "id_number")
                if number is None:
                    continue
                if number not in self.people and number not in getattr(self, "outside_people", {}):
                    match = (
                        Person.objects.filter(
                            id_number_index=pii.blind_index(pii.ID_NUMBER, number)
                        )
                        .values_list("pk", flat=True)
                        .first()
                    )
                    if match is None:
                        self.error(
                            row,
                            "id_number",
                            _("this person is neither in the sheet “人员” nor in the system."),
                        )
                        continue
                    self.outside_people[number] = {"pk": match, "name": ""}
                person = number
            phone = row.get("phone")
            if phone:
                try:
                    phone = pii.validate_phone(phone)
                except ValidationError as exc:
                    self.error(row, "phone", exc.messages[0])
                    continue
            elif person in self.people:
                phone = self.people[person]["phone"]
            display = row.get("display_name")[:64]
            op = {
                "username": username,
                "role": role,
                "display_name": display,
                "unit": unit,
                "scope": scope,
                "person": person,
                "phone": phone,
            }
            label = f"{username} {display}".strip()
            db = existing.get(username)
            if db is None:
                plan.users_new.append(op)
                plan.add("users", NEW, row.number, label)
                continue
            if self.base.actor is not None and not all(
                base.in_scope(c) for c in [db["org_unit__region__code"] or ""] if c
            ):
                self.error(
                    row, "username", _("this username belongs to someone outside your scope.")
                )
                continue
            db_unit = (
                (db["org_unit__region__code"], db["org_unit__name"])
                if db["org_unit__name"]
                else None
            )
            diffs = []
            if db["role"] != role:
                diffs.append(_("role"))
            if display and db["display_name"] != display:
                diffs.append(_("name"))
            if unit and db_unit != unit:
                diffs.append(_("unit"))
            if scopes.get(db["pk"], set()) != scope:
                diffs.append(_("scope"))
            if diffs:
                plan.users_changed.append({**op, "pk": db["pk"]})
                plan.add("users", CHANGED, row.number, label, "、".join(diffs))
            else:
                plan.add("users", UNCHANGED, row.number, label)

    def run(self) -> None:
        posts = self.plan_people()
        self.ended = set()
        self.sheet_post_keys = set()
        self.active_posts = []
        self.outside_people = {}
        self.plan_posts(posts)
        self.plan_relations()
        self.check_supervisors()
        self.plan_users()


def _active(until, today) -> bool:
    return until is None or until > today


def _post_dates(post: dict) -> str:
    since = post["since"].isoformat() if post["since"] else "…"
    until = post["until"].isoformat() if post["until"] else "…"
    return f"{since} — {until}"


def _person_fields(p: dict) -> dict:
    return {k: p[k] for k in ("name", "region", "phone", "household_no", "relation_to_head")}
