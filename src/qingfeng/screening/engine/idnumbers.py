"""居民身份证号 (GB 11643-1999) checks, built on python-stdnum's cn.ric."""

from __future__ import annotations

import datetime as dt
import re

from stdnum.cn import ric
from stdnum.exceptions import ValidationError

_DIGITS17 = re.compile(r"\d{17}[\dX]")
_SPACES = re.compile(r"\s+")


def id_problem(id_no: str | None) -> str | None:
    """Why an ID number fails GB 11643 (length, birth date, checksum), or None when it passes.

    The birth place is not checked: address codes change yearly and stdnum's table lags.
    """
    number = ric.compact(_SPACES.sub("", id_no or ""))  # spaces are formatting, not an error
    if not number:
        return "身份证号为空"
    if len(number) == 15 and number.isdigit():
        return "15位旧身份证号，应换发18位号码"
    if len(number) != 18:
        return f"长度为{len(number)}位，应为18位"
    if not _DIGITS17.fullmatch(number):
        return "含有非数字字符"
    try:
        birth = ric.get_birth_date(number)
    except ValidationError:
        return "出生日期无效"
    if birth.year < 1880 or birth > dt.date.today():
        return "出生日期无效"
    if number[-1] != ric.calc_check_digit(number):
        return "校验码错误"
    return None


def upgrade_15_to_18(id_no: str) -> str:
    """Convert an old 15-digit number (2-digit year, no check) to 18 digits; never guess others."""
    if len(id_no) != 15 or not id_no.isdigit():
        return id_no
    body = id_no[:6] + "19" + id_no[6:]
    return body + ric.calc_check_digit(body + "0")


def with_check_digit(body17: str) -> str:
    """A full 18-character number for a 17-digit body (used by the data generator)."""
    return body17 + ric.calc_check_digit(body17 + "0")


def mask_id(id_no: str | None) -> str:
    """Masked form for anything printed to a console or shown in public (3301**********1234)."""
    if not id_no:
        return ""
    if len(id_no) <= 8:
        return "*" * len(id_no)
    return id_no[:4] + "*" * (len(id_no) - 8) + id_no[-4:]
