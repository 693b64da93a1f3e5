"""Writes for regions, people, relations and users. Each writes its audit entry in the
same transaction (STYLE.md: one place for every write)."""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qingfeng.audit.services import audit_record
from qingfeng.core import pii
from qingfeng.orgs.models import Monitor, OrgUnit, Person, Region, Relation, RiskTag, User, Zone
from qingfeng.orgs.roles import COUNTY_EDITORS, COUNTY_ROLES, USER_ADMINS, Role
from qingfeng.orgs.scope import code_in_scope


def _require(user: User, roles: frozenset[str], code: str) -> None:
    if user.role not in roles or not code_in_scope(user, code):
        raise PermissionDenied(_("Your role may not make this change."))


def region_create(*, actor, code: str, name: str, parent: Region | None = None) -> Region:
    region = Region(code=code, name=name, parent=parent)
    region.full_clean()
    with transaction.atomic():
        region.save()
        audit_record(
            actor=actor,
            action="region.create",
            target=region,
            region_code=code,
            data={"name": name},
        )
    return region


def region_set_supervision(
    *, actor: User, region: Region, elevated: bool, reason: str, risk_tags: list[RiskTag]
) -> Region:
    """提级监督 and risk tags are the county's decision."""
    _require(actor, COUNTY_EDITORS, region.code)
    if elevated and not reason.strip():
        raise ValidationError({"elevated_reason": _("Give the reason for elevated supervision.")})
    with transaction.atomic():
        before = {
            "elevated": region.elevated_supervision,
            "tags": sorted(region.risk_tags.values_list("slug", flat=True)),
        }
        region.elevated_supervision = elevated
        region.elevated_reason = reason.strip() if elevated else ""
        region.save(update_fields=["elevated_supervision", "elevated_reason"])
        region.risk_tags.set(risk_tags)
        after = {"elevated": elevated, "tags": sorted(t.slug for t in risk_tags)}
        audit_record(
            actor=actor,
            action="region.supervision",
            target=region,
            region_code=region.code,
            data={"before": before, "after": after, "reason": region.elevated_reason},
        )
    return region


def person_create(
    *,
    actor,
    name: str,
    region: Region,
    id_number: str = "",
    phone: str = "",
    household_no: str = "",
    relation_to_head: str = "",
) -> Person:
    person = Person(
        name=name.strip(),
        region=region,
        id_number=id_number or None,
        phone=phone or None,
        household_no=household_no,
        relation_to_head=relation_to_head,
    )
    person.full_clean(exclude=["name_normalized", "name_pinyin"])
    with transaction.atomic():
        person.save()
        audit_record(
            actor=actor,
            action="person.create",
            target=person,
            region_code=region.code,
            data={"name": pii.mask_name(person.name)},
        )
    return person


def relation_add(*, actor, person: Person, relative: Person, kind: str) -> Relation:
    if person.pk == relative.pk:
        raise ValidationError(_("A person cannot be their own relative."))
    relation = Relation(person=person, relative=relative, kind=kind)
    relation.full_clean()
    with transaction.atomic():
        relation.save()
        audit_record(
            actor=actor,
            action="relation.add",
            target=relation,
            region_code=person.region.code,
            data={"kind": kind, "relative": relative.pk},
        )
    return relation


def person_reveal(*, actor: User, person: Person, field: str, reason: str) -> str:
    """The full ID or phone number, for a user in scope, written to the audit log."""
    if field not in ("id_number", "phone"):
        raise ValueError(field)
    if not code_in_scope(actor, person.region.code):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Say why you need the full number.")})
    value = getattr(person, field)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=f"person.reveal_{field}",
            target=person,
            region_code=person.region.code,
            data={"reason": reason.strip()[:200]},
        )
    return value.reveal() if value else ""


def _check_assignable(
    actor, org_unit: OrgUnit | None, scope_regions: list[Region], scope_zones: list[Zone]
) -> None:
    """A user administrator may only hand out what is inside their own scope (netbox's rule:
    a write that leaves the actor's scope is refused)."""
    if actor is None:  # the system itself (seeding, management commands)
        return
    if actor.role not in USER_ADMINS:
        raise PermissionDenied(_("Your role may not manage users."))
    codes = [r.code for r in scope_regions] + [z.county.code for z in scope_zones]
    if org_unit is not None:
        codes.append(org_unit.region.code)
    outside = [c for c in codes if not code_in_scope(actor, c)]
    if outside:
        raise PermissionDenied(_("Region %(code)s is outside your scope.") % {"code": outside[0]})


def _scope_data(role, org_unit, scope_regions, scope_zones, is_active=True) -> dict:
    return {
        "role": role,
        "unit": org_unit.pk if org_unit else None,
        "regions": sorted(r.code for r in scope_regions),
        "zones": sorted(z.pk for z in scope_zones),
        "active": is_active,
        "totp_required": role in COUNTY_ROLES,
    }


def user_create(
    *,
    actor,
    username: str,
    role: str,
    password: str = "",
    display_name: str = "",
    org_unit: OrgUnit | None = None,
    scope_regions: list[Region] = (),
    scope_zones: list[Zone] = (),
    person: Person | None = None,
) -> tuple[User, str]:
    """Returns the user and their first password (generated when none is given; shown once)."""
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if not scope_regions and not scope_zones:
        raise ValidationError({"scope_regions": _("Give the user at least one region or zone.")})
    _check_assignable(actor, org_unit, list(scope_regions), list(scope_zones))
    password = password or secrets.token_urlsafe(9)
    user = User(
        username=username.strip(),
        role=role,
        display_name=display_name,
        org_unit=org_unit,
        person=person,
        is_staff=False,
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    with transaction.atomic():
        user.save()
        user.scope_regions.set(scope_regions)
        user.scope_zones.set(scope_zones)
        audit_record(
            actor=actor,
            action="user.create",
            target=user,
            region_code=org_unit.region.code if org_unit else "",
            data=_scope_data(role, org_unit, scope_regions, scope_zones),
        )
    return user, password


def user_update(
    *,
    actor,
    user: User,
    role: str,
    display_name: str,
    org_unit: OrgUnit | None,
    scope_regions: list[Region],
    scope_zones: list[Zone],
    is_active: bool,
) -> User:
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if not scope_regions and not scope_zones:
        raise ValidationError({"scope_regions": _("Give the user at least one region or zone.")})
    if actor is not None and actor.pk == user.pk and (not is_active or role != user.role):
        raise ValidationError(_("You cannot change your own role or deactivate yourself."))
    _check_assignable(actor, org_unit, list(scope_regions), list(scope_zones))
    with transaction.atomic():
        before = _scope_data(
            user.role,
            user.org_unit,
            list(user.scope_regions.all()),
            list(user.scope_zones.all()),
            user.is_active,
        )
        user.role, user.display_name, user.org_unit = role, display_name, org_unit
        user.is_active = is_active
        user.full_clean(exclude=["password"])
        user.save()
        user.scope_regions.set(scope_regions)
        user.scope_zones.set(scope_zones)
        after = _scope_data(role, org_unit, scope_regions, scope_zones, is_active)
        audit_record(
            actor=actor,
            action="user.update",
            target=user,
            region_code=org_unit.region.code if org_unit else "",
            data={"before": before, "after": after},
        )
    return user


def user_password_changed(*, user: User) -> None:
    """After the user set a password of their own: the one-time password is spent."""
    with transaction.atomic():
        if user.must_change_password:
            user.must_change_password = False
            user.save(update_fields=["must_change_password"])
        audit_record(actor=user, action="user.change_password", target=user)


def _refuse_self(actor, user: User) -> None:
    if actor is not None and actor.pk == user.pk:
        raise PermissionDenied(_("Use “Change password” for your own account."))


def user_reset_password(*, actor, user: User) -> str:
    """A new random password, shown once to the administrator; the lockout is lifted."""
    _refuse_self(actor, user)
    _check_assignable(actor, user.org_unit, [], [])
    password = secrets.token_urlsafe(9)
    with transaction.atomic():
        user.set_password(password)
        user.must_change_password = True
        user.save(update_fields=["password", "must_change_password"])
        audit_record(actor=actor, action="user.reset_password", target=user)
    from axes.utils import reset as axes_reset

    axes_reset(username=user.username)
    return password


def user_reset_totp(*, actor, user: User) -> None:
    """For a lost phone: the user enrols again at the next sign-in."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    _refuse_self(actor, user)
    _check_assignable(actor, user.org_unit, [], [])
    with transaction.atomic():
        removed, _detail = TOTPDevice.objects.filter(user=user).delete()
        audit_record(actor=actor, action="user.reset_totp", target=user, data={"removed": removed})


DEMO_COUNTY_CODE = "330199000000"


def demo_county_exists() -> bool:
    return Region.objects.filter(code=DEMO_COUNTY_CODE).exists()


def demo_county_build(*, seed: int, password: str):
    """Regions, units, people and users of 示范县 (the caller holds the transaction)."""
    from qingfeng.orgs import demo

    return demo.build(seed, password)


def demo_county_clear() -> None:
    _delete_county(DEMO_COUNTY_CODE)


def _delete_county(code: str) -> None:
    prefix = code[:6]
    User.objects.filter(scope_regions__code__startswith=prefix).delete()
    User.objects.filter(scope_zones__county__code=code).delete()
    # By the region ids, not a join inside the DELETE: on PostgreSQL, with statistics that do
    # not yet know the tables were filled (just seeded, or in a test's transaction), a joined
    # `DELETE ... WHERE id IN (SELECT ... JOIN ...)` became nested loops over every row pair.
    regions = list(Region.objects.filter(code__startswith=prefix).values_list("pk", flat=True))
    people = list(Person.objects.filter(region_id__in=regions).values_list("pk", flat=True))
    Relation.objects.filter(person_id__in=people).delete()
    Monitor.objects.filter(village_id__in=regions).delete()
    Person.objects.filter(pk__in=people).delete()
    Zone.objects.filter(county__code=code).delete()
    OrgUnit.objects.filter(region__code__startswith=prefix, parent__isnull=False).delete()
    OrgUnit.objects.filter(region__code__startswith=prefix).delete()
    for level in ("village", "township", "county"):
        Region.objects.filter(code__startswith=prefix, level=level).delete()


# A real county on day one (issue 19): orgs/setup.py, re-exported here for other apps.
from qingfeng.orgs.setup import CountyStart as CountyStart  # noqa: E402
from qingfeng.orgs.setup import ImportResult as ImportResult  # noqa: E402
from qingfeng.orgs.setup import county_init as county_init  # noqa: E402
from qingfeng.orgs.setup import credentials_download as credentials_download  # noqa: E402
from qingfeng.orgs.setup import credentials_keep as credentials_keep  # noqa: E402
from qingfeng.orgs.setup import credentials_send_sms as credentials_send_sms  # noqa: E402
from qingfeng.orgs.setup import credentials_take as credentials_take  # noqa: E402
from qingfeng.orgs.setup import orgs_import as orgs_import  # noqa: E402
from qingfeng.orgs.setup import orgs_template as orgs_template  # noqa: E402
from qingfeng.orgs.setup import pending_drop as pending_drop  # noqa: E402
from qingfeng.orgs.setup import pending_path as pending_path  # noqa: E402
from qingfeng.orgs.setup import pending_save as pending_save  # noqa: E402
from qingfeng.orgs.workbook.reader import WorkbookError as WorkbookError  # noqa: E402
