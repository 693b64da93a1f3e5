"""`qingfeng screen` and `qingfeng gen-data`: exit codes, output, messages on stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from qingfeng.screening.engine import command
from qingfeng.screening.engine.rules import all_rules

from .helpers import rows, run

R08 = all_rules()["R08"].folder / "input"
R01 = all_rules()["R01"].folder / "input"


def test_it_writes_one_row_per_rule_and_subject_in_order(tmp_path: Path) -> None:
    out = tmp_path / "hits.csv"
    assert run("screen", str(R01), "--out", str(out), "--quiet") == 0
    got = rows(out)
    assert list(got[0]) == ["rule", "subject", "village_code", "summary", "evidence"]
    keys = [(r["rule"], r["subject"]) for r in got]
    assert keys == sorted(keys) and len(keys) == len(set(keys))
    assert all(json.loads(r["evidence"]) for r in got)


def test_rules_and_params_are_honoured(tmp_path: Path) -> None:
    out = tmp_path / "hits.csv"
    assert run("screen", str(R08), "--out", str(out), "--rules", "R08", "--quiet") == 0
    assert len(rows(out)) == 2
    args = ["--rules", "r8", "--param", "R08.threshold=200000", "--quiet"]
    assert run("screen", str(R08), "--out", str(out), *args) == 0
    assert rows(out) == []  # no pair of contracts reaches 200,000


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--rules", "R99"], "没有规则“R99”"),
        (["--param", "R08.threshold=十万"], "参数 R08.threshold"),
        (["--param", "R08.nothing=1"], "没有参数“nothing”"),
        (["--param", "threshold"], "应写成 规则.参数=值"),
    ],
)
def test_bad_input_exits_non_zero_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    out = tmp_path / "hits.csv"
    assert run("screen", str(R08), "--out", str(out), *extra) == command.EXIT_BAD_INPUT
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_a_bad_file_exits_non_zero_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "contracts.csv").write_text(
        "合同编号,项目名称,村代码,承包方名称,承包方信用代码,合同金额,签订日期,发包方式\n"
        "HT1,道路,1,甲,,十万元,2024-01-01,议价\n",
        encoding="utf-8",
    )
    out = tmp_path / "hits.csv"
    assert run("screen", str(data), "--out", str(out)) == command.EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "contracts.csv，第2行，“合同金额”列" in err
    assert not out.exists()


def test_the_installed_command_reports_progress_without_id_numbers(tmp_path: Path) -> None:
    out = tmp_path / "hits.csv"
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from qingfeng.cli import main; sys.exit(main())",
            "screen",
            str(R01),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "R01 死亡后仍领取补贴" in done.stderr and "%" in done.stderr
    ids = {r["subject"] for r in rows(out)}
    assert ids and not any(i in done.stderr for i in ids)


def test_gen_data_rejects_an_unknown_scale(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        run("gen-data", "--scale", "planet", "--out", str(tmp_path))


def test_cache_option_keeps_checked_tables_for_the_next_run(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first, second = tmp_path / "1.csv", tmp_path / "2.csv"
    args = ("screen", str(R01), "--rules", "R01", "--quiet", "--cache", str(cache))
    assert run(*args, "--out", str(first)) == 0
    assert len(list(cache.glob("*.parquet"))) == len(list(R01.glob("*.csv")))
    assert run(*args, "--out", str(second)) == 0
    assert first.read_bytes() == second.read_bytes() and rows(first)


def test_since_version_starts_from_last_months_folder_and_writes_its_own(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--since-version DIR: last month's --cache folder is read, never written; this month's
    version goes to --cache; the hits are a full run's."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(R01, data)
    march, april = tmp_path / "march", tmp_path / "april"
    assert run("screen", str(data), "--out", str(tmp_path / "m.csv"), "--cache", str(march)) == 0
    before = sorted(p.name for p in march.rglob("*"))
    with (data / "payments.csv").open("a", encoding="utf-8") as f:
        f.write("2024-07-15,低保金,330803195001011230,张三,330803100201,800,6222000000000001\n")
    capsys.readouterr()
    out = tmp_path / "a.csv"
    args = ["--since-version", str(march), "--cache", str(april)]
    assert run("screen", str(data), "--out", str(out), *args) == 0
    progress = capsys.readouterr().err
    assert "只比对新增的发放记录" in progress
    assert sorted(p.name for p in march.rglob("*")) == before
    assert (april / "runs").is_dir()
    full = tmp_path / "full.csv"
    assert run("screen", str(data), "--out", str(full), "--quiet") == 0
    assert out.read_bytes() == full.read_bytes()
    assert "2024-07-15" in out.read_text(encoding="utf-8-sig")
    missing = tmp_path / "nowhere"
    args = ["--since-version", str(missing), "--quiet"]
    assert run("screen", str(data), "--out", str(out), *args) == 2
    assert "不存在" in capsys.readouterr().err
