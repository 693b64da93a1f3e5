"""Reads of disclosures: public pages (masked values only), scoped back-office lists, the
publication schedule's late list, and the check of every village's hash chain."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from qingfeng.disclosure import chain, schedule
from qingfeng.disclosure.kinds import Kind
from qingfeng.disclosure.models import Batch, ChainHead, Row
from qingfeng.disclosure.services import document_for
from qingfeng.orgs.scope import in_scope

# --- public ---------------------------------------------------------------------------------


def public_head(village_code: str) -> tuple[str, dt.datetime] | None:
    """(newest hash, when it changed): the public pages' ETag and Last-Modified."""
    return (
        ChainHead.objects.filter(village__code=village_code)
        .values_list("hash", "updated_at")
        .first()
    )


def public_batches(village, kind: str | None = None) -> QuerySet[Batch]:
    """Current versions (not superseded), newest first."""
    batches = Batch.objects.filter(village=village, superseded_by__isnull=True)
    if kind:
        batches = batches.filter(kind=kind)
    return batches.order_by("-published_at", "-seq")


def public_batch(village, pk: int) -> Batch | None:
    return (
        Batch.objects.filter(village=village, pk=pk)
        .select_related("supersedes", "superseded_by", "village")
        .first()
    )


def public_rows(batch: Batch) -> QuerySet[Row]:
    return Row.objects.filter(batch=batch).only("line", "data", "batch_id").order_by("line")


def money_totals(batch: Batch, keys: list[str]) -> dict[str, Decimal]:
    """The sum of each money column over every row of the batch (not only one page)."""
    totals = dict.fromkeys(keys, Decimal(0))
    for data in Row.objects.filter(batch=batch).values_list("data", flat=True):
        for key in keys:
            try:
                totals[key] += Decimal(data.get(key) or 0)
            except InvalidOperation:
                continue  # checked on upload; an old odd value is left out, not a 500
    return totals


def history(batch: Batch) -> list[Batch]:
    """Every version of this publication, oldest first."""
    first = batch
    while first.supersedes_id:
        first = Batch.objects.select_related("supersedes").get(pk=first.supersedes_id)
    versions = [first]
    while True:
        nxt = Batch.objects.filter(supersedes=versions[-1]).first()
        if nxt is None:
            return versions
        versions.append(nxt)


def public_chain(village) -> QuerySet[Batch]:
    return Batch.objects.filter(village=village).order_by("-seq")


def canonical(batch: Batch) -> dict:
    return document_for(batch, [r.data for r in public_rows(batch)])


# --- back office ----------------------------------------------------------------------------


def batches_for(user) -> QuerySet[Batch]:
    return in_scope(Batch.objects.select_related("village", "village__parent"), user)


@dataclass
class Late:
    village: object
    kind: str
    period: str
    due: dt.date | None
    published: dt.date | None = None  # published late, or None if still missing

    @property
    def kind_label(self) -> str:
        return str(Kind(self.kind).label)

    @property
    def rule(self) -> str:
        return str(schedule.RULES[self.kind].text)

    @property
    def source(self) -> str:
        return schedule.RULES[self.kind].source


def late(villages, today: dt.date, *, recent_days: int = 92) -> list[Late]:
    """Missing periodic disclosures whose deadline has passed, and batches published after
    their deadline in the last `recent_days` days. `villages` is a scoped Region queryset."""
    villages = list(villages)
    found: list[Late] = []
    for kind in schedule.PERIODIC:
        period = schedule.last_due_period(kind, today)
        if period is None:
            continue
        done = set(
            Batch.objects.filter(village__in=villages, kind=kind, period=period).values_list(
                "village_id", flat=True
            )
        )
        due = schedule.period_due(kind, period)
        found += [Late(v, kind, period, due) for v in villages if v.pk not in done]
    since = today - dt.timedelta(days=recent_days)
    overdue = Batch.objects.filter(
        village__in=villages, version=1, due_date__isnull=False, published_at__date__gte=since
    ).select_related("village")
    for batch in overdue:
        published = batch.published_at.date()
        if published > batch.due_date:
            found.append(Late(batch.village, batch.kind, batch.period, batch.due_date, published))
    return sorted(found, key=lambda x: (x.village.code, x.kind, x.period))


# --- verification ---------------------------------------------------------------------------


REASONS = {
    "altered": gettext_noop(
        "the batch's content does not match its hash (edited after publication)"
    ),
    "broken_link": gettext_noop("the link to the previous batch is broken"),
    "missing": gettext_noop("a batch is missing from the chain (deleted)"),
    "truncated": gettext_noop("the newest batches were removed"),
}


def verify_chains() -> tuple[int, list[chain.Problem]]:
    """Check every village's chain; (batches checked, the first problem of each broken chain)."""
    village_ids = set(Batch.objects.values_list("village_id", flat=True).distinct())
    heads = {h.village_id: (h.seq, h.hash) for h in ChainHead.objects.all()}
    village_ids |= set(heads)
    problems: list[chain.Problem] = []
    checked = 0
    for village_id in sorted(village_ids):
        batches = list(
            Batch.objects.filter(village_id=village_id)
            .select_related("village", "supersedes")
            .order_by("seq")
        )
        rows: dict[int, list[dict]] = {}
        for batch_id, data in (
            Row.objects.filter(batch__village_id=village_id)
            .order_by("batch_id", "line")
            .values_list("batch_id", "data")
        ):
            rows.setdefault(batch_id, []).append(data)
        code = batches[0].village.code if batches else str(village_id)
        documents = [(document_for(b, rows.get(b.pk, [])), b.hash, b.pk, b.title) for b in batches]
        problem = chain.verify_village(code, documents, heads.get(village_id))
        checked += len(batches)
        if problem is not None:
            problems.append(problem)
    return checked, problems


def reason_text(reason: str) -> str:
    return _(REASONS[reason])
