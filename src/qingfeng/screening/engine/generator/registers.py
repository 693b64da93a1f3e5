"""The other registers: deaths, officials, relatives, vehicles, companies, contracts, standards."""

# SQL here is assembled from the contract's own identifiers and typed, quoted parameters,
# never from text in the data files.
# ruff: noqa: S608

from __future__ import annotations

import duckdb

from .scales import Scale
from .sqlkit import sql_list
from .words import COMPANY_KINDS, COMPANY_WORDS_A, COMPANY_WORDS_B, PROGRAMS

CADRES_PER_VILLAGE = 5
CADRE_POSTS = ["村党组织书记", "村委会主任", "村委会副主任", "村务监督委员会主任", "村文书"]
FISCAL_UNITS = [
    "县民政局",
    "县教育局",
    "县卫健局",
    "镇人民政府",
    "县农业农村局",
    "镇卫生院",
    "县公安局",
]
DEATH_SOURCES = ["民政", "公安", "卫健", "殡葬"]
SMALL_METHODS = ["村级议价", "直接发包", "询价", "竞争性谈判"]


def build_registers(con: duckdb.DuckDBPyConnection, scale: Scale) -> None:
    _deaths(con, scale)
    _officials(con, scale)
    _relatives(con)
    _vehicles(con, scale)
    _companies(con, scale)
    _contracts(con, scale)
    _standards(con, scale)


def _deaths(con: duckdb.DuckDBPyConnection, scale: Scale) -> None:
    days = (scale.end - scale.start).days + 1
    # weighted sample without replacement: key u^(1/w), the old die more often
    con.execute(
        f"""
        CREATE OR REPLACE TABLE deaths AS
        SELECT pid, CAST(DATE '{scale.start}' + INTERVAL (ri(pid, 'dd', {days})) DAY AS DATE)
                   AS death_date,
               {sql_list(DEATH_SOURCES)}[1 + ri(pid, 'ds', 4)] AS source
        FROM persons
        WHERE date_diff('year', birth_date, DATE '{scale.start}') >= 45
        ORDER BY pow(u(pid, 'dw'), 1.0 / exp((date_diff('year', birth_date, DATE '{scale.end}')
                                               - 50) / 9.0)) DESC
        LIMIT {scale.deaths}
        """
    )
    # nobody dies before being born: move such deaths to the period end
    con.execute(
        f"""
        UPDATE deaths SET death_date = DATE '{scale.end}'
        WHERE pid IN (SELECT d.pid FROM deaths d JOIN persons p USING (pid)
                      WHERE d.death_date <= p.birth_date)
        """
    )


def _officials(con: duckdb.DuckDBPyConnection, scale: Scale) -> None:
    posts, units = sql_list(CADRE_POSTS), sql_list(FISCAL_UNITS)
    con.execute(
        f"""
        CREATE OR REPLACE TABLE officials AS
        WITH adult AS (
            SELECT p.*, date_diff('year', birth_date, DATE '{scale.start}') AS age
            FROM persons p
            WHERE pid NOT IN (SELECT pid FROM deaths)
        ), cadre AS (
            SELECT pid, village_idx,
                   row_number() OVER (PARTITION BY village_idx ORDER BY hx(pid, 'cadre')) AS n
            FROM adult WHERE age BETWEEN 28 AND 58
        ), fiscal AS (
            SELECT pid FROM adult
            WHERE age BETWEEN 23 AND 58
              AND pid NOT IN (SELECT pid FROM cadre WHERE n <= {CADRES_PER_VILLAGE})
            ORDER BY hx(pid, 'fiscal') LIMIT {scale.fiscal_officials}
        )
        SELECT c.pid, '村干部' AS category, v.village_code || '村民委员会' AS unit,
               {posts}[c.n] AS position
        FROM cadre c JOIN villages v USING (village_idx)
        WHERE c.n <= {CADRES_PER_VILLAGE}
        UNION ALL
        SELECT pid, '财政供养人员', {units}[1 + ri(pid, 'unit', {len(FISCAL_UNITS)})],
               CASE WHEN u(pid, 'pos') < 0.2 THEN '科长' ELSE '工作人员' END
        FROM fiscal
        """
    )


def _relatives(con: duckdb.DuckDBPyConnection) -> None:
    """Family of each official: their household, plus one or two kin in other households."""
    con.execute(
        """
        CREATE OR REPLACE TABLE relatives AS
        WITH o AS (SELECT o.pid, p.h, p.village_idx, p.relation AS own_relation
                   FROM officials o JOIN persons p USING (pid)),
        household AS (
            SELECT o.pid, m.pid AS relative_pid,
                   CASE WHEN m.relation = '配偶' AND o.own_relation = '户主' THEN '配偶'
                        WHEN m.relation = '户主' AND o.own_relation = '配偶' THEN '配偶'
                        WHEN m.relation = '子女' AND o.own_relation IN ('户主', '配偶') THEN '子女'
                        WHEN o.own_relation = '子女' AND m.relation IN ('户主', '配偶') THEN '父母'
                        WHEN m.relation = '子女' AND o.own_relation = '子女' THEN '兄弟姐妹'
                        ELSE '其他亲属' END AS relation
            FROM o JOIN persons m ON m.h = o.h AND m.pid <> o.pid
        ),
        village_people AS (
            SELECT pid, village_idx, h,
                   row_number() OVER (PARTITION BY village_idx ORDER BY hx(pid, 'vp')) AS n,
                   count(*) OVER (PARTITION BY village_idx) AS total
            FROM persons
        ),
        elsewhere AS (
            SELECT o.pid, vp.pid AS relative_pid,
                   CASE WHEN u(o.pid, 'rk' || x) < 0.5 THEN '兄弟姐妹' ELSE '父母' END AS relation
            FROM o
            CROSS JOIN (SELECT unnest([1, 2, 3]) AS x) extra
            JOIN village_people vp
              ON vp.village_idx = o.village_idx
             AND vp.n = 1 + ri(o.pid, 'rel' || x, 1000000) % vp.total
            WHERE vp.h <> o.h AND (x = 1 OR u(o.pid, 'more' || x) < 0.6)
        )
        SELECT * FROM household
        UNION ALL
        SELECT * FROM elsewhere
        """
    )


def _vehicles(con: duckdb.DuckDBPyConnection, scale: Scale) -> None:
    con.execute(
        f"""
        CREATE OR REPLACE TABLE vehicles AS
        SELECT pid, '浙H' || chr(65 + CAST(row_number() OVER (ORDER BY pid) // 100000 AS INTEGER))
                   || lpad(CAST(row_number() OVER (ORDER BY pid) % 100000 AS VARCHAR), 5, '0')
                   AS plate,
               CAST(DATE '{scale.start}' - INTERVAL (ri(pid, 'vr', 3650)) DAY AS DATE) AS reg_date
        FROM persons
        WHERE date_diff('year', birth_date, DATE '{scale.start}') BETWEEN 20 AND 70
        ORDER BY hx(pid, 'vehicle')
        LIMIT {scale.vehicles}
        """
    )


def _company_name(idx: str) -> str:
    a, b, k = sql_list(COMPANY_WORDS_A), sql_list(COMPANY_WORDS_B), sql_list(COMPANY_KINDS)
    na, nb, nk = len(COMPANY_WORDS_A), len(COMPANY_WORDS_B), len(COMPANY_KINDS)
    return (
        f"'衢江' || {a}[1 + {idx} % {na}] || {b}[1 + ({idx} // {na}) % {nb}] "
        f"|| CASE WHEN {idx} >= {na * nb * nk} THEN CAST({idx} // {na * nb * nk} AS VARCHAR) "
        f"ELSE '' END || {k}[1 + ({idx} // {na * nb}) % {nk}]"
    )


def _companies(con: duckdb.DuckDBPyConnection, scale: Scale) -> None:
    """Natural contractors: run by people with no tie to any official."""
    con.execute(
        f"""
        CREATE OR REPLACE TABLE companies AS
        WITH free AS (
            SELECT pid FROM persons
            WHERE date_diff('year', birth_date, DATE '{scale.start}') BETWEEN 25 AND 65
              AND h NOT IN (SELECT p.h FROM officials o JOIN persons p USING (pid))
              AND pid NOT IN (SELECT relative_pid FROM relatives)
            ORDER BY hx(pid, 'company')
            LIMIT {scale.companies}
        )
        SELECT row_number() OVER (ORDER BY pid) - 1 AS company_idx, pid
        FROM free
        """
    )
    con.execute(
        f"""
        CREATE OR REPLACE TABLE companies AS
        SELECT company_idx, pid,
               '91330803MA' || lpad(CAST(company_idx AS VARCHAR), 8, '0') AS credit_code,
               {_company_name("company_idx")} AS company_name,
               CAST(DATE '{scale.start}' - INTERVAL (ri(pid, 'cf', 3650)) DAY AS DATE)
                   AS founded_date
        FROM companies
        """
    )


def _contracts(con: duckdb.DuckDBPyConnection, scale: Scale) -> None:
    """Natural contracts never repeat a contractor inside a village, so nothing looks split."""
    days = (scale.end - scale.start).days + 1
    methods = sql_list(SMALL_METHODS)
    con.execute(
        f"""
        CREATE OR REPLACE TABLE contracts AS
        WITH c AS (
            SELECT j, ri(j, 'kv', {scale.villages}) AS village_idx,
                   CAST(DATE '{scale.start}' + INTERVAL (ri(j, 'kd', {days})) DAY AS DATE)
                       AS signed_date,
                   u(j, 'big') < 0.3 AS big
            FROM range({scale.contracts}) t(j)
        ), numbered AS (
            SELECT c.*, row_number() OVER (PARTITION BY village_idx ORDER BY signed_date, j) - 1
                       AS n
            FROM c
        )
        SELECT 'HT' || strftime(signed_date, '%Y') || lpad(CAST(j AS VARCHAR), 7, '0')
                   AS contract_no,
               {
            sql_list(
                [
                    "道路硬化",
                    "水渠修缮",
                    "村庄绿化",
                    "路灯安装",
                    "文化礼堂修缮",
                    "河道清淤",
                    "公厕改造",
                    "污水管网",
                ]
            )
        }[1 + ri(j, 'kp', 8)] AS project_name,
               village_idx,
               (village_idx * 997 + n) % (SELECT count(*) FROM companies) AS company_idx,
               CASE WHEN big THEN 100000 + 100 * ri(j, 'ka', 19000)
                    ELSE 5000 + 100 * ri(j, 'ka', 900) END AS amount,
               signed_date,
               CASE WHEN big THEN '公开招标' ELSE {methods}[1 + ri(j, 'km', 4)] END
                   AS procurement_method,
               u(j, 'nocode') < 0.05 AS no_code
        FROM numbered
        """
    )


def _standards(con: duckdb.DuckDBPyConnection, scale: Scale) -> None:
    rows = []
    for program, (_day, first, rise) in PROGRAMS.items():
        for i in range(scale.years):
            year = scale.first_year + i
            end = f"DATE '{year}-12-31'" if i < scale.years - 1 else "CAST(NULL AS DATE)"
            rows.append(f"('{program}', DATE '{year}-01-01', {end}, {first + rise * i})")
    con.execute(
        "CREATE OR REPLACE TABLE standards (program VARCHAR, start_date DATE, end_date DATE, "
        "amount INTEGER)"
    )
    con.execute("INSERT INTO standards VALUES " + ", ".join(rows))
