"""Fuzzing the screening data set check (CSV, GBK CSV, .xlsx, .zip) and the media cleaner
(photos, audio, video). A clean answer is a list of problems (screening) or a ValidationError
naming the file (media); any other exception fails."""

from __future__ import annotations

import csv
import io
import subprocess
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from qingfeng.intake import media
from qingfeng.screening import datafiles
from qingfeng.screening.engine.contract import TABLES
from tests.resilience.fuzz import CELL, filled_sheet, mutated, workbook_bytes

SOME = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
KINDS = sorted(TABLES)


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.SCREENING_DATA_DIR = tmp_path
    return tmp_path


def _check(kind: str, name: str, data: bytes) -> None:
    folder = datafiles.new_folder()
    path = datafiles.folder_path(folder)
    path.mkdir(parents=True, exist_ok=True)
    stored = datafiles.stored_name(0, name)
    (path / stored).write_bytes(data)
    try:
        result = datafiles.check(
            folder, kind, [{"name": name, "stored": stored, "size": len(data)}], None
        )
    finally:
        datafiles.remove(folder)
    assert result.needs_mapping or result.problems is not None
    for problem in result.problems or []:
        assert problem["message"]


def _csv(headers: list[str], rows: list[list], encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue().encode(encoding, errors="replace")


def _headers(kind: str) -> list[str]:
    return [c.header for c in TABLES[kind].columns]


@SOME
@given(kind=st.sampled_from(KINDS), data=st.data())
def test_the_data_set_check_survives_random_csv_cells(data_dir, kind, data):
    headers, rows = data.draw(filled_sheet(_headers(kind), max_rows=6))
    encoding = data.draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
    _check(kind, "表.csv", _csv(headers, rows, encoding))


@SOME
@given(kind=st.sampled_from(KINDS), data=st.data())
def test_the_data_set_check_survives_random_excel_cells(data_dir, kind, data):
    sheet = data.draw(filled_sheet(_headers(kind), max_rows=4))
    _check(kind, "表.xlsx", workbook_bytes({"Sheet1": sheet}))


CSV_SEED = _csv(_headers("payments"), [["1"] * len(_headers("payments"))] * 3)
XLSX_SEED = workbook_bytes({"Sheet1": (_headers("payments"), [["1"] * 5] * 3)})


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0)), data)
    return out.getvalue()


ZIP_SEED = _zip({"a.csv": CSV_SEED, "b.xlsx": XLSX_SEED})


@SOME
@given(data=st.data(), which=st.sampled_from(["表.csv", "表.xlsx", "表.zip", "表.csv.gz"]))
def test_the_data_set_check_survives_damaged_files(data_dir, data, which):
    seed = {"表.csv": CSV_SEED, "表.xlsx": XLSX_SEED, "表.zip": ZIP_SEED}.get(which, CSV_SEED)
    _check("payments", which, data.draw(mutated(seed)))


@SOME
@given(blob=st.binary(max_size=1024), cell=CELL)
def test_the_data_set_check_survives_random_bytes(data_dir, blob, cell):
    _check("payments", "表.csv", blob)
    _check("payments", "表.xlsx", blob)


# --- media ---------------------------------------------------------------------------------


def _image(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 30, 30)).save(out, fmt)
    return out.getvalue()


def _ffmpeg(args: list[str], suffix: str) -> bytes:
    result = subprocess.run(
        ["/usr/bin/ffmpeg", "-v", "error", "-nostdin", "-f", "lavfi", *args, "-f", suffix, "-"],
        capture_output=True,
        timeout=60,
        check=True,
    )
    return result.stdout


MEDIA_SEEDS = {
    "photo.jpg": _image("JPEG"),
    "photo.png": _image("PNG"),
    "photo.webp": _image("WEBP"),
    "voice.wav": _ffmpeg(["-i", "sine=frequency=440:duration=0.3"], "wav"),
    "voice.mp3": _ffmpeg(["-i", "sine=frequency=440:duration=0.3"], "mp3"),
    "clip.webm": _ffmpeg(["-i", "color=c=red:s=32x32:d=0.3", "-c:v", "libvpx"], "webm"),
}


def _clean(name: str, data: bytes) -> None:
    try:
        cleaned = media.clean_uploads([SimpleUploadedFile(name, data)])
    except ValidationError as exc:
        assert exc.messages and all(m for m in exc.messages)
        return
    assert cleaned and cleaned[0].data


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(sorted(MEDIA_SEEDS)), data=st.data())
def test_the_media_cleaner_survives_damaged_files(name, data):
    _clean(name, data.draw(mutated(MEDIA_SEEDS[name])))


@settings(max_examples=30, deadline=None)
@given(
    name=st.sampled_from(["a.jpg", "a.png", "a.mp3", "a.mp4", "a", "a.txt"]),
    head=st.sampled_from(
        [
            b"",
            b"\xff\xd8\xff",
            b"\x89PNG\r\n\x1a\n",
            b"RIFF\0\0\0\0WEBP",
            b"ID3",
            b"\0\0\0\x18ftypmp42",
            b"\x1aE\xdf\xa3",
            b"OggS",
        ]
    ),
    blob=st.binary(max_size=512),
)
def test_the_media_cleaner_survives_random_bytes(name, head, blob):
    _clean(name, head + blob)


def test_a_file_named_xlsx_that_is_not_one_is_a_problem_in_chinese(data_dir):
    folder = datafiles.new_folder()
    path = datafiles.folder_path(folder)
    path.mkdir(parents=True, exist_ok=True)
    (path / "0-a.xlsx").write_bytes(b"\x80 not a workbook")
    result = datafiles.check(folder, "payments", [{"name": "a.xlsx", "stored": "0-a.xlsx"}], None)
    message = result.problems[0]["message"]
    # the file's bytes decide the words (engine/sniff.py): here, text that is not a workbook
    assert "Excel" in message and ("不是有效的" in message or "内容却是" in message), message
