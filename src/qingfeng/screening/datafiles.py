"""Files of uploaded data sets on disk, outside MEDIA_ROOT (they hold full personal data).

Each data set has a folder under SCREENING_DATA_DIR (default VAR_DIR/screening) with the file as
uploaded, the same as UTF-8 CSV (`source.csv`) and, once its columns match the contract, the
file the engine reads (`<kind>.csv`, headers renamed by the mapping). The check at upload also
leaves the engine's checked Parquet of that file in `.qingfeng-checked/`, so runs do not parse
the file again; it goes with the folder.
"""

from __future__ import annotations

import csv
import shutil
import tempfile
import unicodedata
import uuid
from contextlib import contextmanager
from pathlib import Path

import duckdb
from django.conf import settings

from qingfeng.screening.engine import DataError
from qingfeng.screening.engine.cache import BESIDE_DIR, LoadCache
from qingfeng.screening.engine.contract import TABLES
from qingfeng.screening.engine.loader import load_folder
from qingfeng.screening.engine.sources import to_utf8_csv

SUFFIXES = (".csv", ".xlsx")


def load_cache() -> LoadCache:
    """Checked Parquet kept in each data set's own folder (removed with it)."""
    return LoadCache.beside_sources()


def root() -> Path:
    path = Path(getattr(settings, "SCREENING_DATA_DIR", settings.VAR_DIR / "screening"))
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def folder_path(folder: str) -> Path:
    return root() / "datasets" / folder


def norm_header(header: str) -> str:
    return unicodedata.normalize("NFKC", header or "").replace("\ufeff", "").strip()


def store_upload(upload, suffix: str) -> tuple[str, list[str]]:
    """Save the uploaded file, convert it to UTF-8 CSV; return (folder, the file's headers).

    Raises ValueError when the file cannot be read as a table."""
    folder = uuid.uuid4().hex
    path = folder_path(folder)
    path.mkdir(parents=True, mode=0o700)
    original = path / f"original{suffix}"
    with original.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    try:
        source = to_utf8_csv("upload", original, path)
        if source.csv_path == original:
            shutil.copyfile(original, path / "source.csv")
        else:
            source.csv_path.rename(path / "source.csv")
        headers = read_headers(path / "source.csv")
    except Exception as exc:
        shutil.rmtree(path, ignore_errors=True)
        raise ValueError(str(exc)[:200]) from exc
    return folder, headers


def read_headers(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        row = next(csv.reader(f), [])
    return [norm_header(h) for h in row]


def missing_columns(kind: str, headers: list[str]) -> list[str]:
    """Contract headers (not optional) that the file does not have."""
    present = set(headers)
    return [c.header for c in TABLES[kind].columns if not c.optional and c.header not in present]


def guess_mapping(kind: str, headers: list[str], remembered: dict[str, str]) -> dict[str, str]:
    """Contract header -> file header: the same name first, else what was used last time."""
    guess = {}
    for col in TABLES[kind].columns:
        if col.header in headers:
            guess[col.header] = col.header
        elif remembered.get(col.header) in headers:
            guess[col.header] = remembered[col.header]
    return guess


def write_mapped(folder: str, kind: str, mapping: dict[str, str]) -> None:
    """`<kind>.csv`: source.csv with the mapped file headers renamed to the contract's."""
    path = folder_path(folder)
    shutil.rmtree(path / BESIDE_DIR, ignore_errors=True)  # checked for an earlier mapping
    renamed = {file_header: contract for contract, file_header in mapping.items() if file_header}
    contract_headers = {c.header for c in TABLES[kind].columns}
    with (
        (path / "source.csv").open(encoding="utf-8-sig", newline="") as src,
        (path / f"{kind}.csv").open("w", encoding="utf-8", newline="") as dst,
    ):
        reader, writer = csv.reader(src), csv.writer(dst)
        header = [norm_header(h) for h in next(reader, [])]
        out = []
        for h in header:
            if h in renamed:
                out.append(renamed[h])
            elif h in contract_headers:  # same name as a contract column mapped elsewhere
                out.append(f"{h}（原）")
            else:
                out.append(h)
        writer.writerow(out)
        for row in reader:
            writer.writerow(row)


def check(folder: str, kind: str) -> tuple[int, list[dict]]:
    """Check `<kind>.csv` with the engine's loader: (rows, problems as row/column/message)."""
    with tempfile.TemporaryDirectory(prefix="qingfeng-check-") as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        _link(folder_path(folder) / f"{kind}.csv", data / f"{kind}.csv")
        con = duckdb.connect()
        try:
            loaded = load_folder(data, Path(tmp), con, cache=load_cache())
        except DataError as exc:
            return 0, [
                {"row": p.row, "column": p.column, "message": p.message} for p in exc.problems
            ]
        finally:
            con.close()
    return loaded.rows.get(kind, 0), []


@contextmanager
def run_folder(datasets):
    """A temporary folder holding each data set's contract file, for one engine run."""
    with tempfile.TemporaryDirectory(prefix="qingfeng-run-") as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        for dataset in datasets:
            _link(folder_path(dataset.folder) / f"{dataset.kind}.csv", data / f"{dataset.kind}.csv")
        yield data, Path(tmp) / "work"


def remove(folder: str) -> None:
    shutil.rmtree(folder_path(folder), ignore_errors=True)


def _link(src: Path, dst: Path) -> None:
    try:
        dst.symlink_to(src)
    except OSError:
        shutil.copyfile(src, dst)
