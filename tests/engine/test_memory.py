"""A DuckDB run from a folder keeps its checked tables in DuckDB's memory instead of writing
Parquet (decision 0016): the same rows and row numbers, errors naming the real row and column,
nothing left behind after a bad file, and larger files still go to Parquet."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from qingfeng.screening.engine import DataError, loader, run_screening
from qingfeng.screening.engine.backends import DuckDBBackend
from qingfeng.screening.engine.cache import LoadCache
from qingfeng.screening.engine.loader import load_folder, memory_table, table_columns

from .helpers import hit_rows

PAYMENTS_HEADER = "发放日期,项目,身份证号,姓名,村代码,金额,银行账号"
ID = "330803195001011230"
RULES = Path(__file__).parents[2] / "src/qingfeng/screening/engine/rules"
EVERY_COLUMN = {
    "payments": frozenset(table_columns("payments")) | {"id_raw"},
    "deaths": frozenset(table_columns("deaths")),
}


def _payments(folder: Path, lines: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    text = PAYMENTS_HEADER + "\n" + "\n".join(lines) + "\n"
    (folder / "payments.csv").write_text(text, encoding="utf-8")
    return folder


def _memory_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [
        name
        for (name,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = ?", [loader.MEMORY_DB]
        ).fetchall()
    ]


def test_a_table_read_in_parallel_keeps_its_row_numbers_in_memory(tmp_path: Path) -> None:
    n = 400_000
    lines = [f"2024-01-05,低保金,{ID},张{i},330803100201,{i}.00,6222" for i in range(n)]
    data = _payments(tmp_path / "data", lines)
    con, work = duckdb.connect(), tmp_path / "work"
    loaded = load_folder(data, work, con, columns=EVERY_COLUMN)
    assert loaded.memory == {"payments": memory_table("payments")}
    assert not (work / "payments.parquet").exists()  # nothing written
    DuckDBBackend(con, loaded.memory).register(
        "payments", work / "payments.parquet", ["row_id", *table_columns("payments")[1:]]
    )
    picked = con.execute(
        "SELECT row_id, name FROM payments WHERE row_id IN (2, 200002, 400001) ORDER BY 1"
    ).fetchall()
    assert picked == [(2, "张0"), (200_002, "张200000"), (400_001, "张399999")]
    assert loaded.rows["payments"] == n


def test_a_bad_cell_names_its_row_and_column_and_nothing_stays_in_memory(
    tmp_path: Path,
) -> None:
    lines = [f"2024-01-05,低保金,{ID},张三,330803100201,800,6222"] * 300
    lines[200] = lines[200].replace("2024-01-05", "下周")
    data = _payments(tmp_path / "data", lines)
    (data / "deaths.csv").write_text(f"身份证号,姓名,死亡日期,来源\n{ID},张三,2023-01-01,民政\n")
    con = duckdb.connect()
    with pytest.raises(DataError) as caught:
        load_folder(data, tmp_path / "work", con, columns=EVERY_COLUMN)
    assert [(p.file, p.row, p.column) for p in caught.value.problems] == [
        ("payments.csv", 202, "发放日期")
    ]
    assert "“下周”不是日期" in str(caught.value)
    assert _memory_tables(con) == []  # deaths.csv loaded fine, and is dropped too
    assert not list((tmp_path / "work").glob("*.parquet"))


def test_a_row_duckdb_cannot_read_is_named_and_nothing_stays(tmp_path: Path) -> None:
    lines = [f"2024-01-05,低保金,{ID},张三,330803100201,800,6222"] * 50
    lines[30] = f"2024-01-05,低保金,{ID},张三,330803100201,1,200.00,6222"  # a comma too many
    data = _payments(tmp_path / "data", lines)
    con = duckdb.connect()
    with pytest.raises(DataError) as caught:
        load_folder(data, tmp_path / "work", con, columns=EVERY_COLUMN)
    assert [p.row for p in caught.value.problems] == [32]
    assert _memory_tables(con) == []


@pytest.mark.parametrize("rule", ["r01_paid_after_death", "r04_cadre_relative_on_welfare"])
def test_memory_parquet_and_a_file_too_big_for_memory_give_the_same_hits(
    tmp_path: Path, rule: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    shutil.copytree(RULES / rule / "input", data)
    in_memory = hit_rows(run_screening(data))
    from_parquet = hit_rows(run_screening(data, cache=LoadCache(tmp_path / "cache")))
    monkeypatch.setattr(loader, "MEMORY_MAX_BYTES", 0)  # every file "too big": Parquet
    too_big = hit_rows(run_screening(data))
    assert in_memory == from_parquet == too_big
    assert in_memory  # the fixture has hits
