"""Linking people named in other registers to the payees, exactly by ID or probabilistically.

A death, official, relative, vehicle or company record links to a payee when its 身份证号 equals the
payee's. Otherwise (no ID, or an ID one or two characters off) Splink scores candidate payees on
ID similarity, normalised name (and its pinyin), birth date (from the ID or the record) and village,
with fixed m/u probabilities: no training, no randomness, the same links on every run. A record
links fuzzily only to a single clear best candidate.

Output table `links`: src, row_id, role, person_id, kind ('exact' | 'fuzzy'), probability.
"""

# SQL here is assembled from the contract's own identifiers and typed, quoted parameters,
# never from text in the data files.
# ruff: noqa: S608

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from .edits import (
    within_one_character,
    within_one_edit,
    within_two_edits,
    within_two_edits_inside,
)
from .idnumbers import problems_table
from .lists import list_table
from .names import name_key, pinyin_map
from .progress import Progress, silent

LINK_THRESHOLD = 0.9  # a fuzzy link needs this match probability, and no rival reaching it
# A record with no usable ID whose name only one person of the county carries (residents and
# payees together) is that person, unless the person is missing from the registers: the
# platform puts that chance at 5% (its assumption, not a measurement; raise the threshold above
# it to turn name-only links off).
NAME_UNIQUE_PROBABILITY = 0.95
_DOT_CLASS = "[\\s·•.・‧∙⋅･ˑ。・]+"  # spaces and the middle dot's stand-ins (names.py)
PRIOR_MATCH = 5e-6  # chance that a mention and a random payee are the same person

BIRTH_FROM_ID = (
    "CASE WHEN length({c}) = 18 THEN CAST(try_strptime(substr({c}, 7, 8), '%Y%m%d') AS DATE) END"
)

# every record naming a person, by source table: id, name, birth date written in the record
# itself, village
_MENTIONS: dict[str, str] = {
    "deaths": """
SELECT 'deaths' AS src, 'person' AS role, row_id, id_no, name,
       birth_date AS record_birth, village_code
FROM deaths""",
    "officials": """
SELECT 'officials' AS src, 'person' AS role, row_id, id_no, name,
       birth_date AS record_birth, village_code
FROM officials""",
    "vehicles": """
SELECT 'vehicles' AS src, 'person' AS role, row_id, id_no, name,
       CAST(NULL AS DATE) AS record_birth, CAST(NULL AS VARCHAR) AS village_code
FROM vehicles""",
    "companies": """
SELECT 'companies' AS src, 'person' AS role, row_id, rep_id_no AS id_no, rep_name AS name,
       CAST(NULL AS DATE) AS record_birth, CAST(NULL AS VARCHAR) AS village_code
FROM companies""",
    # a relative's village is taken to be that of the official on the other side of the row
    "relatives": """
SELECT 'relatives' AS src, 'person' AS role, r.row_id, r.id_no, CAST(NULL AS VARCHAR) AS name,
       CAST(NULL AS DATE) AS record_birth,
       (SELECT min(o.village_code) FROM officials o WHERE o.id_no = r.relative_id_no)
           AS village_code
FROM relatives r
UNION ALL
SELECT 'relatives', 'relative', r.row_id, r.relative_id_no, CAST(NULL AS VARCHAR),
       CAST(NULL AS DATE),
       (SELECT min(o.village_code) FROM officials o WHERE o.id_no = r.id_no)
FROM relatives r""",
}
MENTION_SOURCES = frozenset(_MENTIONS)


@dataclass
class LinkStats:
    exact: int = 0
    fuzzy: int = 0
    candidates: int = 0  # records sent to probabilistic linking
    ambiguous: int = 0  # records with two or more equally good payees: left unlinked
    name_unique: int = 0  # records without a usable ID linked by a name unique in the county


def build_links(
    con: duckdb.DuckDBPyConnection,
    threshold: float = LINK_THRESHOLD,
    progress: Progress = silent,
    sources: frozenset[str] = MENTION_SOURCES,
    predict: Callable[[duckdb.DuckDBPyConnection], None] | None = None,
    only: str | None = None,
) -> LinkStats:
    """Create table `links` from the views deaths, officials, relatives, vehicles, companies,
    residents and people (one row per payee ID) that must already exist in `con`.

    Only records of `sources` are linked (those the chosen rules read), and of those only the
    records named in table `only` (src, row_id) when given; a record's link never depends on
    the other records, so a smaller run gives the same links for what it covers.
    """
    progress(0.0, "整理姓名与身份证号")
    parts = [_MENTIONS[s] for s in sorted(sources & MENTION_SOURCES)] or [
        _MENTIONS["deaths"] + " LIMIT 0"
    ]
    con.execute(f"CREATE OR REPLACE TEMP TABLE __qf_mentions AS {' UNION ALL '.join(parts)}")
    con.execute("DELETE FROM __qf_mentions WHERE id_no IS NULL AND name IS NULL")
    if only is not None:  # a table of (src, row_id): link only those records (link_growth.py)
        con.execute(
            f"DELETE FROM __qf_mentions WHERE NOT EXISTS (SELECT 1 FROM {only} o "
            "WHERE o.src = __qf_mentions.src AND o.row_id = __qf_mentions.row_id)"
        )
    stats = LinkStats()
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE links AS
        SELECT m.src, m.row_id, m.role, p.id_no AS person_id,
               'exact' AS kind, CAST(1.0 AS DOUBLE) AS probability
        FROM __qf_mentions m JOIN people p ON p.id_no = m.id_no
        """
    )
    stats.exact = _count(con, "SELECT count(*) FROM links")
    con.execute(
        "CREATE OR REPLACE TEMP TABLE __qf_unmatched AS SELECT * FROM __qf_mentions m "
        "WHERE NOT EXISTS (SELECT 1 FROM people p WHERE p.id_no = m.id_no)"
    )
    _name_keys(con)  # only for the records left and the payees they may match
    _id_validity(con, "SELECT id_no FROM __qf_unmatched")  # the payees' once blocked, below
    # a valid ID of a resident (not a payee) under the same name is that resident, not a typo
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE __qf_fuzzy_mentions AS
        SELECT m.src || ':' || m.role || ':' || m.row_id AS unique_id, m.src, m.role, m.row_id,
               m.id_no, coalesce(v.valid, false) AS id_valid, n.name_key, n.name_py,
               -- the record's own birth date first: the one inside a mistyped ID is suspect
               strftime(coalesce(m.record_birth,
                                 CASE WHEN v.valid THEN {BIRTH_FROM_ID.format(c="m.id_no")} END),
                        '%Y-%m-%d') AS birth_date,
               m.village_code,
               substr(m.village_code, 1, 9) AS township
        FROM __qf_unmatched m
        LEFT JOIN __qf_names n ON n.name = m.name
        LEFT JOIN __qf_idvalid v ON v.id_no = m.id_no
        WHERE NOT (coalesce(v.valid, false) AND EXISTS (
              SELECT 1 FROM residents r LEFT JOIN __qf_names rn ON rn.name = r.name
              WHERE r.id_no = m.id_no AND (n.name_key IS NULL OR rn.name_key = n.name_key)))
        """
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE __qf_fuzzy_left AS "
        "SELECT * EXCLUDE (src, role, row_id) FROM __qf_fuzzy_mentions"
    )
    stats.candidates = _count(con, "SELECT count(*) FROM __qf_fuzzy_left")
    if stats.candidates and _count(con, "SELECT count(*) FROM people"):
        progress(0.3, f"模糊匹配 {stats.candidates} 条记录")
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE __qf_fuzzy_right AS
            SELECT p.id_no AS unique_id, p.id_no,
                   n.name_key, n.name_py, strftime(p.birth_date, '%Y-%m-%d') AS birth_date,
                   p.village_code, substr(p.village_code, 1, 9) AS township
            FROM people p
            LEFT JOIN __qf_names n ON n.name = p.name
            """
        )
        _keep_blocked_payees(con)
        # GB 11643 checks only for the payees some block pairs with a record (blocking never
        # reads id_valid), not for the county's every payee
        _id_validity(con, "SELECT id_no FROM __qf_fuzzy_right")
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE __qf_fuzzy_right AS
            SELECT r.unique_id, r.id_no, coalesce(v.valid, false) AS id_valid,
                   r.* EXCLUDE (unique_id, id_no)
            FROM __qf_fuzzy_right r LEFT JOIN __qf_idvalid v ON v.id_no = r.id_no
            """
        )
        (predict or _splink_predict)(con)  # spark_linking.spark_predict with --engine spark
        stats.fuzzy, stats.ambiguous = _choose(con, threshold)
    if stats.candidates and threshold <= NAME_UNIQUE_PROBABILITY:
        stats.name_unique = _link_unique_names(con)
    progress(
        1.0,
        f"关联完成：身份证号一致 {stats.exact} 条，模糊匹配 {stats.fuzzy} 条，"
        f"姓名唯一匹配 {stats.name_unique} 条",
    )
    return stats


def warm_up() -> threading.Thread:
    """Import Splink and pypinyin in the background (over a second of a run's start) while
    DuckDB loads the tables; the import lock makes a later import wait for it."""

    def imports() -> None:
        import pypinyin  # noqa: F401
        import splink  # noqa: F401

    thread = threading.Thread(target=imports, daemon=True)
    thread.start()
    return thread


# a name of CJK ideographs only is its own matching key (NFKC leaves U+4E00-U+9FFF alone, and
# it has no space or dot to drop): only the other names go through names.name_key in Python
_PLAIN_NAME = "regexp_full_match(name, '[\u4e00-\u9fff]+')"


def _name_keys(con: duckdb.DuckDBPyConnection) -> None:
    """Table __qf_names(name, name_key, name_py) for every name in people and mentions."""
    rows = con.execute(
        f"SELECT name, {_PLAIN_NAME} FROM (SELECT DISTINCT name FROM ("
        "SELECT name FROM __qf_unmatched UNION ALL "
        "SELECT name FROM people UNION ALL SELECT name FROM residents "
        "WHERE id_no IN (SELECT id_no FROM __qf_unmatched)) WHERE name IS NOT NULL)"
    ).fetchall()
    names = [n for n, _plain in rows]
    keys = [n if plain else name_key(n) for n, plain in rows]
    name_table(con, "__qf_names", names, keys)


def name_table(
    con: duckdb.DuckDBPyConnection, table: str, names: list[str], keys: list[str | None]
) -> None:
    """Temp table `table`(name, name_key, name_py): each name, its matching key and the key's
    pinyin."""
    chars = pinyin_map({c for k in keys if k for c in k})
    pys = [" ".join(chars[c] for c in k) if k else None for k in keys]
    columns = {"name": names, "name_key": keys, "name_py": pys}
    list_table(con, table, {c: ("VARCHAR", values) for c, values in columns.items()})


def _id_validity(con: duckdb.DuckDBPyConnection, ids: str) -> None:
    """Table __qf_idvalid(id_no, valid) of the IDs `ids` selects, by the GB 11643 checks of
    idnumbers.py."""
    problems_table(con, ids, "__qf_idcheck")
    con.execute(
        "CREATE OR REPLACE TEMP TABLE __qf_idvalid AS "
        "SELECT id AS id_no, problem IS NULL AS valid FROM __qf_idcheck"
    )
    con.execute("DROP TABLE __qf_idcheck")


def _level(sql: str, label: str, m: float, u: float, null: bool = False) -> dict[str, object]:
    if null:
        return {"sql_condition": sql, "label_for_charts": label, "is_null_level": True}
    return {"sql_condition": sql, "label_for_charts": label, "m_probability": m, "u_probability": u}


def _settings(spark: bool = False) -> dict[str, object]:
    """Fixed Fellegi-Sunter parameters (m: among true matches, u: among random pairs). With
    `spark`, the same tests in SQL Spark knows (edits.py: no `hamming` there)."""
    id_cmp = [
        _level("id_no_l IS NULL OR id_no_r IS NULL", "null", 0, 0, null=True),
        # ISO 7064 MOD 11-2 catches every single typo, so two valid, different IDs are two people
        _level("id_valid_l AND id_valid_r", "both valid, different", 0.002, 0.97),
        _level(within_one_edit("id_no_l", "id_no_r", spark), "one typo", 0.65, 1e-6),
        # people born the same day in one county share 14 of 18 characters: two edits is weak
        _level(within_two_edits("id_no_l", "id_no_r", spark), "two typos", 0.3, 1e-4),
        _level("ELSE", "different", 0.048, 0.03),
    ]
    name_cmp = [
        _level("name_key_l IS NULL OR name_key_r IS NULL", "null", 0, 0, null=True),
        _level("name_key_l = name_key_r", "same", 0.88, 3e-4),
        _level("name_py_l = name_py_r", "same pinyin", 0.05, 1e-4),
        # in characters on both engines (DuckDB's levenshtein counts bytes: edits.py)
        _level(
            within_one_character("name_key_l", "name_key_r", spark)
            + " AND least(length(name_key_l), length(name_key_r)) >= 3",
            "one character off in a long name",
            0.07,
            0.001,
        ),
        # registers misspell names (homophones, one character) but never swap them wholesale
        _level("ELSE", "different", 1e-7, 0.9986),
    ]
    birth_cmp = [
        _level("birth_date_l IS NULL OR birth_date_r IS NULL", "null", 0, 0, null=True),
        _level("birth_date_l = birth_date_r", "same", 0.92, 4e-5),
        _level("levenshtein(birth_date_l, birth_date_r) <= 1", "one digit off", 0.06, 2e-3),
        _level("ELSE", "different", 0.02, 0.998),
    ]
    village_cmp = [
        _level("village_code_l IS NULL OR village_code_r IS NULL", "null", 0, 0, null=True),
        _level("village_code_l = village_code_r", "same village", 0.88, 4e-3),
        _level("township_l = township_r", "same township", 0.07, 0.06),
        _level("ELSE", "different", 0.05, 0.936),
    ]
    return {
        "link_type": "link_only",
        "probability_two_random_records_match": PRIOR_MATCH,
        "comparisons": [
            {"output_column_name": "id_no", "comparison_levels": id_cmp},
            {"output_column_name": "name_key", "comparison_levels": name_cmp},
            {"output_column_name": "birth_date", "comparison_levels": birth_cmp},
            {"output_column_name": "village_code", "comparison_levels": village_cmp},
        ],
        "blocking_rules_to_generate_predictions": [
            "l.name_key = r.name_key",
            "l.birth_date = r.birth_date",
            "l.name_py = r.name_py AND l.village_code = r.village_code",
            # one mistyped character leaves one of these three parts of the ID intact
            "substr(l.id_no, 1, 14) = substr(r.id_no, 1, 14)",
            "substr(l.id_no, 7, 12) = substr(r.id_no, 7, 12)",
            # (the weakest block: hundreds of thousands of pairs of the county sharing the last
            # four characters. A pair more than two typos apart that no block above brings in
            # has another name and birth date and stays below 0.8: it is not scored)
            "substr(l.id_no, 1, 6) = substr(r.id_no, 1, 6) "
            "AND substr(l.id_no, 15, 4) = substr(r.id_no, 15, 4) "
            f"AND {within_two_edits_inside('l.id_no', 'r.id_no', spark)}",
        ],
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": False,
        "additional_columns_to_retain": [],
    }


def _keep_blocked_payees(con: duckdb.DuckDBPyConnection) -> None:
    """Only the payees some blocking rule pairs with a record go to Splink: the same pairs are
    scored, without carrying the county's every payee through Splink's joins."""
    pairs = " UNION ".join(
        f"SELECT r.unique_id FROM __qf_fuzzy_left l JOIN __qf_fuzzy_right r ON {rule}"
        for rule in _settings()["blocking_rules_to_generate_predictions"]  # type: ignore[union-attr]
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE __qf_fuzzy_right AS SELECT * FROM __qf_fuzzy_right "
        f"WHERE unique_id IN ({pairs})"
    )


def _splink_predict(con: duckdb.DuckDBPyConnection) -> None:
    """Score candidate pairs with Splink on this DuckDB connection into __qf_pairs."""
    from splink import DuckDBAPI, Linker

    db_api = DuckDBAPI(con)
    left = db_api.register("__qf_fuzzy_left", table_name="mentions")
    right = db_api.register("__qf_fuzzy_right", table_name="payees")
    linker = Linker([left, right], _settings(), log_level=None)
    logging.getLogger("splink").setLevel(logging.ERROR)
    pairs = linker.inference.predict(threshold_match_probability=0.5, warning_mode="never")
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE __qf_pairs AS
        SELECT CASE WHEN source_dataset_l = 'mentions' THEN unique_id_l ELSE unique_id_r END
                   AS mention_id,
               CASE WHEN source_dataset_l = 'mentions' THEN unique_id_r ELSE unique_id_l END
                   AS person_id,
               match_probability
        FROM {pairs.physical_name}
        """
    )
    db_api.delete_tables_created_by_splink_from_db()


def _choose(con: duckdb.DuckDBPyConnection, threshold: float) -> tuple[int, int]:
    """Keep, per record, the best payee when it passes the threshold and no rival does."""
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE __qf_best AS
        SELECT mention_id, person_id, match_probability,
               count(*) FILTER (WHERE match_probability >= {threshold})
                   OVER (PARTITION BY mention_id) AS n_good,
               row_number() OVER (PARTITION BY mention_id
                                  ORDER BY match_probability DESC, person_id) AS rank
        FROM __qf_pairs
        """
    )
    con.execute(
        f"""
        INSERT INTO links
        SELECT l.src, l.row_id, l.role, b.person_id, 'fuzzy', b.match_probability
        FROM __qf_best b JOIN __qf_fuzzy_mentions l ON l.unique_id = b.mention_id
        WHERE b.rank = 1 AND b.n_good = 1 AND b.match_probability >= {threshold}
        """
    )
    fuzzy = _count(con, "SELECT count(*) FROM links WHERE kind = 'fuzzy'")
    ambiguous = _count(con, "SELECT count(DISTINCT mention_id) FROM __qf_best WHERE n_good > 1")
    return fuzzy, ambiguous


def _link_unique_names(con: duckdb.DuckDBPyConnection) -> int:
    """Records still unlinked, with a name and no valid ID: link to the one person of the
    county (residents and payees) carrying that name and compatible with the record's village
    and birth date, when that person is a payee. A name shared by several and nothing in the
    record to tell them apart links to nobody."""
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE __qf_name_left AS
        SELECT f.src, f.role, f.row_id, f.name_key, f.birth_date, f.village_code
        FROM __qf_fuzzy_mentions f
        WHERE f.name_key IS NOT NULL AND NOT f.id_valid
          AND NOT EXISTS (SELECT 1 FROM links l
                          WHERE l.src = f.src AND l.role = f.role AND l.row_id = f.row_id)
        """
    )
    if not _count(con, "SELECT count(*) FROM __qf_name_left"):
        return 0
    if not _count(con, "SELECT count(*) FROM (SELECT 1 FROM residents LIMIT 1)"):
        return 0  # without the residents register nobody knows whether a name is unique
    key = f"regexp_replace({{c}}, '{_DOT_CLASS}', '', 'g')"
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE __qf_name_pool AS
        SELECT DISTINCT id_no, name_key, village_code, strftime(birth_date, '%Y-%m-%d') AS birth
        FROM (
            SELECT id_no, {key.format(c="name")} AS name_key, village_code,
                   coalesce(birth_date, {BIRTH_FROM_ID.format(c="id_no")}) AS birth_date
            FROM residents
            UNION ALL
            SELECT id_no, {key.format(c="name")}, village_code, birth_date FROM people
        )
        WHERE id_no IS NOT NULL AND name_key IN (SELECT name_key FROM __qf_name_left)
        """
    )
    con.execute(
        f"""
        INSERT INTO links
        SELECT m.src, m.row_id, m.role, min(c.id_no), 'name_unique',
               CAST({NAME_UNIQUE_PROBABILITY} AS DOUBLE)
        FROM __qf_name_left m
        JOIN __qf_name_pool c
          ON c.name_key = m.name_key
         AND (m.village_code IS NULL OR c.village_code IS NULL OR c.village_code = m.village_code)
         AND (m.birth_date IS NULL OR c.birth IS NULL OR c.birth = m.birth_date)
        GROUP BY m.src, m.row_id, m.role
        HAVING count(DISTINCT c.id_no) = 1
           AND min(c.id_no) IN (SELECT id_no FROM people)
        """
    )
    return _count(con, "SELECT count(*) FROM links WHERE kind = 'name_unique'")


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    return int(con.execute(sql).fetchall()[0][0])
