"""Reading the audit log."""

from __future__ import annotations

from django.db.models import QuerySet

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
