"""`qingfeng screen --out`: written only by a run that succeeds (a temporary file renamed into
place); a run that fails leaves no earlier run's hits there to be taken for its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from qingfeng.screening.engine import command, runner
from qingfeng.screening.engine.rules import all_rules

from .helpers import rows, run

R01 = all_rules()["R01"].folder / "input"


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """Last month's hits, from a run that succeeded."""
    path = tmp_path / "结果" / "hits.csv"
    assert run("screen", str(R01), "--out", str(path), "--rules", "R01", "--quiet") == 0
    assert rows(path)
    return path


def _bad_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    (data / "deaths.csv").write_text("身份证号,姓名,来源\n1,张三,民政\n", encoding="utf-8")
    return data


def test_a_run_refused_for_bad_data_deletes_the_previous_hits_and_says_so(
    out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert run("screen", str(_bad_data(tmp_path)), "--out", str(out)) == command.EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "deaths.csv，第1行，“死亡日期”列" in err
    assert f"上次的结果文件 {out} 已删除，以免误用" in err
    assert not out.exists()
    assert list(out.parent.iterdir()) == []  # no temporary file left either


def test_a_bad_option_deletes_the_previous_hits_too(
    out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert run("screen", str(R01), "--out", str(out), "--rules", "R99") == command.EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "没有规则“R99”" in err and "已删除，以免误用" in err
    assert not out.exists()


def test_any_other_failure_deletes_the_previous_hits_and_is_not_hidden(
    out: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise OSError("disk full")

    monkeypatch.setattr(runner, "screen", broken)
    capsys.readouterr()
    with pytest.raises(OSError, match="disk full"):
        run("screen", str(R01), "--out", str(out), "--quiet")
    assert f"上次的结果文件 {out} 已删除，以免误用" in capsys.readouterr().err
    assert not out.exists()


def test_the_previous_hits_are_gone_while_the_run_runs(
    out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run killed half-way (out of memory) leaves nothing to be taken for its result."""
    seen: list[bool] = []
    real = runner.screen

    def watching(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(out.exists())
        return real(*args, **kwargs)

    monkeypatch.setattr(runner, "screen", watching)
    assert run("screen", str(R01), "--out", str(out), "--rules", "R01", "--quiet") == 0
    assert seen == [False]
    assert rows(out)


def test_a_run_that_succeeds_replaces_the_hits_and_leaves_no_temporary_file(
    out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    args = ("--rules", "R01", "--param", "R01.grace_days=100000", "--quiet")
    assert run("screen", str(R01), "--out", str(out), *args) == 0
    assert rows(out) == []  # this run's hits: nobody was paid 100,000 days after death
    assert "已删除" not in capsys.readouterr().err
    assert [p.name for p in out.parent.iterdir()] == ["hits.csv"]


def test_a_file_at_out_that_is_not_a_hits_file_is_never_deleted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--out` naming an input by mistake: a failed run leaves it as it was."""
    data = _bad_data(tmp_path)
    mistaken = data / "deaths.csv"
    before = mistaken.read_bytes()
    assert run("screen", str(data), "--out", str(mistaken)) == command.EXIT_BAD_INPUT
    assert "已删除" not in capsys.readouterr().err
    assert mistaken.read_bytes() == before
