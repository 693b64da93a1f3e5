import hashlib
import time

import pytest
from django.core.management import call_command
from django.db import connection
from stdnum.cn import ric

from qingfeng.audit.selectors import audit_verify
from qingfeng.orgs.models import OrgUnit, Person, Region, Relation, User, Zone
from qingfeng.orgs.roles import Role

TABLES = [
    "orgs_region",
    "orgs_zone",
    "orgs_orgunit",
    "orgs_person",
    "orgs_relation",
    "orgs_position",
    "orgs_user",
    "orgs_user_scope_regions",
    "orgs_user_scope_zones",
    "audit_auditentry",
]


def digest() -> str:
    h = hashlib.sha256()
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"SELECT * FROM {table} ORDER BY 1")
            h.update(repr(cursor.fetchall()).encode())
    return h.hexdigest()


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    started = time.monotonic()
    call_command("seed_demo", seed=7)
    return time.monotonic() - started


def test_it_builds_a_county_of_the_promised_size(demo):
    county = Region.objects.get(code="330199000000")
    assert county.name == "示范县"
    assert Region.objects.filter(level="township").count() >= 10
    assert Region.objects.filter(level="village").count() >= 120
    assert Zone.objects.count() >= 3
    assert User.objects.count() >= 200
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    kinds = set(OrgUnit.objects.values_list("kind", flat=True))
    assert kinds == set(OrgUnit.Kind.values)
    assert Relation.objects.count() > 1000
    assert demo < 60


def test_every_region_code_extends_its_parent(demo):
    for region in Region.objects.exclude(parent=None).select_related("parent"):
        region.full_clean()


def test_every_id_number_passes_gb_11643(demo):
    numbers = [p.id_number.reveal() for p in Person.objects.all()]
    assert len(numbers) == len(set(numbers)) > 3000
    assert all(ric.is_valid(n) for n in numbers)


def test_some_names_are_uyghur_with_the_middle_dot(demo):
    assert Person.objects.filter(name__contains="·").count() >= 10


def test_a_second_run_changes_nothing(demo, capsys):
    before = digest()
    call_command("seed_demo", seed=7)
    assert digest() == before
    assert "未作任何改动" in capsys.readouterr().out
    assert audit_verify().ok


def test_it_is_deterministic_for_a_seed(demo):
    names = list(Person.objects.order_by("name_pinyin", "name").values_list("name", flat=True)[:50])
    call_command("seed_demo", seed=7, reset=True)
    again = list(Person.objects.order_by("name_pinyin", "name").values_list("name", flat=True)[:50])
    assert names == again


def test_without_debug_the_password_is_random_and_printed(db, settings, capsys):
    settings.DEBUG = False
    call_command("seed_demo", seed=3)
    out = capsys.readouterr().out
    assert "qingfeng-demo-2026" not in out
    line = next(line for line in out.splitlines() if "密码" in line)
    password = line.split("：")[-1].strip()
    assert User.objects.get(username="township1").check_password(password)


def test_family_links_point_the_right_way(demo):
    for rel in Relation.objects.filter(kind="parent").select_related("person", "relative")[:300]:
        assert rel.relative.birth_date < rel.person.birth_date  # a parent is older
    for rel in Relation.objects.filter(kind="child").select_related("person", "relative")[:300]:
        assert rel.relative.birth_date > rel.person.birth_date
