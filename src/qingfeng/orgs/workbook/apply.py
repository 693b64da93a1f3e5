"""The writes of a checked Plan, in bulk, with history rows (django-simple-history). The caller
holds the transaction and writes the audit entry; nothing here is ever deleted."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone
from pypinyin import lazy_pinyin
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from qingfeng.core import pii
from qingfeng.orgs import regions as codes
from qingfeng.orgs.models import (
    OrgUnit,
    Person,
    Position,
    Region,
    Relation,
    User,
    Zone,
    normalize_name,
)
from qingfeng.orgs.workbook.plan import Plan, chunks

BATCH = 1000
PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/l/I  # noqa: S105


def one_time_password() -> str:
    """14 characters from 56: about 81 bits, so a fast hash is safe (see orgs/hashers.py)."""
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(14))


@dataclass
class Credential:
    username: str
    display_name: str
    role: str
    unit: str
    password: str
    phone: str = ""


@dataclass
class Applied:
    counts: dict[str, int] = field(default_factory=dict)
    credentials: list[Credential] = field(default_factory=list)
    new_villages: list[Region] = field(default_factory=list)


class Writer:
    def __init__(self, plan: Plan):
        self.plan = plan
        self.region_pk: dict[str, int] = {}
        self.unit_pk: dict[tuple[str, str], int] = {}
        self.person_pk: dict[str, int] = {}

    def regions(self, applied: Applied) -> None:
        wanted = {r["code"] for r in self.plan.regions_new}
        wanted |= {codes.parent_code(c) for c in wanted if codes.parent_code(c)}
        for part in chunks(sorted(wanted)):
            self.region_pk.update(Region.objects.filter(code__in=part).values_list("code", "pk"))
        for level in codes.LEVELS:
            rows = [
                Region(
                    code=r["code"],
                    name=r["name"],
                    level=level,
                    parent_id=self.region_pk.get(codes.parent_code(r["code"]) or ""),
                )
                for r in self.plan.regions_new
                if r["level"] == level
            ]
            created = bulk_create_with_history(rows, Region, batch_size=BATCH)
            if created and created[0].pk is None:  # backends that return no keys
                created = list(Region.objects.filter(code__in=[r.code for r in rows]))
            self.region_pk.update({r.code: r.pk for r in created})
            if level == codes.VILLAGE:
                applied.new_villages = list(created)
        renamed = []
        for pk, name in self.plan.regions_renamed:
            renamed.append(Region(pk=pk, name=name))
        if renamed:
            objs = list(Region.objects.filter(pk__in=[r.pk for r in renamed]))
            names = dict(self.plan.regions_renamed)
            for region in objs:
                region.name = names[region.pk]
            bulk_update_with_history(objs, Region, ["name"], batch_size=BATCH)

    def _region(self, code: str) -> int:
        if code not in self.region_pk:
            self.region_pk[code] = Region.objects.values_list("pk", flat=True).get(code=code)
        return self.region_pk[code]

    def _unit(self, key: tuple[str, str] | None) -> int | None:
        if key is None:
            return None
        if key not in self.unit_pk:
            self.unit_pk[key] = OrgUnit.objects.values_list("pk", flat=True).get(
                region__code=key[0], name=key[1]
            )
        return self.unit_pk[key]

    def units(self) -> None:
        new = [
            OrgUnit(
                name=u["name"],
                kind=u["kind"],
                region_id=self._region(u["region"]),
                public_phone=u["phone"],
            )
            for u in self.plan.units_new
        ]
        for unit, op in zip(
            bulk_create_with_history(new, OrgUnit), self.plan.units_new, strict=True
        ):
            self.unit_pk[(op["region"], op["name"])] = unit.pk
        touched = []
        for op in self.plan.units_new + self.plan.units_changed:
            if "pk" not in op and not op["parent"]:
                continue  # a new unit without a parent is complete
            unit = OrgUnit.objects.get(pk=self._unit((op["region"], op["name"])))
            unit.kind = op["kind"]
            if op["parent"]:
                unit.parent_id = self._unit(op["parent"])
            if op["phone"]:
                unit.public_phone = op["phone"]
            touched.append(unit)
        if touched:
            bulk_update_with_history(touched, OrgUnit, ["kind", "parent", "public_phone"])

    def zones(self) -> None:
        for op in self.plan.zones:
            lead = self._unit(op["lead"])
            if op["pk"] is None:
                zone = Zone.objects.create(
                    county_id=self._region(op["county"]), name=op["name"], lead_unit_id=lead
                )
            else:
                zone = Zone.objects.get(pk=op["pk"])
                if lead:
                    zone.lead_unit_id = lead
                    zone.save(update_fields=["lead_unit"])
            zone.townships.set([self._region(c) for c in op["townships"]])

    def _fill(self, person: Person, op: dict) -> Person:
        person.name = op["name"]
        person.region_id = self._region(op["region"])
        person.id_number = op["id_number"]
        if op["phone"]:
            person.phone = op["phone"]
        for f in ("household_no", "relation_to_head"):
            if op[f]:
                setattr(person, f, op[f])
        person.fill_derived()
        person.id_number_index = pii.blind_index(pii.ID_NUMBER, person.id_number)
        if person.phone:
            person.phone_index = pii.blind_index(pii.PHONE, person.phone)
        return person

    def people(self) -> None:
        """New people through one executemany per table (Person and its history): at a
        county's 60k people the ORM's per-value work was most of the import's time."""
        rows = [self._person_row(op) for op in self.plan.people_new]
        raw_insert_with_history(Person, rows, key="id_number_index")
        index = {
            row["id_number_index"]: op["id_number"]
            for row, op in zip(rows, self.plan.people_new, strict=True)
        }
        for part in chunks(list(index)):
            for pk, idx in Person.objects.filter(id_number_index__in=part).values_list(
                "pk", "id_number_index"
            ):
                self.person_pk[index[idx]] = pk
        ops = {op["pk"]: op for op in self.plan.people_changed}
        changed = []
        for part in chunks(list(ops)):
            for person in Person.objects.filter(pk__in=part):
                changed.append(self._fill(person, ops[person.pk]))
                self.person_pk[ops[person.pk]["id_number"]] = person.pk
        fields = ["name", "name_normalized", "name_pinyin", "region", "phone", "phone_index"]
        fields += ["household_no", "relation_to_head"]
        if changed:
            bulk_update_with_history(changed, Person, fields, batch_size=BATCH)

    def _person_row(self, op: dict) -> dict:
        number = pii.SensitiveValue(pii.ID_NUMBER, op["id_number"])
        normalized = normalize_name(op["name"])
        phone = op["phone"]
        born = number.birth_date
        return {
            "name": op["name"],
            "name_normalized": normalized,
            "name_pinyin": " ".join(lazy_pinyin(normalized)),
            "id_number": pii.encrypt(op["id_number"]),
            "id_number_index": pii.blind_index(pii.ID_NUMBER, number),
            "phone": pii.encrypt(phone) if phone else "",
            "phone_index": pii.blind_index(pii.PHONE, phone) if phone else "",
            "gender": "" if number.is_male is None else ("M" if number.is_male else "F"),
            "birth_date": connection.ops.adapt_datefield_value(born) if born else None,
            "region_id": self._region(op["region"]),
            "household_no": op["household_no"],
            "relation_to_head": op["relation_to_head"],
        }

    def _person(self, number: str | None) -> int | None:
        if number is None:
            return None
        if number not in self.person_pk:
            self.person_pk[number] = Person.objects.values_list("pk", flat=True).get(
                id_number_index=pii.blind_index(pii.ID_NUMBER, number)
            )
        return self.person_pk[number]

    def posts(self) -> None:
        new = [
            Position(
                person_id=self._person(op["person"]),
                region_id=self._region(op["region"]),
                org_unit_id=self._unit(op["unit"]),
                title=op["title"],
                category=op["category"],
                since=op["since"],
                until=op["until"],
            )
            for op in self.plan.posts_new
        ]
        bulk_create_with_history(new, Position, batch_size=BATCH)
        ops = {op["pk"]: op for op in self.plan.posts_changed}
        changed = []
        for part in chunks(list(ops)):
            for post in Position.objects.filter(pk__in=part):
                op = ops[post.pk]
                post.until = op["until"]
                if not op.get("end_only"):
                    post.category, post.since = op["category"], op["since"]
                changed.append(post)
        if changed:
            bulk_update_with_history(changed, Position, ["until", "category", "since"], BATCH)

    def relations(self) -> None:
        rows = [
            Relation(
                person_id=self._person(op["person"]),
                relative_id=self._person(op["relative"]),
                kind=op["kind"],
            )
            for op in self.plan.relations_new
        ]
        bulk_create_with_history(rows, Relation, batch_size=BATCH)

    def users(self, applied: Applied) -> None:
        from qingfeng.orgs.hashers import ONE_TIME

        unit_names = {}
        new = []
        for op in self.plan.users_new:
            password = one_time_password()
            user = User(
                username=op["username"],
                role=op["role"],
                display_name=op["display_name"],
                org_unit_id=self._unit(op["unit"]),
                person_id=self._person(op["person"]),
                password=make_password(password, hasher=ONE_TIME),
                must_change_password=True,
            )
            new.append(user)
            unit_names[op["username"]] = op["unit"][1] if op["unit"] else ""
            applied.credentials.append(
                Credential(
                    op["username"],
                    op["display_name"],
                    op["role"],
                    unit_names[op["username"]],
                    password,
                    op["phone"] or "",
                )
            )
        created = bulk_create_with_history(new, User, batch_size=BATCH)
        if created and created[0].pk is None:
            created = list(User.objects.filter(username__in=[u.username for u in new]))
        by_name = {u.username: u for u in created}
        ops = {op["pk"]: op for op in self.plan.users_changed}
        changed = []
        for user in User.objects.filter(pk__in=list(ops)):
            op = ops[user.pk]
            user.role = op["role"]
            user.display_name = op["display_name"] or user.display_name
            if op["unit"]:
                user.org_unit_id = self._unit(op["unit"])
            if op["person"]:
                user.person_id = self._person(op["person"])
            changed.append(user)
            by_name[user.username] = user
        if changed:
            bulk_update_with_history(changed, User, ["role", "display_name", "org_unit", "person"])
        self._scopes(by_name, [*self.plan.users_new, *self.plan.users_changed])

    def _scopes(self, users: dict[str, User], ops: list[dict]) -> None:
        through_r, through_z = User.scope_regions.through, User.scope_zones.through
        ids = [users[op["username"]].pk for op in ops]
        through_r.objects.filter(user_id__in=ids).delete()
        through_z.objects.filter(user_id__in=ids).delete()
        zone_pk = {}
        regions, zones = [], []
        for op in ops:
            uid = users[op["username"]].pk
            for kind, value in sorted(op["scope"], key=str):
                if kind == "region":
                    regions.append(through_r(user_id=uid, region_id=self._region(value)))
                else:
                    if value not in zone_pk:
                        zone_pk[value] = Zone.objects.values_list("pk", flat=True).get(
                            county__code=value[0] + "000000", name=value[1]
                        )
                    zones.append(through_z(user_id=uid, zone_id=zone_pk[value]))
        through_r.objects.bulk_create(regions, batch_size=BATCH)
        through_z.objects.bulk_create(zones, batch_size=BATCH)


def raw_insert_with_history(model, rows: list[dict], *, key: str) -> None:
    """INSERT rows (column -> database-ready value) into the model's table and the same
    values into its django-simple-history table, each with one executemany."""
    if not rows:
        return
    _executemany(model._meta.db_table, rows)
    pks = {}
    for part in chunks([r[key] for r in rows]):
        pks.update(
            (k, pk) for pk, k in model.objects.filter(**{f"{key}__in": part}).values_list("pk", key)
        )
    history = model.history.model
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    columns = [f.attname for f in history._meta.concrete_fields if f.attname != "history_id"]
    extra = {"history_date": now, "history_change_reason": None, "history_type": "+"}
    extra["history_user_id"] = None
    history_rows = []
    for row in rows:
        values = {**row, "id": pks[row[key]], **extra}
        history_rows.append({c: values.get(c) for c in columns})
    _executemany(history._meta.db_table, history_rows)


def _executemany(table: str, rows: list[dict]) -> None:
    quote = connection.ops.quote_name
    columns = list(rows[0])
    # table and column names come from the models, never from input
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(table), ", ".join(quote(c) for c in columns), ", ".join(["%s"] * len(columns))
    )
    with connection.cursor() as cursor:
        for part in chunks(rows, 5000):
            cursor.executemany(sql, [tuple(r[c] for c in columns) for r in part])


def apply(plan: Plan) -> Applied:
    """Write the plan (the caller holds the transaction). Refuses a plan with errors."""
    if not plan.ok:
        raise ValueError("a plan with errors cannot be applied")
    applied = Applied()
    writer = Writer(plan)
    writer.regions(applied)
    writer.units()
    writer.zones()
    writer.people()
    writer.posts()
    writer.relations()
    writer.users(applied)
    applied.counts = {
        part: sum(1 for c in changes if c.kind != "unchanged")
        for part, changes in plan.changes.items()
    }
    return applied
