"""Checkpoints of the audit chain kept outside the database.

Once a day the newest entry's sequence number and hash are appended, one line each, to a
text file under the var folder (QINGFENG_AUDIT_CHECKPOINTS), and shown on a public page.
Someone able to rewrite the database can delete the newest entries and rewind the head row so
that the chain still links up; they cannot make it agree with a checkpoint written before,
which is kept elsewhere (the file, the public page, whoever copied it). `qingfeng audit verify`
compares the two and names what is missing.

The file is opened for appending only; on a real server also make it append-only for the
system (`chattr +a`, docs/deploy.md)."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

LINE = re.compile(r"^(?P<at>\S+) (?P<seq>\d+) (?P<hash>[0-9a-f]{64})$")


@dataclass(frozen=True)
class Checkpoint:
    at: dt.datetime
    seq: int
    hash: str

    def line(self) -> str:
        at = self.at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return f"{at} {self.seq} {self.hash}\n"


@dataclass(frozen=True)
class AnchorResult:
    ok: bool
    checked: int
    reason: str = ""  # "missing" (entries gone), "rewritten" (hash differs), "unreadable"
    checkpoint: Checkpoint | None = None
    first_missing: int | None = None
    last_missing: int | None = None
    line_no: int | None = None


def path() -> Path:
    return Path(settings.QINGFENG_AUDIT_CHECKPOINTS)


def read(file: Path | None = None) -> tuple[list[Checkpoint], int | None]:
    """The checkpoints, oldest first, and the number of the first unreadable line (or None)."""
    file = file or path()
    if not file.exists():
        return [], None
    out = []
    for number, text in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
        if not text.strip():
            continue
        m = LINE.match(text.strip())
        if not m:
            return out, number
        at = dt.datetime.strptime(m["at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
        out.append(Checkpoint(at=at, seq=int(m["seq"]), hash=m["hash"]))
    return out, None


def append(checkpoint: Checkpoint, file: Path | None = None) -> None:
    file = file or path()
    file.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(file, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, checkpoint.line().encode())
        os.fsync(fd)
    finally:
        os.close(fd)


def compare(
    checkpoints: Iterable[Checkpoint],
    hash_of: Callable[[int], str | None],
    newest_seq: int,
) -> AnchorResult:
    """Each checkpoint's entry must still be there with the same hash.

    `hash_of(seq)` gives the stored entry's hash (None when there is no such entry);
    `newest_seq` is the highest sequence number stored."""
    checked = 0
    for cp in checkpoints:
        if cp.seq == 0:
            checked += 1
            continue
        stored = hash_of(cp.seq)
        if stored is None:
            first = newest_seq + 1 if newest_seq < cp.seq else cp.seq
            return AnchorResult(False, checked, "missing", cp, first, cp.seq)
        if stored != cp.hash:
            return AnchorResult(False, checked, "rewritten", cp)
        checked += 1
    return AnchorResult(True, checked)
