"""Review that carries over from one run to the next (last month's data set, this month's).

A hit is the same hit as an earlier one when its rule and subject are the same (`subject_key`).
Against the latest reviewed hit of that subject:
- same records: a dismissed hit is not stored again (suppressed); a confirmed one comes back
  confirmed, pointing at the same ledger problem;
- the records only grew (every earlier record is still there): a confirmed hit stays
  confirmed and the new records go to the ledger problem ("新增 N 条记录"); a dismissed hit
  comes back as "dismissed, new records since" with its reason kept, if the rule says new
  records matter (Rule.new_records_matter), else it stays suppressed;
- anything else (a record gone or changed): a new hit, to review.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from qingfeng.screening import evidence
from qingfeng.screening.engine.rules import all_rules
from qingfeng.screening.models import Hit


@dataclass
class Carried:
    status: str  # Hit.Status
    before: Hit | None = None
    new_keys: frozenset[str] = frozenset()
    suppressed: bool = False


def earlier_reviews(subject_keys: set[str]) -> dict[str, Hit]:
    """subject_key -> the latest confirmed or dismissed hit of that subject."""
    found: dict[str, Hit] = {}
    keys = list(subject_keys)
    for start in range(0, len(keys), 500):  # SQLite's limit on query parameters
        reviewed = Hit.objects.filter(
            subject_key__in=keys[start : start + 500],
            status__in=[Hit.Status.DISMISSED, Hit.Status.CONFIRMED],
        ).order_by("pk")
        for hit in reviewed.only(
            "subject_key",
            "evidence_key",
            "record_keys",
            "status",
            "reason",
            "problem_pk",
            "problem_number",
            "reviewed_at",
            "reviewed_by",
        ):
            found[hit.subject_key] = hit  # the latest wins
    return found


def decide(rule: str, seal: evidence.Sealed, before: Hit | None) -> Carried:
    if before is None:
        return Carried(Hit.Status.NEW)
    same = before.evidence_key == seal.evidence_key
    earlier, now = set(before.record_keys), set(seal.record_keys)
    grew = bool(earlier) and earlier < now
    if not (same or grew):
        return Carried(Hit.Status.NEW)
    new_keys = frozenset(now - earlier) if grew else frozenset()
    if before.status == Hit.Status.CONFIRMED:
        return Carried(Hit.Status.CONFIRMED, before, new_keys)
    matters = getattr(all_rules().get(rule), "new_records_matter", True)
    if same or not matters:
        return Carried(Hit.Status.DISMISSED, before, new_keys, suppressed=True)
    return Carried(Hit.Status.REOPENED, before, new_keys)


def apply(row: Hit, carried: Carried) -> None:
    """Copy the earlier review onto the new hit row."""
    before = carried.before
    row.status = carried.status
    if before is None:
        return
    row.carried_from = before
    row.new_records = len(carried.new_keys)
    if carried.status == Hit.Status.CONFIRMED:
        row.problem_pk, row.problem_number = before.problem_pk, before.problem_number
        row.reviewed_at, row.reviewed_by_id = before.reviewed_at, before.reviewed_by_id
        row.reason = _("Confirmed in an earlier run (%(number)s).") % {
            "number": before.problem_number
        }
    elif carried.status == Hit.Status.REOPENED:
        row.reason = before.reason  # the reason it was dismissed, for the second look


def new_records_text(hit_row: Hit, new_keys: frozenset[str]) -> tuple[str, str]:
    """(heading, text) for the ledger: the new records, masked as on 确认问题."""
    opened = evidence.only_records(evidence.open_hit(hit_row), set(new_keys))
    heading = _("Data screening: %(n)d new records (run %(run)s)") % {
        "n": len(new_keys),
        "run": hit_row.run_id,
    }
    shown = evidence.show(opened, full=False, keep_names=True)
    lines = []
    for label, headers, rows in shown.tables:
        lines.append(f"【{label}】")
        for cells in rows:
            pairs = zip(headers, cells, strict=True)
            lines.append("；".join(f"{h}：{v}" for h, v in pairs if v not in ("", None)))
    return heading, "\n".join(lines)
