"""Reading the audit log."""

from __future__ import annotations

from django.db.models import QuerySet

from qingfeng.audit import anchor
from qingfeng.audit.chain import CANONICAL_FIELDS, VerifyResult, verify_entries
from qingfeng.audit.models import AuditEntry, AuditHead

_FIELDS = ("id", *CANONICAL_FIELDS, "hash")


def audit_verify() -> VerifyResult:
    entries = AuditEntry.objects.order_by("seq", "id").values(*_FIELDS).iterator(chunk_size=2000)
    head = AuditHead.objects.filter(pk=1).values("seq", "hash").first()
    return verify_entries(entries, head)


def audit_entries() -> QuerySet[AuditEntry]:
    return AuditEntry.objects.all()


def audit_entries_for(target_type: str, target_id: str) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(target_type=target_type, target_id=str(target_id))


def audit_verify_checkpoints() -> anchor.AnchorResult:
    """The stored chain against the checkpoints written outside the database."""
    checkpoints, bad_line = anchor.read()
    if bad_line is not None:
        return anchor.AnchorResult(False, len(checkpoints), "unreadable", line_no=bad_line)
    newest = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0

    def hash_of(seq: int) -> str | None:
        return AuditEntry.objects.filter(seq=seq).values_list("hash", flat=True).first()

    return anchor.compare(checkpoints, hash_of, newest)


def audit_checkpoints(limit: int = 400) -> list[anchor.Checkpoint]:
    """The newest checkpoints first, for the public page."""
    checkpoints, _bad_line = anchor.read()
    return list(reversed(checkpoints))[:limit]
