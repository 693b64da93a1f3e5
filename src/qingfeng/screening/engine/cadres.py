"""Village cadres as the registers really know them (R04, R09).

A cadre's own personnel record may carry no ID number, or a mistyped one, and the relatives table
may carry the cadre's ID mistyped; the payee's side of a relation is linked fuzzily in linking.py,
and the cadre's side is resolved here, in the same spirit:

- `cadres`: each 村干部 row of officials with the resident ID it stands for: its own ID when a
  resident has it (or when there is no residents register); else the one resident of its village
  whose ID is one typo away (ISO 7064 MOD 11-2 catches every single typo, so an invalid ID one
  edit from a resident's is that resident); else, with no usable ID, the one resident of its
  village carrying its name (and birth date, when given). `kind` says how: exact, fuzzy or
  name_unique, with a probability.
- `cadre_ties`: relatives rows naming a cadre on one side (`side` person: 身份证号, relative:
  亲属身份证号), exactly or, when that side's ID is nobody's and one typo from the cadre's, fuzzily.

Both are derived tables written to Parquet, so Spark reads the same ones.
"""

# SQL here is assembled from the contract's own identifiers and fixed constants, never from
# text in the data files.
# ruff: noqa: S608

from __future__ import annotations

import duckdb

from .edits import within_one_edit
from .idnumbers import problems_table
from .linking import BIRTH_FROM_ID

TYPO_PROBABILITY = 0.95  # one typo from exactly one resident of the cadre's own village
NAME_PROBABILITY = 0.9  # the only resident of the village with that name (and birth date)
_KEY = "regexp_replace({c}, '[\\s·•.・‧∙⋅･ˑ。・]+', '', 'g')"

SCHEMAS: dict[str, list[tuple[str, str]]] = {
    "cadres": [
        ("row_id", "BIGINT"),
        ("id_no", "VARCHAR"),
        ("village_code", "VARCHAR"),
        ("kind", "VARCHAR"),
        ("probability", "DOUBLE"),
    ],
    "cadre_ties": [
        ("cadre_row", "BIGINT"),
        ("relatives_row", "BIGINT"),
        ("side", "VARCHAR"),
        ("kind", "VARCHAR"),
        ("probability", "DOUBLE"),
    ],
}


def build_cadres(con: duckdb.DuckDBPyConnection) -> None:
    """Create tables `cadres` and `cadre_ties` from officials, residents and relatives."""
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE __qf_cadre_src AS
        SELECT row_id, id_no, village_code, birth_date, {_KEY.format(c="name")} AS name_key
        FROM officials WHERE regexp_replace(category, '\\s+', '', 'g') = '村干部'
        """
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE __qf_cadre_res AS
        SELECT DISTINCT id_no, village_code, {_KEY.format(c="name")} AS name_key,
               coalesce(birth_date, {BIRTH_FROM_ID.format(c="id_no")}) AS birth_date
        FROM residents
        WHERE id_no IS NOT NULL
          AND village_code IN (SELECT village_code FROM __qf_cadre_src)
        """
    )
    has_residents = bool(
        con.execute("SELECT count(*) FROM (SELECT 1 FROM residents LIMIT 1)").fetchall()[0][0]
    )
    problems_table(
        con, "SELECT id_no FROM __qf_cadre_src WHERE id_no IS NOT NULL", "__qf_cadre_ids"
    )
    # one small table per step: the planner never sees the residents register and the cadres
    # in one correlated query (that took 25 s at county scale)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE __qf_cadre_known AS
        SELECT c.row_id, c.id_no, c.village_code, 'exact' AS kind,
               CAST(1.0 AS DOUBLE) AS probability
        FROM __qf_cadre_src c
        LEFT JOIN (SELECT DISTINCT id_no FROM residents
                   WHERE id_no IN (SELECT id_no FROM __qf_cadre_src)) r ON r.id_no = c.id_no
        LEFT JOIN __qf_cadre_ids v ON v.id = c.id_no
        WHERE c.id_no IS NOT NULL
          AND (NOT {has_residents} OR r.id_no IS NOT NULL OR v.problem IS NULL)
        """
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE __qf_cadre_rest AS SELECT c.* FROM __qf_cadre_src c "
        "ANTI JOIN __qf_cadre_known k ON k.row_id = c.row_id"
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE __qf_cadre_typo AS
        SELECT c.row_id, min(r.id_no) AS id_no, c.village_code, 'fuzzy' AS kind,
               CAST({TYPO_PROBABILITY} AS DOUBLE) AS probability
        FROM __qf_cadre_rest c
        JOIN __qf_cadre_res r ON r.village_code = c.village_code
        WHERE c.id_no IS NOT NULL AND {within_one_edit("c.id_no", "r.id_no")}
        GROUP BY c.row_id, c.village_code
        HAVING count(DISTINCT r.id_no) = 1
        """
    )
    con.execute("DELETE FROM __qf_cadre_rest WHERE row_id IN (SELECT row_id FROM __qf_cadre_typo)")
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE __qf_cadre_named AS
        SELECT c.row_id, min(r.id_no) AS id_no, c.village_code, 'name_unique' AS kind,
               CAST({NAME_PROBABILITY} AS DOUBLE) AS probability
        FROM __qf_cadre_rest c
        JOIN __qf_cadre_res r
          ON r.village_code = c.village_code AND r.name_key = c.name_key
         AND (c.birth_date IS NULL OR r.birth_date IS NULL OR r.birth_date = c.birth_date)
        GROUP BY c.row_id, c.village_code
        HAVING count(DISTINCT r.id_no) = 1
        """
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE cadres AS
        SELECT * FROM __qf_cadre_known UNION ALL SELECT * FROM __qf_cadre_typo
        UNION ALL SELECT * FROM __qf_cadre_named
        UNION ALL
        -- a mistyped ID that no resident explains: kept as given, as before
        SELECT c.row_id, c.id_no, c.village_code, 'exact', CAST(1.0 AS DOUBLE)
        FROM __qf_cadre_rest c
        WHERE c.id_no IS NOT NULL
          AND c.row_id NOT IN (SELECT row_id FROM __qf_cadre_named)
        """
    )
    # relatives rows: the cadre on one side, by ID or by an ID one typo off that is nobody's
    sides = """
        SELECT row_id, 'person' AS side, id_no AS side_id FROM relatives WHERE id_no IS NOT NULL
        UNION ALL
        SELECT row_id, 'relative', relative_id_no FROM relatives WHERE relative_id_no IS NOT NULL
    """
    # one mistyped character leaves one of these three parts of the ID intact
    keys = (
        "substr({c}, 1, 14)",
        "substr({c}, 7, 12)",
        "substr({c}, 1, 6) || substr({c}, 15, 4)",
    )
    key_cols = ", ".join(f"{k.format(c='side_id')} AS k{i}" for i, k in enumerate(keys))
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE __qf_cadre_sides AS SELECT *, {key_cols} FROM ({sides})"
    )
    cadre_cols = ", ".join(f"{k.format(c='id_no')} AS k{i}" for i, k in enumerate(keys))
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE __qf_cadre_keys AS SELECT row_id, id_no, {cadre_cols} "
        "FROM cadres WHERE id_no IS NOT NULL"
    )
    # the typo test inside each block, so that the union only removes duplicates of the few
    # pairs one typo apart (the third block pairs tens of thousands: a county's IDs share their
    # first six characters)
    near = " UNION ".join(
        f"SELECT c.row_id AS cadre_row, s.row_id, s.side, s.side_id FROM __qf_cadre_sides s "
        f"JOIN __qf_cadre_keys c ON s.k{i} = c.k{i} "
        f"WHERE s.side_id <> c.id_no AND {within_one_edit('s.side_id', 'c.id_no')}"
        for i in range(len(keys))
    )
    con.execute(f"CREATE OR REPLACE TEMP TABLE __qf_cadre_near AS {near}")
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE cadre_ties AS
        SELECT c.row_id AS cadre_row, s.row_id AS relatives_row, s.side, 'exact' AS kind,
               CAST(1.0 AS DOUBLE) AS probability
        FROM __qf_cadre_sides s JOIN cadres c ON c.id_no = s.side_id
        UNION ALL
        SELECT n.cadre_row, n.row_id, n.side, 'fuzzy', CAST({TYPO_PROBABILITY} AS DOUBLE)
        FROM __qf_cadre_near n
        WHERE n.side_id NOT IN (
                  SELECT id_no FROM residents
                  WHERE id_no IN (SELECT side_id FROM __qf_cadre_near) AND id_no IS NOT NULL)
          AND n.side_id NOT IN (SELECT id_no FROM cadres WHERE id_no IS NOT NULL)
        """
    )
    for step in ("src", "res", "ids", "known", "rest", "typo", "named", "sides", "near", "keys"):
        con.execute(f"DROP TABLE __qf_cadre_{step}")
