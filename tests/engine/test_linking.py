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
