"""The canonical form of an audit entry and the check of the whole chain."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS_HASH = "0" * 64
CANONICAL_FIELDS = (
    "seq",
    "created_at",
    "actor_id",
    "actor_name",
    "action",
    "target_type",
    "target_id",
    "region_code",
    "data",
    "prev_hash",
)


def _timestamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(entry: Mapping[str, Any]) -> bytes:
    """Sorted-key JSON of the chained fields, UTF-8, no spaces, time in UTC to the µs."""
    body = {name: entry[name] for name in CANONICAL_FIELDS}
    body["created_at"] = _timestamp(body["created_at"])
    body["target_id"] = str(body["target_id"] or "")
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def entry_hash(entry: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical(entry)).hexdigest()


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    bad_seq: int | None = None
    bad_id: int | None = None
    reason: str = ""


def verify_entries(
    entries: Iterable[Mapping[str, Any]], head: Mapping[str, Any] | None
) -> VerifyResult:
    """Walk entries in seq order; the first one that breaks the chain is reported."""
    expected_seq, prev, checked = 1, GENESIS_HASH, 0
    for entry in entries:
        seq = entry["seq"]
        if seq != expected_seq:
            reason = "missing" if seq > expected_seq else "out_of_order"
            return VerifyResult(False, checked, expected_seq, entry["id"], reason)
        if entry["prev_hash"] != prev:
            return VerifyResult(False, checked, seq, entry["id"], "broken_link")
        if entry_hash(entry) != entry["hash"]:
            return VerifyResult(False, checked, seq, entry["id"], "altered")
        prev, expected_seq, checked = entry["hash"], seq + 1, checked + 1
    if head is not None and (head["seq"] != expected_seq - 1 or head["hash"] != prev):
        return VerifyResult(False, checked, head["seq"], None, "truncated")
    return VerifyResult(True, checked)
