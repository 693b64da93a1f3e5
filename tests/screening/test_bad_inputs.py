"""Every bad file in tests/engine/bad_inputs/<case>/ gets the same plain Chinese message, naming
file and row, from `qingfeng screen` (exit 2, no output written) and from the office's data-set
check (the data set is refused, nothing checked is stored, no working files are left).

A case is a folder holding one input file, named as its table (payments.csv, deaths.xlsx, …),
and expected.txt: a fragment of the message, as `file，第N行，“column”列：why` prints it."""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qingfeng.screening import datafiles, services
from qingfeng.screening.engine import command
from qingfeng.screening.engine.contract import TABLES
from qingfeng.screening.engine.errors import DataProblem
from qingfeng.screening.engine.sniff import suffix_of
from qingfeng.screening.models import DataSet

CASES = Path(__file__).parents[1] / "engine" / "bad_inputs"
pytestmark = pytest.mark.django_db


# cases refused for their cells, not as files: the rows read
READ_ROWS = {"excel_id_as_number": 3, "excel_unicode_text": 8}


def _cases() -> list[str]:
    return sorted(p.name for p in CASES.iterdir() if (p / "expected.txt").is_file())


def _input(case: str) -> Path:
    (found,) = [p for p in (CASES / case).iterdir() if p.name != "expected.txt"]
    return found


def _cli(data: Path, out: Path) -> int:
    parser = argparse.ArgumentParser(prog="qingfeng")
    command.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["screen", str(data), "--out", str(out)])
    return int(args.func(args))


def test_the_folder_holds_the_cases_the_issue_names():
    assert {
        "xlsx_really_csv",
        "gbk_after_utf8_bom",
        "unquoted_comma",
        "empty_file",
        "binary_garbage",
        "zip_without_tables",
        "duplicated_header",
        "semicolons",
        "tabs",
        "excel_unicode_text",
        "truncated_gz",
        "mixed_line_breaks",
        "one_huge_line",
    } <= set(_cases())


@pytest.mark.parametrize("case", _cases())
def test_a_bad_file_gets_one_chinese_message_on_the_command_line_and_in_the_office(
    case, tmp_path, capsys, world
):
    expected = (CASES / case / "expected.txt").read_text(encoding="utf-8").strip()
    source = _input(case)

    # the command line: exit 2, the message on stderr, no hits file
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(source, data / source.name)
    out = tmp_path / "hits.csv"
    assert _cli(data, out) == command.EXIT_BAD_INPUT
    stderr = capsys.readouterr().err
    assert expected in stderr
    assert "Traceback" not in stderr and "Error" not in stderr
    assert not out.exists()

    # the office: the same words, the data set refused, nothing checked kept, no work files
    kind = source.name[: -len(suffix_of(source.name))]
    assert kind in TABLES
    dataset = services.dataset_upload(
        actor=world.department_user,
        region=world.county,
        kind=kind,
        as_of=dt.date(2024, 5, 1),
        upload=SimpleUploadedFile(source.name, source.read_bytes()),
    )
    assert dataset.status == DataSet.Status.INVALID
    shown = [str(DataProblem(**p)) for p in dataset.problems]
    assert any(expected in line for line in shown), shown
    folder = datafiles.folder_path(dataset.folder)
    assert sorted(p.name for p in folder.iterdir()) == [
        datafiles.stored_name(0, source.name)
    ]  # the upload as sent; no checked table, no work folder
    # a file unreadable as a table has no rows; one refused for its cells counts those it read
    assert dataset.rows == READ_ROWS.get(case, 0)
