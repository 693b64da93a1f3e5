"""Name normalisation: full-width forms, spaces, the many middle dots of transliterated names."""

from __future__ import annotations

import pytest

from qingfeng.screening.engine.names import name_key, name_pinyin, normalize_name


@pytest.mark.parametrize(
    "typed",
    [
        "买买提·艾力",
        "买买提•艾力",
        "买买提.艾力",
        "买买提・艾力",
        "买买提‧艾力",
        "买买提．艾力",
        "买买提･艾力",
        " 买买提 · 艾力 ",
        "买买提··艾力",
    ],
)
def test_every_middle_dot_becomes_one(typed: str) -> None:
    assert normalize_name(typed) == "买买提·艾力"
    assert name_key(typed) == "买买提艾力"


def test_a_name_typed_without_the_dot_has_the_same_key() -> None:
    assert name_key("买买提艾力") == name_key("买买提·艾力")


def test_spaces_and_full_width_forms_go() -> None:
    assert normalize_name("张\u3000三") == "张三"
    assert normalize_name(" 张 三 ") == "张三"
    assert normalize_name("ＷＡＮＧ") == "WANG"


def test_empty_names_are_none() -> None:
    assert normalize_name(None) is None
    assert normalize_name("  ") is None
    assert name_key("·") is None


def test_homophones_share_pinyin() -> None:
    assert name_pinyin("张伟") == name_pinyin("章玮") == "zhang wei"
    assert name_pinyin("张伟") != name_pinyin("李伟")
