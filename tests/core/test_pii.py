import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric

from qingfeng.core import pii
from tests.conftest import ID_A1, ID_B1


def make_id(born: dt.date, seq: int, address: str = "330122") -> str:
    body = f"{address}{born:%Y%m%d}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")


def error_code(value: str) -> str:
    with pytest.raises(ValidationError) as info:
        pii.validate_id_number(value)
    return info.value.code


def test_fixture_ids_are_valid():
    assert pii.validate_id_number(ID_A1) == ID_A1
    assert pii.validate_id_number(ID_B1) == ID_B1


def test_it_names_a_wrong_length():
    with pytest.raises(ValidationError) as info:
        pii.validate_id_number("1101051949123100")
    assert info.value.code == "id_length"
    assert "16" in info.value.messages[0]
    assert "18" in info.value.messages[0]


def test_it_names_a_bad_birth_date():
    assert error_code("110105194913310023") == "id_birth_date"
    with pytest.raises(ValidationError) as info:
        pii.validate_id_number("110105194913310023")
    assert "出生日期" in info.value.messages[0]


def test_it_names_a_wrong_check_character():
    wrong = ID_A1[:-1] + "1"
    assert error_code(wrong) == "id_checksum"
    with pytest.raises(ValidationError) as info:
        pii.validate_id_number(wrong)
    assert "校验" in info.value.messages[0]


def test_it_names_letters_in_the_body():
    assert error_code("11010519491231A02X") == "id_format"


def test_it_accepts_full_width_and_lower_case_x():
    full_width = "１１０１０５１９４９１２３１００２ｘ"
    assert pii.validate_id_number(full_width) == ID_A1


def test_it_converts_an_old_15_digit_number():
    old = "110105491231002"
    converted = pii.validate_id_number(old)
    assert converted == "11010519491231002X"
    assert ric.is_valid(converted)


def test_it_refuses_a_15_digit_number_with_an_impossible_date():
    assert error_code("110105491331002") == "id_length"  # not converted, so still 15 long


@given(
    born=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2020, 12, 31)),
    seq=st.integers(min_value=0, max_value=999),
)
def test_every_generated_number_validates_and_masks(born, seq):
    number = make_id(born, seq)
    assert pii.validate_id_number(number) == number
    value = pii.SensitiveValue(pii.ID_NUMBER, number)
    assert str(value) == number[:4] + "*" * 10 + number[-4:]
    assert number not in f"{value} {value!r}"
    assert value.birth_date == born
    assert value.is_male == (seq % 2 == 1)


def test_phone_numbers():
    assert pii.validate_phone("138 1234 5678") == "13812345678"
    assert pii.validate_phone("+8613812345678") == "13812345678"
    assert pii.validate_phone("0571-88888888") == "0571-88888888"
    with pytest.raises(ValidationError):
        pii.validate_phone("12345")
    assert pii.mask_phone("13812345678") == "138****5678"


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三丰", "张*丰"),
        ("张三", "张*"),
        ("欧阳明月", "欧**月"),
        ("阿不都·热合曼", "阿不都·*"),
        ("阿不都•热合曼", "阿不都·*"),
    ],
)
def test_names_are_masked_for_the_public(name, masked):
    assert pii.mask_name(name) == masked


def test_encryption_round_trips_and_hides_the_value(settings):
    token = pii.encrypt(ID_A1)
    assert ID_A1 not in token
    assert pii.decrypt(token) == ID_A1
    assert pii.encrypt(ID_A1) != token  # randomised


def test_a_wrong_key_cannot_decrypt(settings):
    token = pii.encrypt(ID_A1)
    settings.PII_KEY = "another-key"
    with pytest.raises(ValueError, match="QINGFENG_PII_KEY"):
        pii.decrypt(token)


def test_blind_index_is_stable_normalised_and_keyed(settings):
    a = pii.blind_index(pii.ID_NUMBER, ID_A1)
    assert a == pii.blind_index(pii.ID_NUMBER, ID_A1.lower())
    assert a != pii.blind_index(pii.ID_NUMBER, ID_B1)
    assert a != pii.blind_index(pii.PHONE, ID_A1)
    settings.PII_KEY = "another-key"
    assert pii.blind_index(pii.ID_NUMBER, ID_A1) != a


def test_an_old_key_still_decrypts_after_rotation(settings):
    token = pii.encrypt(ID_A1)
    old = settings.PII_KEY
    settings.PII_KEY, settings.PII_OLD_KEYS = "the-new-key", [old]
    assert pii.decrypt(token) == ID_A1
    assert pii.decrypt(pii.encrypt(ID_A1)) == ID_A1
