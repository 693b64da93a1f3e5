"""Publishing disclosures: a batch and its rows, chained to the village's previous batch, in
one transaction with the audit entry. A correction is a new batch that supersedes the old."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.audit.services import audit_record
from qingfeng.disclosure import chain, kinds, schedule
from qingfeng.disclosure.models import Batch, ChainHead, Row
from qingfeng.disclosure.sheets import ParsedRow
from qingfeng.orgs.roles import SUPERVISORS, Role
from qingfeng.orgs.scope import code_in_scope

# The township often keeps village accounts (村账乡管); the village supervision committee
# publishes on the village's behalf where it has no clerk account of its own.
PUBLISHERS = (SUPERVISORS - {Role.STATIONED_CADRE}) | {Role.VILLAGE_SUPERVISOR}


def can_publish(user, village) -> bool:
    return user.role in PUBLISHERS and code_in_scope(user, village.code)


def document_for(batch: Batch, row_data: list[dict]) -> dict:
    """The canonical document of a batch whose rows' public values are `row_data`."""
    columns = kinds.columns(batch.kind)
    return chain.canonical_document(
        village=batch.village.code,
        seq=batch.seq,
        kind=batch.kind,
        period=batch.period,
        title=batch.title,
        version=batch.version,
        supersedes=batch.supersedes.hash if batch.supersedes else "",
        reason=batch.reason,
        published_at=batch.published_at,
        columns=[c.header for c in columns],
        rows=[[data.get(c.key, "") for c in columns] for data in row_data],
        prev_hash=batch.prev_hash,
    )


def _publish(
    *,
    actor,
    village,
    kind: str,
    period: str,
    title: str,
    rows: list[ParsedRow],
    supersedes: Batch | None = None,
    reason: str = "",
    published_at: dt.datetime | None = None,
) -> Batch:
    head, _created = ChainHead.objects.select_for_update().get_or_create(
        village=village, defaults={"seq": 0, "hash": chain.GENESIS}
    )
    published_at = (published_at or timezone.now()).replace(microsecond=0)
    batch = Batch(
        village=village,
        kind=kind,
        period=period,
        title=title,
        version=supersedes.version + 1 if supersedes else 1,
        supersedes=supersedes,
        reason=reason,
        seq=head.seq + 1,
        prev_hash=head.hash,
        published_at=published_at,
        published_by=actor if getattr(actor, "is_authenticated", False) else None,
        row_count=len(rows),
    )
    row_objects = [
        Row(
            line=r.line,
            data=r.public,
            full_name=r.full_name,
            id_number=r.id_number or None,
        )
        for r in rows
    ]
    batch.hash = chain.digest(document_for(batch, [r.public for r in rows]))
    dates = [dt.date.fromisoformat(r.public["date"]) for r in rows if r.public.get("date")]
    batch.due_date = schedule.batch_due(kind, period, dates)
    batch.save()
    for row in row_objects:
        row.batch = batch
    Row.objects.bulk_create(row_objects, batch_size=1000)
    head.seq, head.hash = batch.seq, batch.hash
    head.save()
    return batch


def publish(*, actor, village, kind: str, period: str, title: str, rows: list[ParsedRow]) -> Batch:
    if not can_publish(actor, village):
        raise PermissionDenied(_("You may not publish for this village."))
    period = schedule.clean_period(kind, period)
    title = (title or "").strip()[:200] or f"{period} {kinds.Kind(kind).label}"
    with transaction.atomic():
        batch = _publish(
            actor=actor, village=village, kind=kind, period=period, title=title, rows=rows
        )
        audit_record(
            actor=actor,
            action="disclosure.publish",
            target=batch,
            region_code=village.code,
            data={"kind": kind, "period": period, "rows": len(rows), "hash": batch.hash},
        )
    return batch


def correct(*, actor, batch: Batch, rows: list[ParsedRow], reason: str) -> Batch:
    """Publish a new version of `batch`; the old one stays visible in the history."""
    if not can_publish(actor, batch.village):
        raise PermissionDenied(_("You may not publish for this village."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the published version is corrected."))
    with transaction.atomic():
        old = Batch.objects.select_for_update().get(pk=batch.pk)
        if Batch.objects.filter(supersedes=old).exists():
            raise ValidationError(_("This version was already corrected; correct the newest one."))
        new = _publish(
            actor=actor,
            village=old.village,
            kind=old.kind,
            period=old.period,
            title=old.title,
            rows=rows,
            supersedes=old,
            reason=reason[:300],
        )
        audit_record(
            actor=actor,
            action="disclosure.correct",
            target=new,
            region_code=old.village.code,
            data={
                "corrects": old.pk,
                "version": new.version,
                "reason": reason[:300],
                "hash": new.hash,
            },
        )
    return new


def record_office_look(*, actor, batch: Batch, what: str) -> None:
    """A look at (or download of) recipients' full names is a look at protected data."""
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=f"disclosure.{what}",
            target=batch,
            region_code=batch.village.code,
            data={"rows": batch.row_count},
        )
