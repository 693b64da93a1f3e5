"""Writing hits as CSV: UTF-8 with BOM so that Excel shows the Chinese text."""

from __future__ import annotations

import codecs
import csv
import os
import tempfile
from pathlib import Path

from .hits import HIT_COLUMNS, Hit

_HEADER_START = (",".join(HIT_COLUMNS[:2]) + ",").encode()


def write_hits(hits: list[Hit], out: str | Path) -> None:
    """Write atomically: a failed run never leaves a half-written file behind."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".hits-", suffix=".csv", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=HIT_COLUMNS)
            writer.writeheader()
            writer.writerows(h.as_row() for h in hits)
            f.flush()
            os.fsync(f.fileno())  # the new file's bytes are on disk before it takes the name
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def remove_previous_hits(out: str | Path) -> bool:
    """Delete an earlier run's hits at `out`, so that nobody takes them for this run's while
    it runs or after it fails; True when there were some. A file at `out` that is not a hits
    file (its header differs) is left alone: `--out` named some other file by mistake."""
    out = Path(out)
    if not _is_hits_file(out):
        return False
    out.unlink()
    return True


def _is_hits_file(path: Path) -> bool:
    """Whether the file starts with the header `write_hits` writes (BOM, then rule,subject,…)."""
    try:
        with path.open("rb") as f:
            first = f.readline(1024)
    except OSError:  # no such file, or a folder
        return False
    return first.removeprefix(codecs.BOM_UTF8).startswith(_HEADER_START)


def read_hits(path: str | Path) -> list[dict[str, str]]:
    with Path(path).open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))
