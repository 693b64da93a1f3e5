import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from qingfeng.core import pii
from qingfeng.orgs.models import Person
from qingfeng.orgs.selectors import person_search
from tests.conftest import ID_A1


def test_the_database_holds_ciphertext_only(world):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, phone, id_number_index FROM orgs_person WHERE id = %s",
            [world.resident_a1.pk],
        )
        stored_id, stored_phone, index = cursor.fetchone()
    assert ID_A1 not in stored_id
    assert "13812345678" not in stored_phone
    assert index == pii.blind_index(pii.ID_NUMBER, ID_A1)


def test_it_reads_back_a_masked_value(world):
    person = Person.objects.get(pk=world.resident_a1.pk)
    assert isinstance(person.id_number, pii.SensitiveValue)
    assert str(person.id_number) == "1101**********002X"
    assert person.id_number.reveal() == ID_A1
    assert str(person.phone) == "138****5678"
    assert person.gender == Person.Gender.FEMALE  # sequence 002 is even
    assert str(person.birth_date) == "1949-12-31"


def test_it_finds_a_person_by_id_number_through_the_index(world):
    found = person_search(world.county_official, ID_A1.lower())
    assert list(found) == [world.resident_a1]


def test_full_clean_refuses_an_invalid_number(world):
    person = Person(name="王五", id_number="110105194912310021", region=world.village_a1)
    with pytest.raises(ValidationError) as info:
        person.full_clean()
    assert "id_number" in info.value.message_dict


def test_saving_an_invalid_number_directly_fails(world):
    with pytest.raises(ValidationError):
        Person.objects.create(name="王五", id_number="123", region=world.village_a1)
