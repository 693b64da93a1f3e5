"""Fuzzy linking: typos and missing IDs link, namesakes do not, and runs are reproducible."""

from __future__ import annotations

import json
from pathlib import Path

from qingfeng.screening.engine import run_screening
from qingfeng.screening.engine.runner import screen

PAYEE = "330803194511200344"  # 李四, born 1945-11-20, village 330803100203
NAMESAKE = "33080319480212306X"  # another 李四, born 1948-02-12
HEADER = "发放日期,项目,身份证号,姓名,村代码,金额,银行账号"


def _folder(tmp_path: Path, deaths: str) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    (data / "payments.csv").write_text(
        f"{HEADER}\n2023-07-15,低保金,{PAYEE},李四,330803100203,800,6222\n", encoding="utf-8"
    )
    (data / "deaths.csv").write_text(
        "身份证号,姓名,死亡日期,来源,出生日期,村代码\n" + deaths, encoding="utf-8"
    )
    return data


def test_a_namesake_with_another_birth_date_and_village_does_not_link(tmp_path: Path) -> None:
    data = _folder(
        tmp_path,
        f"{NAMESAKE},李四,2023-01-05,公安,,330803101205\n"
        ",李四,2023-01-05,火化,1948-02-12,330803101205\n"
        ",李 四,2023-01-05,火化,1948-02-12,\n",
    )
    report = screen(data, rules=["R01"])
    assert report.hits == []
    assert report.links.fuzzy == 0


def test_a_missing_id_links_on_name_birth_date_and_village(tmp_path: Path) -> None:
    data = _folder(tmp_path, ",李 四,2023-05-02,火化,1945-11-20,330803100203\n")
    [hit] = run_screening(data, rules=["R01"])
    death = json.loads(hit.evidence)["死亡记录"][0]
    assert hit.subject == PAYEE and hit.fuzzy
    assert death["关联方式"] == "模糊匹配" and death["匹配概率"] >= 0.9
    assert "模糊匹配" in hit.summary


def test_a_one_character_typo_in_the_id_links(tmp_path: Path) -> None:
    typo = PAYEE[:10] + "2" + PAYEE[11:]
    data = _folder(tmp_path, f"{typo},李四,2023-05-02,公安,,\n")
    [hit] = run_screening(data, rules=["R01"])
    assert hit.subject == PAYEE and hit.fuzzy


def test_a_name_alone_never_links(tmp_path: Path) -> None:
    data = _folder(tmp_path, ",李四,2023-05-02,火化,,\n")
    assert run_screening(data, rules=["R01"]) == []


def test_two_equally_good_payees_leave_the_record_unlinked(tmp_path: Path) -> None:
    data = _folder(tmp_path, ",李四,2023-05-02,火化,1945-11-20,330803100203\n")
    twin = "330803194511200328"  # same name, birth date and village; a different person
    with (data / "payments.csv").open("a", encoding="utf-8") as f:
        f.write(f"2023-07-15,低保金,{twin},李四,330803100203,800,6223\n")
    report = screen(data, rules=["R01"])
    assert report.hits == [] and report.links.ambiguous == 1


def test_links_are_the_same_on_every_run(tmp_path: Path) -> None:
    data = _folder(tmp_path, ",李四,2023-05-02,火化,1945-11-20,330803100203\n")
    assert run_screening(data) == run_screening(data)


# --- names unique in the county (issue 13): the residents register says how common a name is

RESIDENTS = "身份证号,姓名,性别,出生日期,村代码,户号,与户主关系\n"


def _with_residents(tmp_path: Path, deaths: str, residents: list[tuple[str, str, str]]) -> Path:
    data = _folder(tmp_path, deaths)
    rows = [f"{i},{n},,,{v},H{k},户主" for k, (i, n, v) in enumerate(residents)]
    (data / "residents.csv").write_text(RESIDENTS + "\n".join(rows) + "\n", encoding="utf-8")
    return data


def test_a_record_without_id_links_when_its_name_is_unique_in_the_county(tmp_path: Path) -> None:
    others = [("330803195001010011", "王五", "330803100203")]
    data = _with_residents(
        tmp_path, ",李四,2023-05-02,火化,,\n", [(PAYEE, "李四", "330803100203"), *others]
    )
    report = screen(data, rules=["R01"])
    [hit] = report.hits
    death = json.loads(hit.evidence)["死亡记录"][0]
    assert hit.subject == PAYEE and hit.fuzzy and report.links.name_unique == 1
    assert death["关联方式"] == "姓名唯一匹配" and death["匹配概率"] == 0.95
    assert "唯一的姓名" in hit.summary


SHARED = [  # a dozen 欧阳秀英 in the county, in several villages; one lives in 330803100207
    (f"33080319500101{i:03d}", "欧阳秀英", f"33080310020{i % 6}") for i in range(12)
]


def _shared(tmp_path: Path, deaths: str) -> Path:
    from stdnum.cn import ric

    bodies = [*SHARED, ("33080319600202002", "欧阳秀英", "330803100207")]
    people = [(b + ric.calc_check_digit(b + "0"), n, v) for b, n, v in bodies]
    data = _with_residents(tmp_path, deaths, people)
    with (data / "payments.csv").open("a", encoding="utf-8") as f:
        for i, _n, v in people:
            f.write(f"2023-07-15,低保金,{i},欧阳秀英,{v},800,62{i[-6:]}\n")
    return data


def test_a_name_shared_by_a_dozen_links_to_nobody(tmp_path: Path) -> None:
    data = _shared(tmp_path, ",欧阳秀英,2023-05-02,火化,,\n")
    report = screen(data, rules=["R01"])
    assert report.hits == [] and report.links.name_unique == 0


def test_a_shared_name_links_when_the_village_leaves_one(tmp_path: Path) -> None:
    data = _shared(tmp_path, ",欧阳 秀英,2023-05-02,火化,,330803100207\n")
    report = screen(data, rules=["R01"])
    [hit] = report.hits
    assert hit.village_code == "330803100207" and report.links.name_unique == 1
    assert json.loads(hit.evidence)["死亡记录"][0]["关联方式"] == "姓名唯一匹配"


def test_a_long_name_one_character_off_links_on_duckdb(tmp_path: Path) -> None:
    """DuckDB's levenshtein counts bytes (欧阳春兰 and 欧阳春英 are 3 apart there): the name level
    "one character off in a long name" counts characters, as Spark does (another pinyin too)."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "payments.csv").write_text(
        f"{HEADER}\n2023-07-15,低保金,{PAYEE},欧阳春兰,330803100203,800,6222\n", encoding="utf-8"
    )
    (data / "deaths.csv").write_text(
        "身份证号,姓名,死亡日期,来源,出生日期,村代码\n"
        ",欧阳春英,2023-05-02,火化,1945-11-20,330803100203\n",
        encoding="utf-8",
    )
    [hit] = run_screening(data, rules=["R01"])
    death = json.loads(hit.evidence)["死亡记录"][0]
    assert hit.subject == PAYEE and hit.fuzzy
    assert death["关联方式"] == "模糊匹配" and death["匹配概率"] >= 0.9


def test_one_character_counts_characters_not_bytes() -> None:
    import duckdb

    from qingfeng.screening.engine.edits import within_one_character

    con = duckdb.connect()
    test = within_one_character("a", "b")
    cases = {
        ("张三丰", "张三风"): True,  # a substitution
        ("张三丰", "张三"): True,  # a deletion
        ("买买提艾", "买买提艾力"): True,  # an insertion
        ("欧阳春花", "欧春华"): False,  # two apart
        ("张三丰", "李四丰"): False,
        ("abc", "acb"): False,  # a transposition is two characters off
    }
    for (a, b), expected in cases.items():
        sql = f"SELECT {test} FROM (SELECT ?::VARCHAR a, ?::VARCHAR b)"
        [(got,)] = con.execute(sql, [a, b]).fetchall()
        assert got is expected, (a, b)
    assert con.execute("SELECT levenshtein('张三丰', '张三风')").fetchone() == (3,)


def test_one_typo_is_damerau_levenshtein_one() -> None:
    """within_one_edit (nested CASEs, so that DuckDB computes Damerau-Levenshtein only for pairs
    two substitutions apart) says what damerau_levenshtein(a, b) <= 1 says, for substitutions,
    insertions, deletions, swaps and NULLs."""
    import random

    import duckdb

    from qingfeng.screening.engine.edits import within_one_edit

    rng = random.Random(5)
    pairs: list[tuple[str | None, str | None]] = [(None, "1"), ("1", None), (None, None)]
    for _ in range(20000):
        a = [rng.choice("0129X") for _ in range(rng.choice((15, 18)))]
        b = list(a)
        for _ in range(rng.randint(0, 2)):
            at = rng.randrange(len(b))
            op = rng.choice("sidt")
            if op == "s":
                b[at] = rng.choice("0129X")
            elif op == "i":
                b.insert(at, rng.choice("0129X"))
            elif op == "d":
                del b[at]
            elif op == "t" and at + 1 < len(b):
                b[at], b[at + 1] = b[at + 1], b[at]
        pairs.append(("".join(a), "".join(b)))
    con = duckdb.connect()
    con.execute("CREATE TABLE p (a VARCHAR, b VARCHAR)")
    con.executemany("INSERT INTO p VALUES (?, ?)", pairs)
    test = within_one_edit("a", "b")
    wrong, near, far, null = con.execute(
        f"SELECT count(*) FILTER (WHERE ({test}) <> (damerau_levenshtein(a, b) <= 1)), "
        f"count(*) FILTER (WHERE {test}), count(*) FILTER (WHERE NOT ({test})), "
        f"count(*) FILTER (WHERE ({test}) IS NULL) FROM p"
    ).fetchone()
    assert wrong == 0 and null == 0
    assert near > 1000 and far > 1000  # both answers are in the sample
    # a swap of two neighbours is one edit; two substitutions are not
    check = f"SELECT {test} FROM (SELECT ?::VARCHAR a, ?::VARCHAR b)"
    assert con.execute(check, ["330102199001011234", "330102199001011243"]).fetchone() == (True,)
    assert con.execute(check, ["330102199001011234", "330102199001011255"]).fetchone() == (False,)


def test_two_typos_inside_shared_ends_is_two_typos_of_the_whole_number() -> None:
    """The weakest block compares only the 8 characters between an ID's shared first 6 and last
    4: for every pair of numbers sharing those ends it must say what the whole comparison says,
    with insertions, deletions, swaps and other lengths (the whole numbers then compared)."""
    import random

    import duckdb

    from qingfeng.screening.engine.edits import within_two_edits, within_two_edits_inside

    rng = random.Random(11)
    pairs = []
    for _ in range(20000):
        inside = [rng.choice("0129X") for _ in range(8)]
        other = list(inside)
        for _ in range(rng.randint(0, 3)):
            at = rng.randrange(len(other) + 1)
            op = rng.choice("sidt")
            if op == "s" and at < len(other):
                other[at] = rng.choice("0129X")
            elif op == "i":
                other.insert(at, rng.choice("0129X"))
            elif op == "d" and at < len(other):
                del other[at]
            elif op == "t" and at + 1 < len(other):
                other[at], other[at + 1] = other[at + 1], other[at]
        pairs.append(("431022" + "".join(inside) + "0318", "431022" + "".join(other) + "0318"))
    con = duckdb.connect()
    con.execute("CREATE TABLE p (a VARCHAR, b VARCHAR)")
    con.executemany("INSERT INTO p VALUES (?, ?)", pairs)
    whole, inside = within_two_edits("a", "b"), within_two_edits_inside("a", "b")
    same_length, differ, near, far = con.execute(
        f"SELECT count(*) FILTER (WHERE length(b) = 18), count(*) FILTER (WHERE ({whole}) <> "
        f"({inside})), count(*) FILTER (WHERE {inside}), count(*) FILTER (WHERE NOT ({inside})) "
        "FROM p"
    ).fetchone()
    assert differ == 0
    # the sample holds both lengths and both answers, so the test can tell them apart
    assert 0 < same_length < len(pairs) and near > 1000 and far > 1000
    assert con.execute(
        f"SELECT count(*) FROM p WHERE (damerau_levenshtein(a, b) <= 2) <> ({inside})"
    ).fetchone() == (0,)
