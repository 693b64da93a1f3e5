"""Shared fixtures: a small world in the healthchecks style.

One county (330101) with township A (two villages) and township B (one village), a zone
holding township A, and named users: a county official, two township officials of
different townships, a village supervisor, a department user and an administrator.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from qingfeng.orgs.models import OrgUnit, Person, Position, Region, User, Zone
from qingfeng.orgs.roles import COUNTY_ROLES, Role

COUNTY = "330101000000"
TOWNSHIP_A = "330101100000"
TOWNSHIP_B = "330101200000"
VILLAGE_A1 = "330101100201"
VILLAGE_A2 = "330101100202"
VILLAGE_B1 = "330101200201"

# Valid GB 11643 numbers (checked by tests/core/test_pii.py).
ID_A1 = "11010519491231002X"
ID_B1 = "330101198512310024"


@dataclass
class World:
    county: Region
    township_a: Region
    township_b: Region
    village_a1: Region
    village_a2: Region
    village_b1: Region
    zone_a: Zone
    commission: OrgUnit
    department: OrgUnit
    resident_a1: Person
    resident_b1: Person
    admin: User
    county_official: User
    township_a_official: User
    township_b_official: User
    village_supervisor: User
    department_user: User
    zone_official: User

    def users(self) -> dict[str, User]:
        return {
            "admin": self.admin,
            "county_official": self.county_official,
            "township_a_official": self.township_a_official,
            "township_b_official": self.township_b_official,
            "village_supervisor": self.village_supervisor,
            "department_user": self.department_user,
            "zone_official": self.zone_official,
        }


def make_user(username: str, role: str, unit: OrgUnit, regions=(), zones=()) -> User:
    user = User.objects.create_user(
        username=username,
        password="pw-" + username,
        role=role,
        org_unit=unit,
        display_name=username,
    )
    user.scope_regions.set(regions)
    user.scope_zones.set(zones)
    return user


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: rate-limit counts (reports sent, wrong 查询码) of
    earlier tests in the same worker process must not refuse this test's requests."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _audit_checkpoints(settings, tmp_path):
    """Each test its own checkpoint file: checkpoints name entries of that test's database."""
    settings.QINGFENG_AUDIT_CHECKPOINTS = tmp_path / "audit-checkpoints.txt"


@pytest.fixture
def world(db) -> World:
    county = Region.objects.create(code=COUNTY, name="测试县")
    ta = Region.objects.create(code=TOWNSHIP_A, name="甲镇", parent=county)
    tb = Region.objects.create(code=TOWNSHIP_B, name="乙乡", parent=county)
    a1 = Region.objects.create(code=VILLAGE_A1, name="东村", parent=ta)
    a2 = Region.objects.create(code=VILLAGE_A2, name="西村", parent=ta)
    b1 = Region.objects.create(code=VILLAGE_B1, name="南村", parent=tb)
    zone = Zone.objects.create(county=county, name="一片区")
    zone.townships.set([ta])
    commission = OrgUnit.objects.create(
        name="测试县纪委监委", kind=OrgUnit.Kind.COUNTY_COMMISSION, region=county
    )
    unit_a = OrgUnit.objects.create(
        name="甲镇纪委", kind=OrgUnit.Kind.TOWNSHIP_COMMISSION, region=ta
    )
    unit_b = OrgUnit.objects.create(
        name="乙乡纪委", kind=OrgUnit.Kind.TOWNSHIP_COMMISSION, region=tb
    )
    supervision = OrgUnit.objects.create(
        name="东村村务监督委员会", kind=OrgUnit.Kind.VILLAGE_SUPERVISION, region=a1
    )
    department = OrgUnit.objects.create(
        name="测试县民政局", kind=OrgUnit.Kind.DEPARTMENT, region=county
    )
    office = OrgUnit.objects.create(
        name="第一纪检监察室", kind=OrgUnit.Kind.INSPECTION_OFFICE, region=county, parent=commission
    )
    resident_a1 = Person.objects.create(
        name="张三丰", id_number=ID_A1, phone="13812345678", region=a1, household_no="H1"
    )
    resident_b1 = Person.objects.create(name="李四", id_number=ID_B1, region=b1)
    Position.objects.create(
        person=resident_a1, region=a1, title="村委会主任", category=Position.Category.VILLAGE_CADRE
    )
    return World(
        county=county,
        township_a=ta,
        township_b=tb,
        village_a1=a1,
        village_a2=a2,
        village_b1=b1,
        zone_a=zone,
        commission=commission,
        department=department,
        resident_a1=resident_a1,
        resident_b1=resident_b1,
        admin=make_user("admin", Role.ADMIN, commission, [county]),
        county_official=make_user("alice", Role.COUNTY_LEADER, commission, [county]),
        township_a_official=make_user("bob", Role.TOWNSHIP_CADRE, unit_a, [ta]),
        township_b_official=make_user("charlie", Role.TOWNSHIP_CADRE, unit_b, [tb]),
        village_supervisor=make_user("dora", Role.VILLAGE_SUPERVISOR, supervision, [a1]),
        department_user=make_user("erin", Role.DEPARTMENT_STAFF, department, [county]),
        zone_official=make_user("frank", Role.OFFICE_CADRE, office, [], [zone]),
    )


def sign_in(client, user: User) -> None:
    """Signed in, with the second factor done for county-level roles."""
    client.force_login(user)
    if user.role in COUNTY_ROLES:
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="test", defaults={"confirmed": True}
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


@pytest.fixture
def login(client):
    def _login(user: User):
        sign_in(client, user)
        return client

    return _login
