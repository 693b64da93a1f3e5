"""The SQL GB 11643 checks give python-stdnum's verdicts on every form, valid or not."""

from __future__ import annotations

import datetime as dt
import random

import duckdb
import pytest

from qingfeng.screening.engine.idnumbers import (
    id_problem,
    problems_table,
    upgrade_15_to_18,
    upgrade_sql,
    with_check_digit,
)


def _numbers() -> list[str]:
    rnd = random.Random(11643)
    out: list[str] = []
    today = dt.date.today()
    births = [
        "19900101",
        "20000229",
        "19000229",
        "19990229",
        "19901301",
        "19900001",
        "19900100",
        "19900431",
        "18791231",
        "18800101",
        "00000101",
        today.strftime("%Y%m%d"),
        (today + dt.timedelta(days=1)).strftime("%Y%m%d"),
        "21000101",
        "99991231",
    ]
    for birth in births:
        for _ in range(3):
            body = f"330102{birth}{rnd.randrange(1000):03d}"
            good = with_check_digit(body)
            out.append(good)
            out.append(good.lower())
            wrong = next(c for c in "0123456789X" if c != good[-1])
            out.append(body + wrong)
    for _ in range(3000):  # random 17-digit bodies: many bad dates, every check character
        body = "".join(rnd.choice("0123456789") for _ in range(17))
        out.append(body + rnd.choice("0123456789Xx"))
    for _ in range(3000):  # real birth dates, every check character, right or wrong
        birth = dt.date(1900, 1, 1) + dt.timedelta(days=rnd.randrange(45000))
        body = f"{rnd.randrange(110000, 660000)}{birth:%Y%m%d}{rnd.randrange(1000):03d}"
        out.append(body + rnd.choice("0123456789Xx"))
    for _ in range(300):  # old 15-digit numbers
        out.append("".join(rnd.choice("0123456789") for _ in range(15)))
    out += [
        "",
        " ",
        "33010219900101123",
        "3301021990010112345",
        "33010219900101123Ｘ",
        "３３０１０２１９９００１０１１２３４",
        "330102 19900101 1234",
        "X30102199001011234",
        "33010219900101123x ",
        "330102-19900101-123",
        "330102199001011２34",
        "abc",
    ]
    return out


def test_sql_verdicts_equal_python_stdnum():
    numbers = _numbers()
    con = duckdb.connect()
    con.execute("CREATE TABLE src(id VARCHAR)")
    con.executemany("INSERT INTO src VALUES (?)", [(n,) for n in numbers])
    problems_table(con, "SELECT id FROM src", "verdicts")
    got = dict(con.execute("SELECT id, problem FROM verdicts").fetchall())
    assert set(got) == set(numbers)
    wrong = {n: (got[n], id_problem(n)) for n in numbers if got[n] != id_problem(n)}
    assert not wrong
    # the sample covers every verdict, so the comparison means something
    kinds = {id_problem(n) for n in numbers}
    assert {None, "出生日期无效", "校验码错误", "15位旧身份证号，应换发18位号码"} <= kinds


@pytest.mark.parametrize("seed", range(3))
def test_sql_upgrade_of_old_numbers_equals_python(seed):
    rnd = random.Random(seed)
    olds = ["".join(rnd.choice("0123456789") for _ in range(15)) for _ in range(500)]
    others = ["33010219900101123X", "12345", "３３０１０２９００１０１１２３", None]
    con = duckdb.connect()
    con.execute("CREATE TABLE src(id VARCHAR)")
    con.executemany("INSERT INTO src VALUES (?)", [(n,) for n in olds + others])
    got = dict(con.execute(f"SELECT id, {upgrade_sql('id')} FROM src").fetchall())
    for old in olds:
        assert got[old] == upgrade_15_to_18(old)
        assert id_problem(got[old]) in (None, "出生日期无效")  # the check character is right
    assert got["33010219900101123X"] == "33010219900101123X"
    assert got["12345"] == "12345"
    assert got["３３０１０２９００１０１１２３"] == "３３０１０２９００１０１１２３"
