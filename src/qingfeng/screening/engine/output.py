"""Writing hits as CSV: UTF-8 with BOM so that Excel shows the Chinese text."""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path

from .hits import HIT_COLUMNS, Hit


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
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_hits(path: str | Path) -> list[dict[str, str]]:
    with Path(path).open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))
