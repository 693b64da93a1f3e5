"""Villages, households and residents, with valid GB 11643 ID numbers."""

# SQL here is assembled from the contract's own identifiers and typed, quoted parameters,
# never from text in the data files.
# ruff: noqa: S608

from __future__ import annotations

import duckdb

from ..idnumbers import with_check_digit
from .scales import Scale
from .sqlkit import put_arrow, sql_list
from .words import (
    CHARS_FEMALE,
    CHARS_MALE,
    GIVEN_FEMALE,
    GIVEN_MALE,
    SURNAMES,
    UYGHUR_FEMALE,
    UYGHUR_MALE,
)

COUNTY_CODE = "330803"
OTHER_BIRTH_PLACES = ["330802", "330822", "330824", "330825", "330881", "653101"]
SURNAME_SLOTS = 10_000


def build_population(con: duckdb.DuckDBPyConnection, scale: Scale) -> None:
    _villages(con, scale)
    _surname_slots(con)
    households = int(scale.residents / 2.95)
    con.execute(
        f"""
        CREATE OR REPLACE TABLE households AS
        SELECT h, ri(h, 'hv', {scale.villages}) AS village_idx,
               CASE WHEN u(h, 'hs') < 0.15 THEN 1 WHEN u(h, 'hs') < 0.40 THEN 2
                    WHEN u(h, 'hs') < 0.65 THEN 3 WHEN u(h, 'hs') < 0.85 THEN 4 ELSE 5 END
                   AS size,
               22 + CAST(floor(60 * pow(u(h, 'ha'), 1.1)) AS INTEGER) AS head_age,
               u(h, 'uy') < 0.03 AS uyghur,
               u(h, 'hm') < 0.85 AS head_male
        FROM range({households}) t(h)
        """
    )
    _residents(con, scale)
    _assign_ids(con)


def _villages(con: duckdb.DuckDBPyConnection, scale: Scale) -> None:
    vpt = scale.villages_per_township
    con.execute(
        f"""
        CREATE OR REPLACE TABLE villages AS
        SELECT v AS village_idx,
               '{COUNTY_CODE}' || lpad(CAST(100 + v // {vpt} AS VARCHAR), 3, '0')
                   || lpad(CAST(200 + v % {vpt} AS VARCHAR), 3, '0') AS village_code
        FROM range({scale.villages}) t(v)
        """
    )


def _surname_slots(con: duckdb.DuckDBPyConnection) -> None:
    """Surnames repeated by frequency so that a uniform slot draws a weighted surname."""
    total = sum(w for _, w in SURNAMES)
    slots: list[str] = []
    for name, weight in SURNAMES:
        slots += [name] * max(1, round(weight / total * SURNAME_SLOTS))
    slots = (slots * 2)[:SURNAME_SLOTS]
    put_arrow(con, "surname_slots", {"slot": list(range(len(slots))), "surname": slots})


def _given(key: str, male: str) -> str:
    gm, gf = sql_list(GIVEN_MALE), sql_list(GIVEN_FEMALE)
    cm, cf = sql_list(CHARS_MALE), sql_list(CHARS_FEMALE)
    single = (
        f"CASE WHEN {male} THEN {gm}[1 + ri({key}, 'g1', {len(GIVEN_MALE)})] "
        f"ELSE {gf}[1 + ri({key}, 'g1', {len(GIVEN_FEMALE)})] END"
    )
    double = (
        f"CASE WHEN {male} THEN {cm}[1 + ri({key}, 'c1', {len(CHARS_MALE)})] "
        f"|| {cm}[1 + ri({key}, 'c2', {len(CHARS_MALE)})] "
        f"ELSE {cf}[1 + ri({key}, 'c1', {len(CHARS_FEMALE)})] "
        f"|| {cf}[1 + ri({key}, 'c2', {len(CHARS_FEMALE)})] END"
    )
    return f"(CASE WHEN u({key}, 'gs') < 0.4 THEN {single} ELSE {double} END)"


def _residents(con: duckdb.DuckDBPyConnection, scale: Scale) -> None:
    um, uf = sql_list(UYGHUR_MALE), sql_list(UYGHUR_FEMALE)
    others = sql_list(OTHER_BIRTH_PLACES)
    ref = scale.end.isoformat()
    con.execute(
        """
        CREATE OR REPLACE TABLE members AS
        SELECT row_number() OVER (ORDER BY h, k) - 1 AS pid, *
        FROM (SELECT h.*, unnest(range(h.size)) AS k FROM households h)
        """
    )
    con.execute(
        f"""
        CREATE OR REPLACE TABLE people0 AS
        WITH m AS (
            SELECT m.*,
                   CASE WHEN k = 0 THEN '户主' WHEN k = 1 THEN '配偶'
                        WHEN head_age < 45 AND k = 2 THEN '父母' ELSE '子女' END AS relation,
                   CASE WHEN k = 0 THEN head_male WHEN k = 1 THEN NOT head_male
                        ELSE u(pid, 'sx') < 0.5 END AS male
            FROM members m
        ), aged AS (
            SELECT *,
                   CASE relation
                       WHEN '户主' THEN head_age
                       WHEN '配偶' THEN greatest(20, head_age - 3 + ri(pid, 'sa', 7))
                       WHEN '父母' THEN least(100, head_age + 24 + ri(pid, 'pa', 9))
                       ELSE greatest(0, head_age - 22 - ri(pid, 'ca', 14)) END AS age
            FROM m
        )
        SELECT a.pid, a.h, a.k, a.village_idx, v.village_code, a.relation, a.male, a.uyghur,
               CAST(DATE '{ref}' - INTERVAL (a.age) YEAR - INTERVAL (ri(a.pid, 'bd', 365)) DAY
                    AS DATE) AS birth_date,
               CASE WHEN u(a.pid, 'ad') < 0.9 THEN '{COUNTY_CODE}'
                    ELSE {others}[1 + ri(a.pid, 'ao', {len(OTHER_BIRTH_PLACES)})] END AS addr,
               CASE WHEN a.uyghur THEN
                        CASE WHEN a.male THEN {um}[1 + ri(a.pid, 'ug', {len(UYGHUR_MALE)})]
                             ELSE {uf}[1 + ri(a.pid, 'ug', {len(UYGHUR_FEMALE)})] END
                        || '·' || {um}[1 + ri(a.h * 10 + (a.k = 1)::INT, 'uf', {len(UYGHUR_MALE)})]
                    ELSE coalesce(sh.surname, '王') || {_given("a.pid", "a.male")} END AS name,
               'H' || lpad(CAST(a.h AS VARCHAR), 7, '0') AS household_no
        FROM aged a
        JOIN villages v USING (village_idx)
        LEFT JOIN surname_slots sh
          ON sh.slot = ri(CASE WHEN a.k = 1 THEN a.pid + 100000000 ELSE a.h END, 'sn',
                          {SURNAME_SLOTS})
        """
    )


def _assign_ids(con: duckdb.DuckDBPyConnection) -> None:
    """Address + birth date + sequence (odd for men) + the check digit from python-stdnum."""
    bodies = con.sql(
        """
        SELECT pid, addr || strftime(birth_date, '%Y%m%d')
               || lpad(CAST(2 * row_number() OVER (PARTITION BY addr, birth_date, male
                                                   ORDER BY pid)
                            - CASE WHEN male THEN 1 ELSE 0 END AS VARCHAR), 3, '0') AS body
        FROM people0 ORDER BY pid
        """
    ).to_arrow_table()
    pids = bodies.column("pid").to_pylist()
    ids = [with_check_digit(b) for b in bodies.column("body").to_pylist()]
    put_arrow(con, "person_ids", {"pid": pids, "id_no": ids})
    con.execute(
        """
        CREATE OR REPLACE TABLE persons AS
        SELECT p.*, i.id_no,
               CASE WHEN p.male THEN '男' ELSE '女' END AS sex,
               '621799' || lpad(CAST(p.pid AS VARCHAR), 10, '0') AS account
        FROM people0 p JOIN person_ids i USING (pid)
        """
    )
    con.execute("DROP TABLE people0")
    con.execute("DROP TABLE members")
    con.execute("DROP TABLE person_ids")
