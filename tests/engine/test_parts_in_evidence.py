"""A table given in parts (a zip of monthly files): evidence and messages name the part a record
is in and its row there, never a number counted across the parts that no file has."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import duckdb
import pytest

from qingfeng.screening.engine import DataError, screen
from qingfeng.screening.engine.cache import LoadCache
from qingfeng.screening.engine.loader import load_table

ID = "330803195001011230"
OTHER = "11010519491231002X"
DEATHS_HEADER = "身份证号,姓名,死亡日期,来源"
PAYMENTS_HEADER = "发放日期,项目,身份证号,姓名,村代码,金额,银行账号"


def _payments(folder: Path) -> None:
    rows = [f"2024-0{m}-05,低保金,{ID},张三,330803100201,800,6222" for m in range(1, 5)]
    (folder / "payments.csv").write_text(PAYMENTS_HEADER + "\n" + "\n".join(rows) + "\n")


def _deaths_zip(folder: Path, name: str = "死亡人员.zip", first_rows: int = 5) -> Path:
    """Two months of deaths: the payee's death is on line 3 of the second member, after
    `first_rows` deaths of others in the first (rows 2 to first_rows + 1 of it)."""
    first = [f"{OTHER},某甲,2023-12-{d:02d},民政" for d in range(1, first_rows + 1)]
    second = [f"{OTHER},某乙,2024-01-01,民政", f"{ID},张三,2024-01-10,公安"]
    path = folder / name
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("2023年12月.csv", "\n".join([DEATHS_HEADER, *first]) + "\n")
        archive.writestr("2024年1月.csv", "\n".join([DEATHS_HEADER, *second]) + "\n")
    return path


def _evidence(hit) -> dict[str, list[dict]]:
    return json.loads(hit.evidence)


def _death_record(report) -> dict:
    (hit,) = report.hits
    (record,) = _evidence(hit)["死亡记录"]
    return record


@pytest.mark.parametrize("cached", [False, True], ids=["in-memory", "load-cache"])
def test_evidence_names_the_zip_member_and_the_row_within_it(tmp_path: Path, cached) -> None:
    data = tmp_path / "data"
    data.mkdir()
    _payments(data)
    _deaths_zip(data, "deaths.zip")
    cache = LoadCache(tmp_path / "cache") if cached else None
    runs = 2 if cached else 1  # the second run takes the tables from the cache
    for _ in range(runs):
        record = _death_record(screen(data, rules=["R01"], cache=cache))
        assert record["所在文件"] == "deaths.zip 内的 2024年1月.csv"
        assert record["行号"] == 3  # not 8, its place across both members
        assert record["身份证号"] == ID


def test_a_table_in_one_plain_file_names_no_part(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    _payments(data)
    (data / "deaths.csv").write_text(f"{DEATHS_HEADER}\n{ID},张三,2024-01-10,公安\n")
    (hit,) = screen(data, rules=["R01"]).hits
    evidence = _evidence(hit)
    assert evidence["死亡记录"][0]["行号"] == 2
    assert [r["行号"] for r in evidence["发放记录"]] == [4, 5]  # March and April
    assert not any("所在文件" in r for rs in evidence.values() for r in rs)


def test_a_zip_of_one_member_names_the_member(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    _payments(data)
    with zipfile.ZipFile(data / "deaths.zip", "w") as archive:
        archive.writestr(
            "全年.csv", f"{DEATHS_HEADER}\n{OTHER},某,2023-01-01,民政\n{ID},张三,2024-01-10,公安\n"
        )
    record = _death_record(screen(data, rules=["R01"]))
    assert (record["所在文件"], record["行号"]) == ("deaths.zip 内的 全年.csv", 3)


def test_a_table_checked_in_parts_before_the_run_keeps_its_parts(tmp_path: Path) -> None:
    """The office checks a data set once (load_table) and runs read its Parquet: the parts go
    with it. Parts given as separate files are named as given."""
    data = tmp_path / "data"
    data.mkdir()
    _payments(data)
    first = tmp_path / "2023.csv"
    first.write_text(
        f"{DEATHS_HEADER}\n{OTHER},某甲,2023-12-01,民政\n{OTHER},某丙,2023-12-02,民政\n"
    )
    second = tmp_path / "2024.csv"
    second.write_text(f"{DEATHS_HEADER}\n{ID},张三,2024-01-10,公安\n")
    checked = tmp_path / "deaths.parquet"
    with duckdb.connect() as con:
        problems, rows = load_table(
            con, "deaths", [(first, "死亡2023.csv"), (second, "死亡2024.csv")], checked
        )
    assert (problems, rows) == ([], 3)
    payments = tmp_path / "payments.parquet"
    with duckdb.connect() as con:
        assert load_table(con, "payments", [(data / "payments.csv", "发放.csv")], payments)[0] == []
    report = screen(None, rules=["R01"], checked={"deaths": checked, "payments": payments})
    record = _death_record(report)
    assert (record["所在文件"], record["行号"]) == ("死亡2024.csv", 2)


def test_a_bad_cell_in_a_member_is_named_by_the_member_and_its_row(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    _payments(data)
    path = _deaths_zip(data, "deaths.zip")
    with zipfile.ZipFile(path, "a") as archive:
        bad = "\n".join([DEATHS_HEADER, *[f"{OTHER},某丁,2024-02-3{d},民政" for d in range(2, 9)]])
        archive.writestr("2024年2月.csv", bad + "\n")
    with pytest.raises(DataError) as err:
        screen(data, rules=["R01"])
    message = str(err.value)
    # the first bad rows, each by the member and its own row; then the count, by the zip
    assert "deaths.zip 内的 2024年2月.csv，第2行，“死亡日期”列：“2024-02-32”不是日期" in message
    assert "deaths.zip 内的 2024年2月.csv，第6行，“死亡日期”列" in message
    assert "deaths.zip，“死亡日期”列：另有2行同类问题" in message
