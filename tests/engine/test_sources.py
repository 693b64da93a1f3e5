"""Finding the tables of a data folder, in its subfolders too (`数据/2026年11月/发放明细.csv`):
every file named by its path in the data folder; hidden folders and the engine's own left out."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from qingfeng.screening.engine import DataError
from qingfeng.screening.engine.cache import LoadCache
from qingfeng.screening.engine.rules import all_rules
from qingfeng.screening.engine.runner import screen
from qingfeng.screening.engine.sources import find_sources

R01_INPUT = all_rules()["R01"].folder / "input"
MONTH = "2026年11月"
PAYMENTS_HEADER = "发放日期,项目,身份证号,姓名,村代码,金额,银行账号"
ID = "330803195001011230"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """R01's input kept as a county keeps it: a month's tables in a subfolder, under Chinese
    names (发放明细.csv is payments, 死亡.csv deaths)."""
    folder = tmp_path / "数据"
    (folder / MONTH).mkdir(parents=True)
    shutil.copy(R01_INPUT / "payments.csv", folder / MONTH / "发放明细.csv")
    shutil.copy(R01_INPUT / "deaths.csv", folder / MONTH / "死亡.csv")
    return folder


def _hits(data: Path, **kwargs) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    report = screen(data, rules=["R01"], **kwargs)
    return [(h.subject, h.summary, h.evidence) for h in report.hits]


def _messages(data: Path, **kwargs) -> list[str]:  # type: ignore[no-untyped-def]
    messages: list[str] = []
    screen(data, rules=["R01"], progress=lambda _f, m: messages.append(m), **kwargs)
    return messages


def _append(path: Path, line: str) -> int:
    """Append a line to a CSV file ending in a line break; its row number as Excel shows it."""
    rows = len(path.read_bytes().splitlines())
    with path.open("a", encoding="utf-8") as f:
        f.write(line)
    return rows + 1


def test_tables_in_a_subfolder_are_found_and_hit_as_at_the_top(data: Path) -> None:
    found, ignored, problems = find_sources(data)
    assert found == {
        "payments": data / MONTH / "发放明细.csv",
        "deaths": data / MONTH / "死亡.csv",
    }
    assert (ignored, problems) == ([], [])
    hits = _hits(data)
    assert hits and hits == _hits(R01_INPUT)


def test_progress_names_each_file_by_its_path_in_the_data_folder(data: Path) -> None:
    (data / MONTH / "说明.docx").write_text("not a table", encoding="utf-8")
    (data / "payment.csv").write_text(f"{PAYMENTS_HEADER}\n", encoding="utf-8")  # near miss
    messages = _messages(data)
    (ignored,) = [m for m in messages if m.startswith("忽略")]
    assert ignored == "忽略2个文件（文件名不是数据表的名称）：payment.csv、2026年11月/说明.docx"
    assert f"读取 {MONTH}/发放明细.csv" in messages
    assert f"读取 {MONTH}/死亡.csv" in messages


def test_a_bad_cell_in_a_subfolder_names_the_file_by_its_path(data: Path) -> None:
    sub = data / MONTH / "乡镇" / "东城"
    sub.mkdir(parents=True)
    (data / MONTH / "发放明细.csv").rename(sub / "发放明细.csv")
    row = _append(sub / "发放明细.csv", f"2024-07-15,低保金,{ID},张三,1,捌佰元,6222\n")
    with pytest.raises(DataError) as caught:
        _hits(data)
    assert f"{MONTH}/乡镇/东城/发放明细.csv，第{row}行，“金额”列" in str(caught.value)
    assert {p.file for p in caught.value.problems} == {f"{MONTH}/乡镇/东城/发放明细.csv"}


def test_the_same_table_twice_anywhere_names_both_paths(data: Path) -> None:
    (data / "2026年10月").mkdir()
    shutil.copy(R01_INPUT / "payments.csv", data / "2026年10月" / "payments.csv")
    with pytest.raises(DataError) as caught:
        _hits(data)
    (problem,) = caught.value.problems
    assert str(problem) == (
        "2026年11月/发放明细.csv：与2026年10月/payments.csv是同一张表，请只保留一个文件"
    )
    # a file at the top is taken first, the one in the subfolder is the one named as the other
    shutil.rmtree(data / "2026年10月")
    shutil.copy(R01_INPUT / "payments.csv", data / "payments.csv")
    (problem,) = find_sources(data)[2]
    assert problem.file == f"{MONTH}/发放明细.csv"
    assert problem.message == "与payments.csv是同一张表，请只保留一个文件"


def test_hidden_folders_lock_files_and_the_answer_key_are_left_out_silently(
    data: Path,
) -> None:
    for hidden in (".git", ".qingfeng-checked", "~$临时", "__MACOSX"):
        (data / hidden).mkdir()
        shutil.copy(R01_INPUT / "payments.csv", data / hidden / "payments.csv")
    (data / MONTH / ".payments.csv").write_text("hidden", encoding="utf-8")
    shutil.copy(R01_INPUT / "deaths.csv", data / MONTH / "truth.csv")
    found, ignored, problems = find_sources(data)
    assert sorted(found) == ["deaths", "payments"]
    assert (ignored, problems) == ([], [])


def test_the_runs_own_cache_and_work_folders_inside_the_data_folder_are_not_data(
    data: Path,
) -> None:
    """`--cache 数据/缓存` and `--work-dir 数据/工作`: never read as data, neither in the run that
    writes them nor, for the cache (known by its files), in a later run without the option."""
    cache, work = data / "缓存", data / "工作"
    first = _messages(data, cache=LoadCache(cache), work_dir=work)
    assert list(cache.glob("*.parquet")) and list(work.rglob("*.parquet"))
    again = _messages(data, cache=LoadCache(cache), work_dir=work)
    for messages in (first, again):
        assert not [m for m in messages if m.startswith("忽略")], messages
    shutil.rmtree(work)
    later = _messages(data)  # the cache folder left in the data folder, no --cache now
    assert not [m for m in later if m.startswith("忽略")], later
    assert find_sources(data)[1:] == ([], [])


def test_a_month_appended_in_a_subfolder_file_is_named_by_its_path(
    data: Path, tmp_path: Path
) -> None:
    cache = LoadCache(tmp_path / "cache")
    _hits(data, cache=cache)
    row = _append(data / MONTH / "发放明细.csv", f"2024-13-45,低保金,{ID},张三,1,800,6222\n")
    with pytest.raises(DataError) as caught:
        _hits(data, cache=cache)  # only the appended row is checked (increments.py)
    assert [(p.file, p.row) for p in caught.value.problems] == [(f"{MONTH}/发放明细.csv", row)]


def test_a_folder_linked_into_itself_is_read_once(data: Path) -> None:
    (data / MONTH / "回环").symlink_to(data, target_is_directory=True)
    found, ignored, problems = find_sources(data)
    assert sorted(found) == ["deaths", "payments"]
    assert (ignored, problems) == ([], [])


def test_a_folder_without_any_table_says_so_and_names_what_it_holds(tmp_path: Path) -> None:
    empty = tmp_path / "空"
    (empty / "子文件夹").mkdir(parents=True)
    with pytest.raises(DataError) as caught:
        _hits(empty)
    assert "没有找到任何数据表（如 payments.csv），子文件夹里也没有" in str(caught.value)
    (empty / "子文件夹" / "名单.csv").write_text(f"{PAYMENTS_HEADER}\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        _hits(empty)
    (problem,) = caught.value.problems
    assert problem.file == str(empty)
    assert problem.message.endswith("；文件名都不是数据表的名称：子文件夹/名单.csv")
