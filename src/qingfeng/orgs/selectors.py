"""Reads for regions, people and relations. Back-office reads take the user and scope."""

from __future__ import annotations

from django.db.models import F, Q, QuerySet

from qingfeng.core import pii
from qingfeng.orgs.models import (
    OrgUnit,
    Person,
    Position,
    Region,
    RegionCodeAlias,
    Relation,
    RiskTag,
    User,
    Zone,
)
from qingfeng.orgs.scope import in_scope

# 近亲属 for recusal (监察法 释义) and the wider circle screening uses (DOMAIN.md).
CLOSE_KINDS = frozenset(
    {Relation.Kind.SPOUSE, Relation.Kind.PARENT, Relation.Kind.CHILD, Relation.Kind.SIBLING}
)
WIDE_KINDS = frozenset(Relation.Kind.values)


# --- public (portal) reads: no personal data -----------------------------------------------


def region_by_code(code: str) -> Region | None:
    """A region by its current code, or by an old code that was retired."""
    region = Region.objects.filter(code=code).first()
    if region is None:
        alias = RegionCodeAlias.objects.select_related("region").filter(old_code=code).first()
        region = alias.region if alias else None
    return region


def public_townships() -> QuerySet[Region]:
    return Region.objects.filter(level=Region.Level.TOWNSHIP).select_related("parent")


def public_villages(township: Region) -> QuerySet[Region]:
    return Region.objects.filter(parent=township, level=Region.Level.VILLAGE)


def public_village_posts(village: Region) -> QuerySet[Position]:
    """Village cadres and supervisors whose posts are published on the notice board."""
    return (
        Position.objects.filter(
            region=village,
            until__isnull=True,
            category__in=[Position.Category.VILLAGE_CADRE, Position.Category.VILLAGE_SUPERVISOR],
        )
        .select_related("person")
        .order_by("category", "pk")
    )


def public_units_for(village: Region) -> QuerySet[OrgUnit]:
    """Where a resident of this village can turn: the township commission and the county's."""
    codes = [village.code[:9] + "000", village.code[:6] + "000000"]
    return OrgUnit.objects.filter(
        region__code__in=codes,
        kind__in=[OrgUnit.Kind.TOWNSHIP_COMMISSION, OrgUnit.Kind.COUNTY_COMMISSION],
    ).select_related("region")


# --- back office: always scoped ------------------------------------------------------------


def regions_for(user) -> QuerySet[Region]:
    return in_scope(Region.objects.all(), user)


def people_for(user) -> QuerySet[Person]:
    return in_scope(Person.objects.select_related("region"), user)


def person_search(user, query: str) -> QuerySet[Person]:
    """By ID number (exact, through the blind index), phone, or name / pinyin (contains)."""
    people = people_for(user)
    query = (query or "").strip()
    if not query:
        return people
    normalized = pii.normalize_id_number(query)
    if len(normalized) == 18 and normalized[:17].isdigit():
        return people.filter(id_number_index=pii.blind_index(pii.ID_NUMBER, normalized))
    phone = pii.normalize_phone(query)
    if phone.isdigit() and len(phone) == 11:
        return people.filter(phone_index=pii.blind_index(pii.PHONE, phone))
    return people.filter(Q(name__contains=query) | Q(name_pinyin__contains=query.lower()))


def zones_for(user) -> QuerySet[Zone]:
    """Zones with at least one township in the user's scope."""
    townships = regions_for(user).filter(level=Region.Level.TOWNSHIP)
    return Zone.objects.filter(townships__in=townships).distinct().prefetch_related("townships")


def units_for(user, include_village_units: bool = True) -> QuerySet[OrgUnit]:
    units = in_scope(OrgUnit.objects.select_related("region"), user)
    if not include_village_units:
        units = units.exclude(
            kind__in=[OrgUnit.Kind.VILLAGE_SUPERVISION, OrgUnit.Kind.VILLAGE_COMMITTEE]
        )
    return units


def risk_tags() -> QuerySet[RiskTag]:
    return RiskTag.objects.all()


def users_for(user) -> QuerySet[User]:
    return in_scope(User.objects.select_related("org_unit", "org_unit__region"), user)


def relations_of(person: Person, kinds: frozenset[str] = WIDE_KINDS) -> list[tuple[Person, str]]:
    """Both directions of stored links, plus people in the same household register."""
    found: dict[int, tuple[Person, str]] = {}
    outgoing = Relation.objects.filter(person=person, kind__in=kinds).select_related("relative")
    for rel in outgoing:
        found[rel.relative_id] = (rel.relative, rel.kind)
    incoming = Relation.objects.filter(relative=person, kind__in=kinds).select_related("person")
    for rel in incoming:
        found.setdefault(rel.person_id, (rel.person, INVERSE.get(rel.kind, rel.kind)))
    if Relation.Kind.HOUSEHOLD in kinds and person.household_no:
        same_household = Person.objects.filter(
            household_no=person.household_no, region=person.region
        ).exclude(pk=person.pk)
        for other in same_household:
            found.setdefault(other.pk, (other, Relation.Kind.HOUSEHOLD))
    return list(found.values())


def related_person_ids(person: Person, kinds: frozenset[str] = WIDE_KINDS) -> set[int]:
    return {other.pk for other, _kind in relations_of(person, kinds)}


def are_related(a: Person, b: Person, kinds: frozenset[str] = CLOSE_KINDS) -> bool:
    return b.pk in related_person_ids(a, kinds)


INVERSE = {
    Relation.Kind.PARENT: Relation.Kind.CHILD,
    Relation.Kind.CHILD: Relation.Kind.PARENT,
    Relation.Kind.GRANDPARENT: Relation.Kind.GRANDCHILD,
    Relation.Kind.GRANDCHILD: Relation.Kind.GRANDPARENT,
    Relation.Kind.PARENT_IN_LAW: Relation.Kind.CHILD_IN_LAW,
    Relation.Kind.CHILD_IN_LAW: Relation.Kind.PARENT_IN_LAW,
}


# --- routing and notifications (ledger): unscoped, no personal data --------------------------


def units_at(code: str, kinds: list[str]) -> QuerySet[OrgUnit]:
    """Organisation units of the given kinds sitting exactly at region `code`."""
    return OrgUnit.objects.filter(region__code=code, kind__in=kinds).order_by("pk")


def unit_members(unit: OrgUnit | None) -> QuerySet[User]:
    """Active users working in `unit` (whom a notification for the unit reaches)."""
    if unit is None:
        return User.objects.none()
    return User.objects.filter(org_unit=unit, is_active=True).select_related("person")


# --- powers and disclosure: demo builders and unscoped internal reads ------------------------


def villages_under(code: str) -> QuerySet[Region]:
    """Villages inside region `code` (a county or township), unscoped: for demo builders."""
    from qingfeng.orgs.regions import prefix_of

    return Region.objects.filter(code__startswith=prefix_of(code), level=Region.Level.VILLAGE)


def village_residents(village: Region) -> QuerySet[Person]:
    """People registered in a village, unscoped and personal: for demo builders only."""
    return Person.objects.filter(region=village).order_by("pk")


# --- screening: demo builder (unscoped, personal: never for views) ----------------------------


def posts_under(code: str, categories: list[str]) -> QuerySet[Position]:
    """Current posts of the given categories inside region `code`, with their people."""
    from qingfeng.orgs.regions import prefix_of

    return (
        Position.objects.filter(
            region__code__startswith=prefix_of(code), category__in=categories, until__isnull=True
        )
        .select_related("person", "person__region", "region")
        .order_by("pk")
    )


def relations_from(people: list[Person]) -> QuerySet[Relation]:
    return Relation.objects.filter(person__in=people).select_related("person", "relative")


def user_named(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def zones_holding(township_code: str) -> QuerySet[Zone]:
    """Zones a township belongs to (names and lead units only: no personal data)."""
    return Zone.objects.filter(townships__code=township_code).select_related("lead_unit")


def counties() -> QuerySet[Region]:
    """Every county on the platform (for scheduled county-wide work, such as monthly reports)."""
    return Region.objects.filter(level=Region.Level.COUNTY).order_by("code")


def posts_of(person: Person) -> QuerySet[Position]:
    """Every post the person holds or held, newest first (the 廉政档案's first section)."""
    return (
        Position.objects.filter(person=person)
        .select_related("region", "org_unit")
        .order_by(F("until").desc(nulls_first=True), "-since", "-pk")
    )


def relation_kind_labels() -> dict[str, str]:
    return dict(Relation.Kind.choices)


def region_ids_under(prefixes) -> QuerySet[Region]:
    """Ids of the regions under any of the code `prefixes` (unscoped: callers scope their own
    rows); a small subquery that other apps' statistics narrow by, instead of joining."""
    q = Q()
    for prefix in prefixes:
        q |= Q(code__startswith=prefix)
    return Region.objects.filter(q).values("pk") if prefixes else Region.objects.none()


def region_codes(ids) -> dict[int, str]:
    return dict(Region.objects.filter(pk__in=ids).values_list("pk", "code"))
