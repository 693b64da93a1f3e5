"""Writing to the audit log. Call inside the transaction of the change being recorded."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from qingfeng.audit.chain import entry_hash
from qingfeng.audit.models import AuditEntry, AuditHead
from qingfeng.core import pagecache


class AuditOutsideTransaction(RuntimeError):
    pass


def _target(target: Model | None) -> tuple[str, str]:
    if target is None:
        return "", ""
    return target._meta.label_lower, str(target.pk)


def audit_record(
    *,
    actor: Any,
    action: str,
    target: Model | None = None,
    region_code: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry. `data` must hold no full personal identifiers (masked values only).

    Must run inside `transaction.atomic()`, so the entry commits or rolls back with the
    change it records."""
    if not connection.in_atomic_block:
        raise AuditOutsideTransaction("audit_record() must run inside transaction.atomic()")
    # Serialise appenders: row lock on PostgreSQL; SQLite transactions are IMMEDIATE already.
    head, _created = AuditHead.objects.select_for_update().get_or_create(pk=1)
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    target_type, target_id = _target(target)
    fields = {
        "seq": head.seq + 1,
        "created_at": timezone.now(),
        "actor_id": actor.pk if is_user else None,
        "actor_name": (actor.get_username() if is_user else str(actor or "system"))[:150],
        "action": action,
        "target_type": target_type,
        "target_id": target_id,
        "region_code": region_code or "",
        "data": data or {},
        "prev_hash": head.hash,
    }
    # Round-trip JSON so the hash covers what the database will give back.
    fields["data"] = json.loads(json.dumps(fields["data"], cls=DjangoJSONEncoder))
    fields["hash"] = entry_hash(fields)
    entry = AuditEntry.objects.create(**fields)
    head.seq, head.hash = entry.seq, entry.hash
    head.save(update_fields=["seq", "hash"])
    if action.startswith(pagecache.PUBLIC_ACTIONS):  # published: public pages show it next
        code = region_code or ""
        transaction.on_commit(lambda: pagecache.public_pages_changed(code))
    return entry


def audit_record_now(**kwargs: Any) -> AuditEntry:
    """For events that are not part of another write (a login, a look at protected data)."""
    with transaction.atomic():
        return audit_record(**kwargs)


def audit_checkpoint(*, now=None) -> dict[str, int]:
    """The daily checkpoint: when the chain verifies, append its newest sequence number and hash
    to the checkpoint file (audit/anchor.py). A broken chain is not anchored (verify names it).
    Registered as a step of the daily check; returns counts like the other steps."""
    import logging

    from qingfeng.audit import anchor
    from qingfeng.audit.selectors import audit_verify

    result = audit_verify()
    if not result.ok:
        logging.getLogger(__name__).error(
            "audit chain broken at #%s (%s): no checkpoint written", result.bad_seq, result.reason
        )
        return {"checkpoint": 0, "broken": 1}
    head = AuditHead.objects.filter(pk=1).values("seq", "hash").first() or {"seq": 0}
    if head["seq"] == 0:
        return {"checkpoint": 0}
    existing, _bad_line = anchor.read()
    if existing and (existing[-1].seq, existing[-1].hash) == (head["seq"], head["hash"]):
        return {"checkpoint": 0}  # nothing new since the last one
    anchor.append(anchor.Checkpoint(at=now or timezone.now(), seq=head["seq"], hash=head["hash"]))
    return {"checkpoint": 1}
