"""A record tied to a person by the very ID number but under another name: the summary says so
instead of stating the link as fact (rules/_text.py link_note), in every rule that links records.

Each case is the rule's own fixture with one name changed in a copy: the hit it ties gets the
caution naming the record and the name; a name that only differs by what name matching ignores
(spaces, the ideographic space, the middle dot's forms) gets none."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from qingfeng.screening.engine import run_screening
from qingfeng.screening.engine.rules import all_rules

CASES = [
    # rule, file, ID column, ID, new name, subject of the hit, the caution
    (
        "R01",
        "deaths.csv",
        "身份证号",
        "330803195001011230",
        "李四",
        "330803195001011230",
        "（死亡记录的身份证号与领取人相同，但姓名为“李四”，请核实）。",
    ),
    (
        "R02",
        "deaths.csv",
        "身份证号",
        "330803195001011230",
        "李四",
        "330803195001011230",
        "（死亡记录的身份证号与领取人相同，但姓名为“李四”，请核实）。",
    ),
    (
        "R03",
        "officials.csv",
        "身份证号",
        "330803195803120412",
        "陈敏",
        "330803195803120412",
        "（公职人员名单的身份证号与领取人相同，但姓名为“陈敏”，请核实）。",
    ),
    (  # the payee's own row of the household register
        "R04",
        "residents.csv",
        "身份证号",
        "330803194506161387",
        "林晶",
        "330803194506161387",
        "（户籍登记的身份证号与领取人相同，但姓名为“林晶”，请核实）。",
    ),
    (  # the cadre's row of the household register
        "R04",
        "residents.csv",
        "身份证号",
        "330803198103031500",
        "高锋",
        "330803194506161387",
        "（户籍登记的身份证号与村干部相同，但姓名为“高锋”，请核实）。",
    ),
    (
        "R07",
        "vehicles.csv",
        "身份证号",
        "330803198511110611",
        "周洁",
        "330803198511110611",
        "（车辆登记的身份证号与领取人相同，但姓名为“周洁”，请核实）。",
    ),
    (
        "R07",
        "companies.csv",
        "法定代表人身份证号",
        "330803197208081059",
        "马潮",
        "330803197208081059",
        "（企业登记的法定代表人身份证号与领取人相同，但姓名为“马潮”，请核实）。",
    ),
    (  # the representative is the cadre "本人": by ID, yet the names differ
        "R09",
        "companies.csv",
        "法定代表人身份证号",
        "33080319620930052X",
        "刘阳",
        "HT101",
        "（公职人员名单的身份证号与法定代表人相同，但姓名为“刘洋”，请核实）。",
    ),
    (  # the representative's row of the household register
        "R09",
        "residents.csv",
        "身份证号",
        "330803194506161387",
        "林晶",
        "HT104",
        "（户籍登记的身份证号与法定代表人相同，但姓名为“林晶”，请核实）。",
    ),
]
NAME_COLUMN = {"身份证号": "姓名", "法定代表人身份证号": "法定代表人姓名"}


def _fixture_with(tmp_path: Path, rule: str, file: str, id_col: str, id_no: str, name) -> Path:
    """A copy of the rule's fixture with the name of the rows carrying `id_no` set by `name`
    (a function of the old name)."""
    data = tmp_path / "data"
    shutil.copytree(all_rules()[rule].folder / "input", data)
    path = data / file
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    at_id, at_name = header.index(id_col), header.index(NAME_COLUMN[id_col])
    changed = 0
    for row in rows[1:]:
        if row[at_id] == id_no:
            row[at_name], changed = name(row[at_name]), changed + 1
    assert changed, f"{rule}: no row of {file} carries {id_no}"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return data


def _summaries(data: Path, rule: str) -> dict[str, str]:
    return {h.subject: h.summary for h in run_screening(data, rules=[rule])}


@pytest.mark.parametrize("rule", sorted({c[0] for c in CASES}))
def test_the_fixtures_own_names_give_no_caution(rule: str) -> None:
    summaries = _summaries(all_rules()[rule].folder / "input", rule)
    assert summaries and not any("但姓名为" in s for s in summaries.values())


@pytest.mark.parametrize(
    ("rule", "file", "id_col", "id_no", "name", "subject", "caution"),
    CASES,
    ids=[f"{c[0]}-{c[1]}-{c[4]}" for c in CASES],
)
def test_a_record_tied_by_id_under_another_name_is_flagged(
    tmp_path: Path, rule, file, id_col, id_no, name, subject, caution
) -> None:
    data = _fixture_with(tmp_path, rule, file, id_col, id_no, lambda _old: name)
    summaries = _summaries(data, rule)
    assert summaries[subject].endswith(caution), summaries[subject]
    others = [s for k, s in summaries.items() if k != subject]
    assert not any("但姓名为" in s for s in others)


@pytest.mark.parametrize(
    ("rule", "file", "id_col", "id_no", "subject"),
    [(c[0], c[1], c[2], c[3], c[5]) for c in CASES],
    ids=[f"{c[0]}-{c[1]}-{c[4]}" for c in CASES],
)
def test_a_name_differing_only_in_spacing_is_the_same_name(
    tmp_path: Path, rule, file, id_col, id_no, subject
) -> None:
    # 张三 typed 张　三 (an ideographic space) or with spaces around: the same name to matching
    data = _fixture_with(tmp_path, rule, file, id_col, id_no, lambda old: " \u3000".join(old))
    summaries = _summaries(data, rule)
    assert subject in summaries
    assert "但姓名为" not in summaries[subject], summaries[subject]
