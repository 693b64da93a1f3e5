"""The canonical form of a disclosure batch, its SHA-256, and the check of every chain.

Anyone can recompute a hash from the public page (docs/disclosure.md):

    sha256( JSON with sorted keys, no spaces, UTF-8, non-ASCII kept as is, of
      {"village": "<12-digit code>", "seq": n, "kind": "...", "period": "...", "title": "...",
       "version": n, "supersedes": "<hash of the corrected batch or empty>",
       "reason": "...", "published_at": "YYYY-MM-DDTHH:MM:SSZ",
       "columns": ["<header>", ...], "rows": [["<cell>", ...], ...],
       "prev_hash": "<previous batch's hash, or 64 zeros>"} )

Cells are the strings the page shows, in column order; each village's first batch follows 64
zeros. The page links to this exact JSON (canonical.json) for convenience.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

GENESIS = "0" * 64


def timestamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def canonical_document(
    *,
    village: str,
    seq: int,
    kind: str,
    period: str,
    title: str,
    version: int,
    supersedes: str,
    reason: str,
    published_at: dt.datetime,
    columns: Sequence[str],
    rows: Iterable[Sequence[str]],
    prev_hash: str,
) -> dict:
    return {
        "village": village,
        "seq": seq,
        "kind": kind,
        "period": period,
        "title": title,
        "version": version,
        "supersedes": supersedes,
        "reason": reason,
        "published_at": timestamp(published_at),
        "columns": list(columns),
        "rows": [list(r) for r in rows],
        "prev_hash": prev_hash,
    }


def canonical_bytes(document: Mapping) -> bytes:
    return json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8"
    )


def digest(document: Mapping) -> str:
    return hashlib.sha256(canonical_bytes(document)).hexdigest()


@dataclass(frozen=True)
class Problem:
    village: str
    seq: int
    batch_id: int | None
    title: str
    reason: str  # "altered" | "broken_link" | "missing" | "truncated"


def verify_village(
    village: str, batches: Iterable[tuple[dict, str, int, str]], head
) -> Problem | None:
    """`batches` in seq order as (canonical document, stored hash, batch id, title);
    `head` is (seq, hash) or None. Returns the first broken link or None."""
    expected_seq, prev = 1, GENESIS
    for document, stored, batch_id, title in batches:
        seq = document["seq"]
        if seq != expected_seq:
            return Problem(village, expected_seq, batch_id, title, "missing")
        if document["prev_hash"] != prev:
            return Problem(village, seq, batch_id, title, "broken_link")
        if digest(document) != stored:
            return Problem(village, seq, batch_id, title, "altered")
        prev, expected_seq = stored, seq + 1
    if head is not None and (head[0] != expected_seq - 1 or head[1] != prev):
        return Problem(village, head[0], None, "", "truncated")
    return None
