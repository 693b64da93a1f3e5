import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qingfeng.audit.models import AuditEntry
from qingfeng.audit.selectors import audit_verify
from qingfeng.orgs import services
from qingfeng.orgs.models import Person, RiskTag


def test_person_create_validates_and_audits_without_personal_data(world):
    person = services.person_create(
        actor=world.county_official,
        name="阿不都·热合曼",
        region=world.village_a2,
        id_number="330101199006150034",
    )
    entry = AuditEntry.objects.get(action="person.create", target_id=str(person.pk))
    assert entry.data == {"name": "阿不都·*"}
    assert "330101199006150034" not in str(entry.data)
    assert audit_verify().ok


def test_person_create_refuses_a_bad_id_and_writes_nothing(world):
    before = (Person.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as info:
        services.person_create(
            actor=world.county_official,
            name="王五",
            region=world.village_a2,
            id_number="330101199006150035",
        )
    assert "校验码" in str(info.value)
    assert (Person.objects.count(), AuditEntry.objects.count()) == before


def test_reveal_returns_the_number_and_records_the_look(world):
    value = services.person_reveal(
        actor=world.township_a_official,
        person=world.resident_a1,
        field="id_number",
        reason="核对低保申请",
    )
    assert value == "11010519491231002X"
    entry = AuditEntry.objects.get(action="person.reveal_id_number")
    assert entry.actor_name == "bob"
    assert entry.data["reason"] == "核对低保申请"


def test_reveal_out_of_scope_is_refused(world):
    with pytest.raises(PermissionDenied):
        services.person_reveal(
            actor=world.township_b_official, person=world.resident_a1, field="id_number", reason="x"
        )
    assert not AuditEntry.objects.filter(action__startswith="person.reveal").exists()


def test_only_county_leaders_set_elevated_supervision(world):
    tag = RiskTag.objects.get(slug="weak")
    services.region_set_supervision(
        actor=world.county_official,
        region=world.village_a1,
        elevated=True,
        reason="信访举报集中",
        risk_tags=[tag],
    )
    world.village_a1.refresh_from_db()
    assert world.village_a1.elevated_supervision
    assert list(world.village_a1.risk_tags.all()) == [tag]
    with pytest.raises(PermissionDenied):
        services.region_set_supervision(
            actor=world.township_a_official,
            region=world.village_a1,
            elevated=False,
            reason="",
            risk_tags=[],
        )


def test_elevated_supervision_needs_a_reason(world):
    with pytest.raises(ValidationError):
        services.region_set_supervision(
            actor=world.county_official,
            region=world.village_a1,
            elevated=True,
            reason=" ",
            risk_tags=[],
        )
