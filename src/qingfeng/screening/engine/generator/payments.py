"""Who is enrolled in which programme from which month, and the monthly payments that follow."""

# SQL here is assembled from the contract's own identifiers and typed, quoted parameters,
# never from text in the data files.
# ruff: noqa: S608

from __future__ import annotations

import duckdb

from .scales import Scale
from .words import PROGRAMS

MEANS_TESTED = ("低保金", "特困供养金")


def month_of(date_sql: str, scale: Scale) -> str:
    return f"((year({date_sql}) - {scale.first_year}) * 12 + month({date_sql}) - 1)"


def build_enrolments(con: duckdb.DuckDBPyConnection, scale: Scale) -> None:
    last = scale.months - 1
    death_m = month_of("d.death_date", scale)
    con.execute(
        """
        CREATE OR REPLACE TABLE sensitive AS
        SELECT DISTINCT p.h FROM persons p
        WHERE p.pid IN (SELECT pid FROM officials UNION ALL SELECT pid FROM relatives
                        UNION ALL SELECT relative_pid FROM relatives
                        UNION ALL SELECT pid FROM vehicles UNION ALL SELECT pid FROM companies)
        """
    )
    at60 = month_of("p.birth_date + INTERVAL 60 YEAR", scale)
    at80 = month_of("p.birth_date + INTERVAL 80 YEAR", scale)
    con.execute(
        f"""
        CREATE OR REPLACE TABLE enrol AS
        WITH p AS (
            SELECT p.*, coalesce({death_m}, {last}) AS last_m,
                   p.h IN (SELECT h FROM sensitive) AS is_sensitive
            FROM persons p LEFT JOIN deaths d USING (pid)
        ), e AS (
            SELECT pid, '城乡居民基础养老金' AS program, greatest(0, {at60} + 1) AS start_m,
                   last_m AS end_m, 1.0 AS share
            FROM p WHERE u(pid, 'pension') < 0.75
            UNION ALL
            SELECT pid, '高龄津贴', greatest(0, {at80} + 1), last_m, 1.0
            FROM p WHERE u(pid, 'gaoling') < 0.8
            UNION ALL
            SELECT pid, '低保金', ri(h, 'dbs', {scale.months // 2}),
                   least(last_m, ri(h, 'dbs', {scale.months // 2}) + 12
                                 + ri(h, 'dbe', {scale.months})),
                   CASE WHEN u(h, 'dbf') < 0.6 THEN 1.0 ELSE 0.6 + 0.35 * u(h, 'dbq') END
            FROM p WHERE relation = '户主' AND NOT is_sensitive AND u(h, 'dibao') < 0.035
            UNION ALL
            SELECT pid, '特困供养金', 0, last_m, 1.0
            FROM p
            WHERE NOT is_sensitive AND u(pid, 'tekun') < 0.1
              AND h IN (SELECT h FROM households WHERE size = 1)
              AND date_diff('year', birth_date, DATE '{scale.start}') >= 60
            UNION ALL
            SELECT pid, '困难残疾人生活补贴', ri(pid, 'cjs', {scale.months // 3}), last_m, 1.0
            FROM p WHERE NOT is_sensitive AND u(pid, 'canji1') < 0.006
            UNION ALL
            SELECT pid, '重度残疾人护理补贴', ri(pid, 'cjs', {scale.months // 3}), last_m, 1.0
            FROM p WHERE u(pid, 'canji2') < 0.006
        )
        SELECT row_number() OVER (ORDER BY pid, program) AS eid, e.pid, e.program,
               e.start_m, e.end_m, e.share, p.village_code, p.account
        FROM e JOIN persons p USING (pid)
        WHERE e.end_m >= e.start_m
        """
    )


def expand_payments(con: duckdb.DuckDBPyConnection, scale: Scale) -> None:
    """One payment per enrolment and month, on the programme's pay day, at its standard."""
    days = " ".join(f"WHEN '{p}' THEN {d}" for p, (d, _, _) in PROGRAMS.items())
    con.execute(
        f"""
        CREATE OR REPLACE TABLE pay AS
        WITH m AS (
            SELECT e.*, unnest(range(e.start_m, e.end_m + 1)) AS m FROM enrol e
        )
        SELECT m.eid, m.pid, m.m,
               make_date({scale.first_year} + m.m // 12, 1 + m.m % 12,
                         CASE m.program {days} END) AS pay_date,
               m.program, p.id_no, p.name, m.village_code,
               CAST(round(s.amount * m.share) AS DECIMAL(18, 2)) AS amount, m.account
        FROM m
        JOIN persons p USING (pid)
        JOIN standards s
          ON s.program = m.program
         AND s.start_date = make_date({scale.first_year} + m.m // 12, 1, 1)
        """
    )
