"""A hit's subject, summary and evidence: sealed (encrypted) for the database, recognised again
by keyed hashes, and shown as tables or text, masked for whoever may not see full data."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from django.utils.crypto import salted_hmac

from qingfeng.core import pii
from qingfeng.orgs import selectors as orgs
from qingfeng.screening.engine import Hit as EngineHit
from qingfeng.screening.engine.hits import FILE_KEY, ROW_KEY

ID_COLUMNS = frozenset({"身份证号", "亲属身份证号", "法定代表人身份证号"})
NAME_COLUMNS = frozenset({"姓名", "法定代表人姓名"})
ACCOUNT_COLUMNS = frozenset({"银行账号", "号牌号码"})
# Rules whose subject is not a person's identifier: R08 a contractor, R09 a contract number.
IMPERSONAL_SUBJECTS = frozenset({"R08", "R09"})
# where a record is in the files (its row, and the part of a table given in parts): left out of
# the keys that recognise a record again, since a new upload may move or rename it
WHERE_KEYS = frozenset({ROW_KEY, FILE_KEY})


@dataclass(frozen=True)
class Sealed:
    payload: str
    subject_key: str
    evidence_key: str
    record_keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class Opened:
    rule: str
    subject: str
    summary: str
    evidence: dict[str, list[dict[str, Any]]]


def seal(hit: EngineHit) -> Sealed:
    evidence = json.loads(hit.evidence)
    body = {"subject": hit.subject, "summary": hit.summary, "evidence": evidence}
    return Sealed(
        payload=pii.encrypt(json.dumps(body, ensure_ascii=False, separators=(",", ":"))),
        subject_key=subject_key(hit.rule, hit.subject),
        evidence_key=evidence_key(hit.rule, hit.subject, evidence),
        record_keys=tuple(sorted(record_keys(hit.rule, hit.subject, evidence))),
    )


def _what(record: dict[str, Any]) -> str:
    """A record's values without where it is in the files, as canonical JSON."""
    plain = {k: v for k, v in record.items() if k not in WHERE_KEYS}
    return json.dumps(plain, sort_keys=True, ensure_ascii=False)


def _record_text(label: str, record: dict[str, Any]) -> str:
    return label + "|" + _what(record)


def record_key(rule: str, subject: str, label: str, record: dict[str, Any]) -> str:
    """Keyed hash of one record behind a hit (row number and file left out), 16 bytes in hex."""
    text = _record_text(label, record)
    return salted_hmac("qingfeng.screening.record", f"{rule}|{subject}|{text}").hexdigest()[:32]


def record_keys(rule: str, subject: str, evidence: dict[str, list[dict[str, Any]]]) -> set[str]:
    return {
        record_key(rule, subject, label, record)
        for label, records in evidence.items()
        for record in records
    }


def only_records(opened: Opened, keys: set[str]) -> Opened:
    """The hit with only the records whose keys are given (the new ones, say)."""
    kept = {
        label: [r for r in records if record_key(opened.rule, opened.subject, label, r) in keys]
        for label, records in opened.evidence.items()
    }
    return Opened(opened.rule, opened.subject, opened.summary, {k: v for k, v in kept.items() if v})


def subject_key(rule: str, subject: str) -> str:
    return salted_hmac("qingfeng.screening.subject", f"{rule}|{subject}").hexdigest()


def evidence_key(rule: str, subject: str, evidence: dict[str, list[dict[str, Any]]]) -> str:
    """Keyed hash of the records behind a hit, row numbers (and files) left out: a new upload
    of the same records (rows moved) keeps the key; a new or changed record changes it."""
    canonical = {label: sorted(_what(r) for r in records) for label, records in evidence.items()}
    text = json.dumps(canonical, sort_keys=True, ensure_ascii=False)
    return salted_hmac("qingfeng.screening.evidence", f"{rule}|{subject}|{text}").hexdigest()


def open_hit(hit) -> Opened:
    body = json.loads(pii.decrypt(hit.payload))
    return Opened(hit.rule, body["subject"], body["summary"], body["evidence"])


# --- masking ----------------------------------------------------------------------------------


def _mask_account(value: str) -> str:
    if len(value) <= 6:
        return value[:2] + "*" * max(len(value) - 2, 0)
    return pii.mask_id_number(value)


def mask_value(column: str, value: Any, keep_names: bool = False) -> Any:
    if not isinstance(value, str) or not value:
        return value
    if column in ID_COLUMNS:
        return pii.mask_id_number(value)
    if column in NAME_COLUMNS and not keep_names:
        return pii.mask_name(value)
    if column in ACCOUNT_COLUMNS:
        return _mask_account(value)
    return value


def _personal_values(opened: Opened, keep_names: bool) -> dict[str, str]:
    values: dict[str, str] = {}
    for records in opened.evidence.values():
        for record in records:
            for column, value in record.items():
                masked = mask_value(column, value, keep_names)
                if isinstance(value, str) and value and masked != value:
                    values[value] = masked
    if opened.rule not in IMPERSONAL_SUBJECTS and opened.subject:
        values.setdefault(opened.subject, _mask_account(opened.subject))
    return values


def _mask_text(text: str, values: dict[str, str]) -> str:
    for value in sorted(values, key=len, reverse=True):  # longest first: IDs before names
        text = text.replace(value, values[value])
    return text


# A 12-digit region code standing alone (not inside an 18-digit ID number), with the engine's
# "村" before it: the engine has no names, the reader wants "清溪镇上岙村".
_REGION_CODE = re.compile(r"村?(?<!\d)(\d{12})(?!\d)")


def with_place_names(text: str) -> str:
    def name(match: re.Match) -> str:
        region = orgs.region_by_code(match.group(1))
        if region is None:
            return match.group(0)
        parent = region.parent.name if region.parent_id and region.level == "village" else ""
        return f"{parent}{region.name}"

    return _REGION_CODE.sub(name, text)


@dataclass(frozen=True)
class Shown:
    subject: str
    summary: str
    tables: list[tuple[str, list[str], list[list[Any]]]]  # label, headers, rows


def show(opened: Opened, *, full: bool, keep_names: bool = False) -> Shown:
    """Full for county-level roles; else ID numbers, accounts and (unless kept) names masked."""
    values = {} if full else _personal_values(opened, keep_names)
    tables = []
    for label, records in opened.evidence.items():
        headers: list[str] = []
        for record in records:
            headers += [k for k in record if k not in headers]
        rows = [
            [
                record.get(h, "") if full else mask_value(h, record.get(h, ""), keep_names)
                for h in headers
            ]
            for record in records
        ]
        tables.append((label, headers, rows))
    return Shown(
        subject=opened.subject if full else _mask_text(opened.subject, values),
        summary=with_place_names(opened.summary if full else _mask_text(opened.summary, values)),
        tables=tables,
    )


def as_text(opened: Opened, *, full: bool, keep_names: bool = False) -> str:
    """The summary and every record behind it, as plain text (the ledger's description)."""
    shown = show(opened, full=full, keep_names=keep_names)
    lines = [shown.summary, ""]
    for label, headers, rows in shown.tables:
        lines.append(f"【{label}】")
        for row in rows:
            cells = [f"{h}：{v}" for h, v in zip(headers, row, strict=True) if v not in ("", None)]
            lines.append("；".join(cells))
    return "\n".join(lines).strip()
