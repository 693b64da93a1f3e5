"""Planted anomalies (with their answers in `truth`) and decoys that must not be flagged.

Every plant uses people no other plant touches (table `used`), so each planted subject is a
hit of exactly the rules written in `truth`. Natural data is built so that it holds no anomaly.
Fuzzy plants damage the record that ties the person to the payee (a typo in the ID, a missing ID,
a name variant), so only probabilistic linking finds them.
"""

# SQL here is assembled from the contract's own identifiers and typed, quoted parameters,
# never from text in the data files.
# ruff: noqa: S608

from __future__ import annotations

import duckdb

from .payments import month_of
from .scales import Scale
from .sqlkit import sql_list
from .words import DOT_VARIANTS


def typo_sql(id_sql: str, key: str, salt: str, two: bool = False) -> str:
    """The ID with one (or two) digits among the first 17 replaced by another digit."""
    k1 = f"(1 + ri({key}, '{salt}p1', 17))"
    one = _substitute(id_sql, k1, key, salt + "d1")
    if not two:
        return one
    k2 = f"(1 + ({k1} + ri({key}, '{salt}p2', 16)) % 17)"
    return _substitute(one, k2, key, salt + "d2")


def _substitute(id_sql: str, pos: str, key: str, salt: str) -> str:
    old = f"CAST(substr({id_sql}, {pos}, 1) AS INTEGER)"
    digit = f"CAST(({old} + 1 + ri({key}, '{salt}', 9)) % 10 AS VARCHAR)"
    return f"(substr({id_sql}, 1, {pos} - 1) || {digit} || substr({id_sql}, {pos} + 1))"


def name_variant_sql(name_sql: str, key: str) -> str:
    """Uyghur names get another dot (or none); Han names a stray space."""
    dots = sql_list(DOT_VARIANTS)
    return (
        f"CASE WHEN strpos({name_sql}, '·') > 0 "
        f"THEN replace({name_sql}, '·', {dots}[1 + ri({key}, 'dot', {len(DOT_VARIANTS)})]) "
        f"ELSE substr({name_sql}, 1, 1) || ' ' || substr({name_sql}, 2) END"
    )


class Planter:
    def __init__(self, con: duckdb.DuckDBPyConnection, scale: Scale) -> None:
        self.con, self.scale = con, scale
        self.n, self.nf = scale.plants, max(2, scale.plants // 2)
        con.execute("CREATE OR REPLACE TABLE used (pid BIGINT)")
        con.execute("CREATE OR REPLACE TABLE truth (rule VARCHAR, subject VARCHAR, kind VARCHAR)")
        con.execute("CREATE OR REPLACE TABLE decoys (rule VARCHAR, subject VARCHAR, note VARCHAR)")
        con.execute("CREATE OR REPLACE TABLE extra_contracts AS SELECT * FROM contracts LIMIT 0")
        con.execute(
            "ALTER TABLE extra_contracts ADD COLUMN contractor_name VARCHAR; "
            "ALTER TABLE extra_contracts ADD COLUMN contractor_code VARCHAR"
        )
        self._sets()

    def _sets(self) -> None:
        self.con.execute(
            """
            CREATE OR REPLACE TABLE cadre_kin AS
            SELECT r.relative_pid AS pid FROM relatives r JOIN officials o ON o.pid = r.pid
            WHERE o.category = '村干部'
            UNION SELECT r.pid FROM relatives r JOIN officials o ON o.pid = r.relative_pid
            WHERE o.category = '村干部'
            UNION SELECT m.pid FROM persons m JOIN persons c ON c.h = m.h
            JOIN officials o ON o.pid = c.pid WHERE o.category = '村干部'
            """
        )
        self.con.execute(
            """
            CREATE OR REPLACE TABLE plain AS
            SELECT pid FROM persons
            WHERE h NOT IN (SELECT h FROM sensitive)
              AND pid NOT IN (SELECT pid FROM deaths)
              AND pid IN (SELECT pid FROM enrol)
            """
        )

    def pick(self, name: str, candidates: str, n: int, salt: str) -> int:
        self.con.execute(
            f"""
            CREATE OR REPLACE TABLE {name} AS
            SELECT c.*, row_number() OVER (ORDER BY hx(c.pid, '{salt}')) AS i
            FROM ({candidates}) c
            WHERE c.pid NOT IN (SELECT pid FROM used)
            QUALIFY i <= {n}
            """
        )
        self.con.execute(f"INSERT INTO used SELECT pid FROM {name}")
        return int(self.con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0])

    def truth(self, rule: str, table: str, fuzzy_from: int | None = None) -> None:
        kind = (
            "'exact'"
            if fuzzy_from is None
            else f"CASE WHEN i > {fuzzy_from} THEN 'fuzzy' ELSE 'exact' END"
        )
        self.con.execute(
            f"INSERT INTO truth SELECT '{rule}', p.id_no, {kind} "
            f"FROM {table} t JOIN persons p USING (pid)"
        )

    def enrol(self, table: str, program: str, start: str, length: str) -> None:
        """Add an enrolment for everyone in `table` (start and length are SQL on its columns)."""
        last = self.scale.months - 1
        self.con.execute(
            f"""
            INSERT INTO enrol
            SELECT (SELECT max(eid) FROM enrol) + row_number() OVER (ORDER BY t.pid), t.pid,
                   '{program}', least({start}, {last}), least({last}, {start} + {length}),
                   1.0, p.village_code, p.account
            FROM {table} t JOIN persons p USING (pid)
            """
        )

    # --- death: R01 and R02 -------------------------------------------------------------

    def death_rules(self) -> None:
        s, last = self.scale, self.scale.months - 1
        dm = month_of("d.death_date", s)
        active = f"""
            SELECT d.pid, count(*) AS n_all,
                   count(*) FILTER (WHERE e.end_m = {dm}) AS n_active, min(e.eid) AS first_eid
            FROM deaths d JOIN enrol e USING (pid)
            WHERE {dm} <= {last - 3}
            GROUP BY d.pid
        """
        safe = (
            "pid NOT IN (SELECT pid FROM officials UNION ALL SELECT pid FROM vehicles "
            "UNION ALL SELECT pid FROM companies)"
        )
        self.pick(
            "p_r01",
            f"SELECT pid FROM ({active}) WHERE n_all = 1 AND n_active = 1 AND {safe}",
            self.n + self.nf,
            "r01",
        )
        self.pick(
            "p_r02",
            f"SELECT pid, first_eid FROM ({active}) "
            f"WHERE n_all >= 2 AND n_active = n_all AND {safe}",
            self.n + self.nf,
            "r02",
        )
        extend = f"{dm} + 2 + ri(e.pid, 'ext', 10)"
        self.con.execute(
            f"""
            UPDATE enrol e SET end_m = least({last}, {extend})
            FROM deaths d WHERE d.pid = e.pid AND e.pid IN (SELECT pid FROM p_r01)
            """
        )
        self.con.execute(
            f"""
            UPDATE enrol e SET end_m = least({last}, {extend})
            FROM deaths d WHERE d.pid = e.pid AND e.eid IN (SELECT first_eid FROM p_r02)
            """
        )
        self.truth("R01", "p_r01", self.n)
        self.truth("R01", "p_r02", self.n)
        self.truth("R02", "p_r02", self.n)
        for table in ("p_r01", "p_r02"):
            self.damage_deaths(f"SELECT pid FROM {table} WHERE i > {self.n}")
        self.bare_deaths()

    def damage_deaths(self, pids: str) -> None:
        """Fuzzy plants: typo in the ID, two typos, no ID, or a typo plus a name variant."""
        kind = "ri(pid, 'dmg', 4)"
        self.con.execute(
            f"""
            UPDATE deaths SET
                id_out = CASE {kind} WHEN 0 THEN {typo_sql("id_out", "pid", "f1")}
                                     WHEN 1 THEN {typo_sql("id_out", "pid", "f2", two=True)}
                                     WHEN 2 THEN NULL
                                     ELSE {typo_sql("id_out", "pid", "f3")} END,
                name_out = CASE WHEN {kind} = 3 THEN {name_variant_sql("name_out", "pid")}
                                ELSE name_out END
            WHERE pid IN ({pids})
            """
        )

    def bare_deaths(self) -> None:
        """Death records with nothing but a name: a fuzzy R01 plant whose name only one person
        of the county carries must still be found (the name is unique); a death of someone who
        was never paid, named like a living payee, must not flag that payee (a decoy)."""
        names = "SELECT name, count(*) AS n FROM persons GROUP BY name"
        self.con.execute(
            f"""
            UPDATE deaths SET id_out = NULL, name_out = p.name, bare = true
            FROM persons p
            WHERE p.pid = deaths.pid AND deaths.pid IN (
                SELECT t.pid FROM p_r01 t JOIN persons q USING (pid)
                JOIN ({names}) c ON c.name = q.name
                WHERE t.i > {self.n} AND c.n = 1 AND ri(t.pid, 'bare', 2) = 0)
            """
        )
        self.con.execute(
            f"""
            CREATE OR REPLACE TABLE d_bare AS
            SELECT d.pid AS dead, min(y.pid) AS pid
            FROM deaths d JOIN persons x ON x.pid = d.pid
            JOIN persons y ON y.name = x.name AND y.pid <> x.pid
            WHERE d.pid NOT IN (SELECT pid FROM enrol) AND d.pid NOT IN (SELECT pid FROM used)
              AND y.pid IN (SELECT pid FROM plain) AND y.pid NOT IN (SELECT pid FROM used)
            GROUP BY d.pid
            ORDER BY hx(d.pid, 'bare-decoy')
            LIMIT {self.nf}
            """
        )
        self.con.execute(
            "UPDATE deaths SET id_out = NULL, bare = true WHERE pid IN (SELECT dead FROM d_bare)"
        )
        self.con.execute("INSERT INTO used SELECT pid FROM d_bare")
        self.decoy("R01", "d_bare", "无身份证号的死亡记录，姓名与在世的领取人相同")

    def decoy(self, rule: str, table: str, note: str, subject: str = "p.id_no") -> None:
        self.con.execute(
            f"INSERT INTO decoys SELECT '{rule}', {subject}, '{note}' "
            f"FROM {table} t JOIN persons p USING (pid)"
        )

    # --- officials, relatives, vehicles and companies: R03, R04, R07 ----------------------

    def official_rules(self) -> None:
        s = self.scale
        alive = "pid NOT IN (SELECT pid FROM deaths)"
        owners = "pid NOT IN (SELECT pid FROM vehicles UNION ALL SELECT pid FROM companies)"
        self.pick(
            "p_r03",
            f"SELECT pid FROM officials WHERE {alive} AND {owners} "
            "AND pid NOT IN (SELECT pid FROM cadre_kin WHERE pid NOT IN "
            "(SELECT pid FROM officials WHERE category = '村干部'))",
            self.n + self.nf,
            "r03",
        )
        self.enrol(
            "p_r03", "低保金", f"ri(t.pid, 'r03s', {s.months - 6})", "5 + ri(t.pid, 'r03l', 18)"
        )
        self.truth("R03", "p_r03", self.n)
        kind = "ri(pid, 'odmg', 3)"
        self.con.execute(
            f"""
            UPDATE officials SET id_out = CASE {kind}
                WHEN 0 THEN {typo_sql("id_out", "pid", "o1")}
                WHEN 1 THEN {typo_sql("id_out", "pid", "o2", two=True)}
                ELSE NULL END
            WHERE pid IN (SELECT pid FROM p_r03 WHERE i > {self.n})
            """
        )
        self._r04()
        self._r07()

    def _r04(self) -> None:
        s = self.scale
        free = (
            "pid NOT IN (SELECT pid FROM deaths) AND pid NOT IN (SELECT pid FROM officials) "
            "AND pid NOT IN (SELECT pid FROM vehicles UNION ALL SELECT pid FROM companies)"
        )
        # through the relatives table: exactly one row ties the person to a cadre of the village
        by_row = """
            SELECT r.relative_pid AS pid, any_value(r.rid) AS rid, any_value(r.pid) AS cadre
            FROM relatives r JOIN officials o ON o.pid = r.pid AND o.category = '村干部'
            JOIN persons c ON c.pid = r.pid JOIN persons x ON x.pid = r.relative_pid
            WHERE x.h <> c.h AND x.village_idx = c.village_idx
              AND r.relative_pid NOT IN (SELECT m.pid FROM persons m JOIN persons cc ON cc.h = m.h
                                         JOIN officials oo ON oo.pid = cc.pid
                                         AND oo.category = '村干部')
            GROUP BY r.relative_pid
            HAVING count(*) = 1 AND (SELECT count(*) FROM relatives r2
                                     WHERE r2.relative_pid = r.relative_pid
                                        OR r2.pid = r.relative_pid) = 1
        """
        self.pick(
            "p_r04a",
            f"SELECT * FROM ({by_row}) WHERE {free} AND cadre NOT IN (SELECT pid FROM used)",
            self.n // 2 + self.nf,
            "r04a",
        )
        self.pick(
            "p_r04b",
            f"""SELECT DISTINCT m.pid FROM persons m JOIN persons c ON c.h = m.h AND c.pid <> m.pid
                JOIN officials o ON o.pid = c.pid AND o.category = '村干部'
                WHERE {free.replace("pid NOT IN", "m.pid NOT IN")}
                  AND m.h NOT IN (SELECT p.h FROM used u JOIN persons p USING (pid)
                                  JOIN officials oo ON oo.pid = p.pid)""",
            self.n - self.n // 2,
            "r04b",
        )
        self.con.execute("INSERT INTO used SELECT cadre FROM p_r04a")
        self.con.execute(
            "INSERT INTO used SELECT c.pid FROM p_r04b b JOIN persons m USING (pid) "
            "JOIN persons c ON c.h = m.h JOIN officials o ON o.pid = c.pid"
        )
        for table in ("p_r04a", "p_r04b"):
            self.enrol(
                table, "低保金", f"ri(t.pid, 'r04s', {s.months - 6})", "5 + ri(t.pid, 'r04l', 18)"
            )
        self.truth("R04", "p_r04a", self.n // 2)
        self.truth("R04", "p_r04b")
        # fuzzy plants: the payee's side is mistyped, or the cadre's: the personnel record
        # without an ID or with one typo, or the cadre's ID mistyped in the relatives table
        side = "ri(rid, 'r4side', 4)"
        fuzzy = f"SELECT rid, cadre FROM p_r04a WHERE i > {self.n // 2}"
        self.con.execute(
            f"""
            UPDATE relatives SET relative_id_out = {typo_sql("relative_id_out", "rid", "r1")}
            WHERE rid IN (SELECT rid FROM ({fuzzy}) WHERE {side} = 0)
            """
        )
        self.con.execute(
            f"""
            UPDATE relatives SET id_out = {typo_sql("id_out", "rid", "r4c")}
            WHERE rid IN (SELECT rid FROM ({fuzzy}) WHERE {side} = 3)
            """
        )
        # no ID only where name, village and birth date leave one resident; else one typo
        alone = """
            SELECT p.pid FROM persons p JOIN persons q
              ON q.name = p.name AND q.village_idx = p.village_idx AND q.birth_date = p.birth_date
            GROUP BY p.pid HAVING count(*) = 1
        """
        self.con.execute(
            f"""
            UPDATE officials SET id_out = CASE
                WHEN pid IN ({alone}) AND pid IN (SELECT f.cadre FROM ({fuzzy}) f
                                                  WHERE ri(f.rid, 'r4side', 4) = 1) THEN NULL
                ELSE {typo_sql("id_out", "pid", "r4o")} END
            WHERE pid IN (SELECT f.cadre FROM ({fuzzy}) f WHERE ri(f.rid, 'r4side', 4) IN (1, 2))
            """
        )

    def _r07(self) -> None:
        s = self.scale
        free = (
            "pid NOT IN (SELECT pid FROM deaths) AND pid NOT IN (SELECT pid FROM officials) "
            "AND pid NOT IN (SELECT pid FROM cadre_kin)"
        )
        self.pick("p_r07v", f"SELECT pid FROM vehicles WHERE {free}", self.n // 2 + self.nf, "r07v")
        self.pick("p_r07c", f"SELECT pid FROM companies WHERE {free}", self.n - self.n // 2, "r07c")
        for table in ("p_r07v", "p_r07c"):
            self.enrol(
                table, "低保金", f"ri(t.pid, 'r07s', {s.months - 6})", "5 + ri(t.pid, 'r07l', 12)"
            )
        self.truth("R07", "p_r07v", self.n // 2)
        self.truth("R07", "p_r07c")
        self.con.execute(
            f"""
            UPDATE vehicles SET id_out = CASE WHEN ri(pid, 'vdmg', 3) = 0
                THEN {typo_sql("id_out", "pid", "v2", two=True)}
                ELSE {typo_sql("id_out", "pid", "v1")} END
            WHERE pid IN (SELECT pid FROM p_r07v WHERE i > {self.n // 2})
            """
        )
        # decoy: on 低保 early in the period, bought the car after the last payment
        self.pick(
            "d_r07",
            f"SELECT pid FROM vehicles WHERE {free} AND pid NOT IN (SELECT pid FROM companies)",
            5,
            "d07",
        )
        self.enrol("d_r07", "低保金", "0", "5")
        self.con.execute(
            f"UPDATE vehicles SET reg_date = DATE '{s.start}' + INTERVAL 9 MONTH "
            "WHERE pid IN (SELECT pid FROM d_r07)"
        )
        self.decoy("R07", "d_r07", "车辆在最后一次低保发放之后才登记")

    # --- contracts: R08 and R09 ----------------------------------------------------------

    def contract_rules(self) -> None:
        s = self.scale
        days = (s.end - s.start).days - 120
        start = f"DATE '{s.start}'"
        n = self.n
        # (plant index, part, amount, day offset, method, is_decoy_kind)
        self.con.execute(
            f"""
            CREATE OR REPLACE TABLE split_groups AS
            SELECT g, ri(g, 'sv', {s.villages}) AS village_idx,
                   CAST({start} + INTERVAL (ri(g, 'sd', {days})) DAY AS DATE) AS d0,
                   CASE WHEN g < {n} THEN 'plant' WHEN g < {n} + 3 THEN 'small_sum'
                        WHEN g < {n} + 6 THEN 'tendered' ELSE 'far_apart' END AS kind,
                   CASE WHEN g < {n} THEN 2 + ri(g, 'sk', 2) ELSE 2 END AS parts,
                   u(g, 'nocode') < 0.3 AS no_code
            FROM range({n} + 9) t(g)
            """
        )
        self.con.execute(
            """
            CREATE OR REPLACE TABLE split_contracts AS
            SELECT g.*, x AS part,
                   CASE WHEN kind = 'plant' AND parts = 2
                        THEN 50000 + 100 * ri(g * 10 + x, 'sa', 450)
                        WHEN kind = 'plant' THEN 35000 + 100 * ri(g * 10 + x, 'sa', 250)
                        WHEN kind = 'small_sum' THEN 30000 + 100 * ri(g * 10 + x, 'sa', 150)
                        ELSE 60000 END AS amount,
                   CASE WHEN x = 0 THEN 0 WHEN kind = 'far_apart' THEN 120
                        ELSE 1 + ri(g * 10 + x, 'so', 40) * (x) END AS offset_days,
                   CASE WHEN kind = 'tendered' AND x = 1 THEN '公开招标'
                        WHEN ri(g * 10 + x, 'sm', 2) = 0 THEN '村级议价' ELSE '直接发包' END
                       AS method
            FROM split_groups g, (SELECT unnest(range(3)) AS x) parts
            WHERE x < g.parts
            """
        )
        self.con.execute(
            """
            INSERT INTO extra_contracts
                (contract_no, project_name, village_idx, company_idx, amount, signed_date,
                 procurement_method, no_code, contractor_name, contractor_code)
            SELECT 'HTS' || lpad(CAST(g AS VARCHAR), 5, '0') || '-' || part,
                   '村道维修（第' || (part + 1) || '标段）', village_idx, NULL, amount,
                   CAST(d0 + INTERVAL (offset_days) DAY AS DATE), method, no_code,
                   '衢江' || g || '号工程队',
                   '92330803MA' || lpad(CAST(g AS VARCHAR), 8, '0')
            FROM split_contracts
            """
        )
        self.con.execute(
            """
            INSERT INTO truth SELECT DISTINCT 'R08',
                CASE WHEN no_code THEN '衢江' || g || '号工程队'
                     ELSE '92330803MA' || lpad(CAST(g AS VARCHAR), 8, '0') END, 'exact'
            FROM split_groups WHERE kind = 'plant'
            """
        )
        self.con.execute(
            """
            INSERT INTO decoys SELECT 'R08',
                CASE WHEN no_code THEN '衢江' || g || '号工程队'
                     ELSE '92330803MA' || lpad(CAST(g AS VARCHAR), 8, '0') END,
                CASE kind WHEN 'small_sum' THEN '合计未达限额'
                          WHEN 'tendered' THEN '其中一份公开招标'
                          ELSE '间隔超过时间窗口' END
            FROM split_groups WHERE kind <> 'plant'
            """
        )
        self._r09()

    def _r09(self) -> None:
        s = self.scale
        days = (s.end - s.start).days
        kin_rows = """
            SELECT r.relative_pid AS pid, o.pid AS cadre FROM relatives r
            JOIN officials o ON o.pid = r.pid AND o.category = '村干部'
            JOIN persons c ON c.pid = o.pid JOIN persons x ON x.pid = r.relative_pid
            WHERE x.village_idx = c.village_idx
        """
        house = """
            SELECT m.pid, o.pid AS cadre
            FROM persons m JOIN persons c ON c.h = m.h AND c.pid <> m.pid
            JOIN officials o ON o.pid = c.pid AND o.category = '村干部'
        """
        third = max(1, self.n // 3)
        clean = "WHERE cadre NOT IN (SELECT pid FROM used)"  # the cadre's own record is intact
        self.pick(
            "p_r09a",
            "SELECT pid, pid AS cadre FROM officials WHERE category = '村干部'",
            third,
            "r09a",
        )
        self.pick(
            "p_r09b",
            f"SELECT pid, min(cadre) AS cadre FROM ({kin_rows}) {clean} GROUP BY pid",
            third,
            "r09b",
        )
        self.pick(
            "p_r09c",
            f"SELECT pid, min(cadre) AS cadre FROM ({house}) {clean} GROUP BY pid",
            self.n - 2 * third,
            "r09c",
        )
        self.pick(
            "d_r09", "SELECT pid, pid AS cadre FROM officials WHERE category = '村干部'", 3, "d09"
        )
        for table in ("p_r09b", "p_r09c"):  # their cadres' records must stay clean
            self.con.execute(f"INSERT INTO used SELECT cadre FROM {table}")
        self.con.execute(
            """
            CREATE OR REPLACE TABLE r09_companies AS
            SELECT row_number() OVER (ORDER BY kind, t.pid) AS k, t.pid, t.cadre, kind,
                   c.village_idx AS cadre_village
            FROM (SELECT pid, cadre, 'plant' AS kind FROM p_r09a
                  UNION ALL SELECT pid, cadre, 'plant' FROM p_r09b
                  UNION ALL SELECT pid, cadre, 'plant' FROM p_r09c
                  UNION ALL SELECT pid, cadre, 'decoy' FROM d_r09) t
            JOIN persons c ON c.pid = t.cadre
            """
        )
        base = int(self.con.execute("SELECT count(*) FROM companies").fetchall()[0][0])
        self.con.execute(
            f"""
            INSERT INTO companies (company_idx, pid, credit_code, company_name, founded_date)
            SELECT {base} + k, pid, '91330803MB' || lpad(CAST(k AS VARCHAR), 8, '0'),
                   '衢江关联' || k || '号建设有限公司', DATE '{s.start}' - INTERVAL 400 DAY
            FROM r09_companies
            """
        )
        self.con.execute(
            "UPDATE companies c SET id_out = p.id_no, name_out = p.name FROM persons p "
            "WHERE p.pid = c.pid AND c.id_out IS NULL"
        )
        self.con.execute(
            f"""
            INSERT INTO extra_contracts
                (contract_no, project_name, village_idx, company_idx, amount, signed_date,
                 procurement_method, no_code, contractor_name, contractor_code)
            SELECT 'HTG' || lpad(CAST(k AS VARCHAR), 5, '0'), '村级道路养护',
                   CASE WHEN kind = 'plant' THEN cadre_village
                        ELSE (cadre_village + 1) % {s.villages} END,
                   {base} + k, 30000 + 100 * ri(k, 'ga', 600),
                   CAST(DATE '{s.start}' + INTERVAL (ri(k, 'gd', {days})) DAY AS DATE),
                   '直接发包', false, NULL, NULL
            FROM r09_companies
            """
        )
        self.con.execute(
            "INSERT INTO truth SELECT 'R09', 'HTG' || lpad(CAST(k AS VARCHAR), 5, '0'), 'exact' "
            "FROM r09_companies WHERE kind = 'plant'"
        )
        self.con.execute(
            "INSERT INTO decoys SELECT 'R09', 'HTG' || lpad(CAST(k AS VARCHAR), 5, '0'), "
            "'村干部的企业在别村承包' FROM r09_companies WHERE kind = 'decoy'"
        )

    # --- R12 needs an enrolment; the rest work on the expanded payments ------------------

    def age_rule(self) -> None:
        s = self.scale
        self.pick(
            "p_r12",
            f"""SELECT pid FROM persons WHERE pid IN (SELECT pid FROM plain)
                AND birth_date + INTERVAL 70 YEAR <= DATE '{s.start}'
                AND birth_date + INTERVAL 80 YEAR > DATE '{s.end}'""",
            self.n,
            "r12",
        )
        self.enrol(
            "p_r12", "高龄津贴", f"ri(t.pid, 'r12s', {s.months - 3})", "2 + ri(t.pid, 'r12l', 10)"
        )
        self.truth("R12", "p_r12")

    def payment_rules(self) -> None:
        s = self.scale
        first_pay = """
            SELECT p.*, row_number() OVER (PARTITION BY p.pid ORDER BY p.eid, p.m) AS k
            FROM pay p WHERE p.pid IN (SELECT pid FROM {t})
        """
        # R05: the same payment again in the same month, half of them by another village
        self.pick("p_r05", "SELECT pid FROM plain", self.n, "r05")
        self.con.execute(
            f"""
            INSERT INTO pay
            SELECT f.eid, f.pid, f.m, f.pay_date + INTERVAL 3 DAY, f.program, f.id_no, f.name,
                   CASE WHEN t.i % 2 = 0 THEN f.village_code ELSE v.village_code END,
                   f.amount, f.account
            FROM ({first_pay.format(t="p_r05")}) f JOIN p_r05 t USING (pid)
            JOIN persons pe USING (pid)
            JOIN villages v ON v.village_idx = (pe.village_idx + 1) % {s.villages}
            WHERE f.k = 1
            """
        )
        self.truth("R05", "p_r05")
        self._r05_with_a_gap(first_pay)
        # R06: paid above the standard
        self.pick("p_r06", "SELECT pid FROM plain", self.n, "r06")
        self.con.execute(
            f"""
            UPDATE pay SET amount = pay.amount * 2 + 10
            FROM ({first_pay.format(t="p_r06")}) f
            WHERE pay.eid = f.eid AND pay.m = f.m AND f.k = 1
            """
        )
        self.truth("R06", "p_r06")
        self._shared_accounts()
        self._bad_ids()
        self._payment_decoys()
        self._reversal_decoys()

    def _r05_with_a_gap(self, first_pay: str) -> None:
        """Paid twice in the first month and not at all in the third: as many payments as
        months spanned, so counting payments against months cannot find the repeat."""
        one_long = (
            "SELECT pid FROM plain WHERE pid IN (SELECT pid FROM enrol GROUP BY pid "
            "HAVING count(*) = 1 AND min(end_m - start_m) >= 4)"
        )
        self.pick("p_r05g", one_long, max(2, self.n // 4), "r05g")
        self.con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE r05g_rows AS
            SELECT f.* FROM ({first_pay.format(t="p_r05g")}) f WHERE f.k IN (1, 3)
            """
        )
        self.con.execute(
            """
            INSERT INTO pay
            SELECT eid, pid, m, pay_date + INTERVAL 3 DAY, program, id_no, name, village_code,
                   amount, account
            FROM r05g_rows WHERE k = 1
            """
        )
        self.con.execute(
            "DELETE FROM pay USING r05g_rows r WHERE r.k = 3 AND pay.eid = r.eid AND pay.m = r.m"
        )
        self.truth("R05", "p_r05g")

    def _reversal_decoys(self) -> None:
        """Reversals (冲回, a negative amount) are not payments: a payment taken back and paid
        again in the same month (R05), and money taken back two months after a death (R01,
        R02)."""
        s = self.scale
        self.pick(
            "d_r05",
            "SELECT pid FROM plain WHERE pid IN (SELECT pid FROM enrol GROUP BY pid "
            "HAVING count(*) = 1)",
            10,
            "d05",
        )
        self.con.execute(
            """
            INSERT INTO pay
            SELECT f.eid, f.pid, f.m, f.pay_date + INTERVAL (x) DAY, f.program, f.id_no, f.name,
                   f.village_code, CASE WHEN x = 1 THEN -f.amount ELSE f.amount END, f.account
            FROM (SELECT p.*, row_number() OVER (PARTITION BY p.pid ORDER BY p.m) AS k
                  FROM pay p WHERE p.pid IN (SELECT pid FROM d_r05)) f
            CROSS JOIN (SELECT unnest([1, 2]) AS x) twice
            WHERE f.k = 1
            """
        )
        self.decoy("R05", "d_r05", "发放后冲回、再重新发放（同月只实得一笔）")
        dm = month_of("d.death_date", s)
        self.pick(
            "d_back",
            f"""SELECT DISTINCT d.pid FROM deaths d JOIN pay USING (pid)
                WHERE {dm} <= {s.months - 4}""",
            10,
            "dback",
        )
        back = "CAST(d.death_date + INTERVAL 60 DAY AS DATE)"
        self.con.execute(
            f"""
            INSERT INTO pay
            SELECT l.eid, l.pid, {month_of(back, s)}, {back}, l.program, l.id_no, l.name,
                   l.village_code, -l.amount, l.account
            FROM (SELECT p.*, row_number() OVER (PARTITION BY p.pid ORDER BY p.m DESC) AS k
                  FROM pay p WHERE p.pid IN (SELECT pid FROM d_back)) l
            JOIN deaths d USING (pid)
            WHERE l.k = 1
            """
        )
        self.decoy("R01", "d_back", "死亡后冲回多发的补贴（负数金额）")
        self.decoy("R02", "d_back", "死亡后冲回多发的补贴（负数金额）")

    def _shared_accounts(self) -> None:
        self.con.execute(
            """
            CREATE OR REPLACE TABLE r10_groups AS
            WITH c AS (
                SELECT p.pid, p.h, p.village_idx,
                       row_number() OVER (PARTITION BY p.village_idx ORDER BY hx(p.pid, 'r10'))
                           AS rn
                FROM persons p
                WHERE p.pid IN (SELECT pid FROM plain) AND p.pid NOT IN (SELECT pid FROM used)
            )
            SELECT village_idx * 1000000 + (rn - 1) // 3 AS g, pid, h FROM c
            """
        )
        self.con.execute(
            f"""
            CREATE OR REPLACE TABLE p_r10 AS
            SELECT g, pid FROM r10_groups WHERE g IN (
                SELECT g FROM r10_groups GROUP BY g
                HAVING count(*) = 3 AND count(DISTINCT h) >= 2
                ORDER BY hx(g, 'r10g') LIMIT {self.n})
            """
        )
        self.con.execute("INSERT INTO used SELECT pid FROM p_r10")
        self.con.execute(
            """
            UPDATE pay SET account = '6230' || lpad(CAST(t.g AS VARCHAR), 12, '0')
            FROM p_r10 t WHERE pay.pid = t.pid
            """
        )
        self.con.execute(
            "INSERT INTO truth SELECT DISTINCT 'R10', '6230' || lpad(CAST(g AS VARCHAR), 12, '0'), "
            "'exact' FROM p_r10"
        )

    def _bad_ids(self) -> None:
        self.pick("p_r11", "SELECT pid FROM plain", self.n, "r11")
        self.con.execute(
            """
            CREATE OR REPLACE TABLE r11_ids AS
            SELECT t.pid, t.i, CASE
                WHEN t.i = 1 AND substr(p.id_no, 7, 2) = '19'
                    THEN substr(p.id_no, 1, 6) || substr(p.id_no, 9, 9)
                ELSE substr(p.id_no, 1, 14 + (t.i % 3))
                     || CAST((CAST(substr(p.id_no, 15 + (t.i % 3), 1) AS INTEGER) + 1
                              + ri(t.pid, 'r11d', 9)) % 10 AS VARCHAR)
                     || substr(p.id_no, 16 + (t.i % 3)) END AS bad_id
            FROM p_r11 t JOIN persons p USING (pid)
            """
        )
        self.con.execute("UPDATE pay SET id_no = r.bad_id FROM r11_ids r WHERE pay.pid = r.pid")
        self.con.execute("INSERT INTO truth SELECT 'R11', bad_id, 'exact' FROM r11_ids")
        # one payment with no ID number at all
        self.con.execute(
            """
            INSERT INTO pay
            SELECT p.eid, p.pid, p.m, p.pay_date, p.program, NULL, p.name, p.village_code,
                   p.amount, p.account
            FROM pay p WHERE p.pid = (SELECT min(pid) FROM p_r11) ORDER BY p.m LIMIT 1
            """
        )
        self.con.execute("INSERT INTO truth VALUES ('R11', '(空)', 'exact')")

    def _payment_decoys(self) -> None:
        s = self.scale
        dm = month_of("d.death_date", s)
        self.pick(
            "d_r01",
            f"""SELECT DISTINCT d.pid FROM deaths d JOIN pay USING (pid)
                WHERE pay.pay_date > d.death_date AND pay.m = {dm}""",
            10,
            "d01",
        )
        self.decoy("R01", "d_r01", "死亡当月、死亡日之后发放（在宽限期内）")
        self.pick(
            "d_r06",
            """SELECT DISTINCT pay.pid FROM pay JOIN standards s
                 ON s.program = pay.program AND pay.pay_date >= s.start_date
                AND (s.end_date IS NULL OR pay.pay_date <= s.end_date)
               WHERE pay.amount = s.amount AND pay.program = '低保金'
                 AND pay.pid IN (SELECT pid FROM plain)""",
            10,
            "d06",
        )
        self.decoy("R06", "d_r06", "金额恰好等于标准")
        # R12: the first allowance paid on the 80th birthday itself
        self.pick(
            "d_r12",
            f"""SELECT pid FROM persons WHERE pid IN (SELECT pid FROM plain)
                AND birth_date + INTERVAL 80 YEAR BETWEEN DATE '{s.start}' AND DATE '{s.end}'
                AND NOT (month(birth_date) = 2 AND day(birth_date) = 29)
                AND pid IN (SELECT pid FROM enrol WHERE program = '高龄津贴')""",
            10,
            "d12",
        )
        self.con.execute(
            f"""
            INSERT INTO pay
            SELECT 0, p.pid, {month_of("CAST(p.birth_date + INTERVAL 80 YEAR AS DATE)", s)},
                   CAST(p.birth_date + INTERVAL 80 YEAR AS DATE), '高龄津贴', p.id_no, p.name,
                   p.village_code, 100, p.account
            FROM d_r12 JOIN persons p USING (pid)
            """
        )
        self.decoy("R12", "d_r12", "80周岁生日当天发放")
        # R10: one household of three sharing the head's account
        self.con.execute(
            """
            CREATE OR REPLACE TABLE d_r10 AS
            SELECT h FROM persons
            WHERE h IN (SELECT h FROM households WHERE size >= 3)
              AND h NOT IN (SELECT h FROM sensitive)
              AND h NOT IN (SELECT p.h FROM used u JOIN persons p USING (pid))
              AND h NOT IN (SELECT p.h FROM deaths d JOIN persons p USING (pid))
              AND h NOT IN (SELECT p.h FROM enrol e JOIN persons p USING (pid)
                            WHERE e.program = '重度残疾人护理补贴')
            GROUP BY h ORDER BY hx(h, 'd10') LIMIT 3
            """
        )
        self.con.execute(
            "INSERT INTO used SELECT pid FROM persons WHERE h IN (SELECT h FROM d_r10)"
        )
        self.con.execute(
            f"""
            INSERT INTO pay
            SELECT 0, p.pid, x, make_date({s.first_year}, 1 + x, 20), '重度残疾人护理补贴',
                   p.id_no, p.name, p.village_code, 90, head.account
            FROM persons p JOIN persons head ON head.h = p.h AND head.k = 0
            CROSS JOIN (SELECT unnest(range(12)) AS x) months
            WHERE p.h IN (SELECT h FROM d_r10) AND p.k < 3
            """
        )
        self.con.execute(
            "INSERT INTO decoys SELECT 'R10', account, '同一户三人共用户主账号' "
            "FROM persons WHERE h IN (SELECT h FROM d_r10) AND k = 0"
        )
