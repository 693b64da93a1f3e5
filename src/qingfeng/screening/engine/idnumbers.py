"""居民身份证号 (GB 11643-1999) checks, built on python-stdnum's cn.ric.

The same checks exist as DuckDB SQL for the clean common forms (17 digits and a check character,
or 15 old digits), so that hundreds of thousands of numbers are checked in one vectorised query;
everything else goes through python-stdnum. tests/engine/test_idnumbers.py holds both to the
same verdicts.
"""

# SQL here is assembled from the engine's own identifiers and queries, never from data.
# ruff: noqa: S608

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from stdnum.cn import ric
from stdnum.exceptions import ValidationError

_DIGITS17 = re.compile(r"[0-9]{17}[0-9X]")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)  # 2^(17-i) mod 11
OLD_ID_PROBLEM = "15位旧身份证号，应换发18位号码"
# the forms SQL judges; anything else (spaces, other lengths, odd characters) goes to Python
SQL_FAST_FORM = "[0-9]{17}[0-9Xx]|[0-9]{15}"
_SPACES = re.compile(r"\s+")


def id_problem(id_no: str | None) -> str | None:
    """Why an ID number fails GB 11643 (length, birth date, checksum), or None when it passes.

    The birth place is not checked: address codes change yearly and stdnum's table lags.
    """
    # spaces and full-width characters are formatting, not an error (the loader reads them so too)
    # and so is Excel's leading apostrophe marking a text cell
    text = unicodedata.normalize("NFKC", id_no or "").strip().lstrip("'")
    number = ric.compact(_SPACES.sub("", text)).upper()
    if not number:
        return "身份证号为空"
    if len(number) == 15 and number.isascii() and number.isdigit():
        return OLD_ID_PROBLEM
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


def check_digit_sql(body: str) -> str:
    """SQL for the check character of a column holding at least 17 ASCII digits."""
    total = " + ".join(
        f"(ascii(substr({body}, {i + 1}, 1)) - 48) * {w}" for i, w in enumerate(_WEIGHTS)
    )
    return f"substr('10X98765432', (({total}) % 11) + 1, 1)"


def upgrade_sql(column: str) -> str:
    """SQL turning a 15-digit number in `column` into 18 digits (as upgrade_15_to_18)."""
    body = f"(substr({column}, 1, 6) || '19' || substr({column}, 7, 9))"
    return (
        f"CASE WHEN length({column}) = 15 AND regexp_full_match({column}, '[0-9]{{15}}') "
        f"THEN {body} || {check_digit_sql(body)} ELSE {column} END"
    )


def problem_sql(column: str) -> str:
    """SQL giving id_problem's verdict for a column in SQL_FAST_FORM (NULL when valid)."""
    birth = (
        f"try_strptime(substr({column}, 7, 4) || '-' || substr({column}, 11, 2) || '-' || "
        f"substr({column}, 13, 2), '%Y-%m-%d')"
    )
    return (
        f"CASE WHEN length({column}) = 15 THEN '{OLD_ID_PROBLEM}' "
        f"WHEN {birth} IS NULL OR year({birth}) < 1880 OR CAST({birth} AS DATE) > current_date "
        "THEN '出生日期无效' "
        f"WHEN upper(substr({column}, 18, 1)) <> {check_digit_sql(column)} THEN '校验码错误' END"
    )


def problems_table(con, source_sql: str, table: str) -> None:
    """Create temp table `table`(id, problem) for the distinct non-null ids of `source_sql`
    (one column); problem is NULL for a valid number.

    Common forms are judged in SQL; the few others by python-stdnum.
    """
    from .lists import drop_list_table, list_table

    # judged as the table is made: an UPDATE afterwards cost 0.1 s more at county scale
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {table} AS "
        f"SELECT id, CASE WHEN regexp_full_match(id, '{SQL_FAST_FORM}') "
        f"THEN {problem_sql('id')} END AS problem "
        f"FROM (SELECT DISTINCT id FROM ({source_sql}) s(id) WHERE id IS NOT NULL)"
    )
    odd = [
        i
        for (i,) in con.execute(
            f"SELECT id FROM {table} WHERE NOT regexp_full_match(id, '{SQL_FAST_FORM}')"
        ).fetchall()
    ]
    if odd:
        problems = [id_problem(i) for i in odd]
        list_table(con, "__qf_odd_ids", {"id": ("VARCHAR", odd), "problem": ("VARCHAR", problems)})
        con.execute(
            f"UPDATE {table} SET problem = o.problem FROM __qf_odd_ids o WHERE {table}.id = o.id"
        )
        drop_list_table(con, "__qf_odd_ids")
