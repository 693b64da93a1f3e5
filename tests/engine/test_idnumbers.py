"""GB 11643 checks on top of python-stdnum."""

from __future__ import annotations

import pytest

from qingfeng.screening.engine.idnumbers import id_problem, mask_id, upgrade_15_to_18

VALID = "330803195001011230"


@pytest.mark.parametrize(
    ("number", "problem"),
    [
        (VALID, None),
        ("33080319480212306x", None),  # lower-case check character
        ("3308 0319 5001 0112 30", None),  # spaces are formatting
        ("330803195001011231", "校验码错误"),
        ("33080319500230123X", "出生日期无效"),
        ("33080319500101123", "长度为17位，应为18位"),
        ("330803500101123", "15位旧身份证号，应换发18位号码"),
        ("33080319500101123A", "含有非数字字符"),
        ("", "身份证号为空"),
        (None, "身份证号为空"),
    ],
)
def test_id_problem(number: str | None, problem: str | None) -> None:
    assert id_problem(number) == problem


def test_old_numbers_are_converted_never_guessed() -> None:
    assert upgrade_15_to_18("330803500101123") == VALID
    assert upgrade_15_to_18("33080350010112") == "33080350010112"


def test_mask_keeps_only_the_ends() -> None:
    assert mask_id(VALID) == "3308**********1230"
    assert mask_id(None) == ""
