"""The redacted timeline a reporter sees on /track/: five steps with dates and deadlines,
the reply, and nothing about who handles it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from qingfeng.ledger import selectors as ledger
from qingfeng.ledger.deadlines import RULES

# Notes a reporter may read: the reason for not accepting, the reply, the review reason, and
# the reason for an extension.
# A public "clue" event is the clue register's redacted line (never a subject's name).
# A "reclassified" event's note is the old and the new kind.
PUBLIC_NOTES = {"rejected", "replied", "review", "rated", "extended", "clue", "reclassified"}
# Events that start the acceptance limit again: the newest of them gives the first step's deadline.
OPENING = ("submitted", "transferred", "reclassified")


@dataclass
class Step:
    label: str
    done: bool = False
    at: object = None
    due: object = None
    provisional: bool = False
    rule: str = ""
    note: str = ""
    extra: list = field(default_factory=list)


def _rule(code: str) -> str:
    rule = RULES.get(code)
    return rule.describe if rule else ""


def steps_for(report) -> tuple[list[Step], list]:
    problem = report.problem
    events = list(ledger.public_timeline(problem))
    last = {}
    opened = None
    for event in events:
        last[event.kind] = event
        if event.kind in OPENING:
            opened = event
    submitted = Step(_("Submitted"), True, report.created_at)
    if opened is not None:
        submitted.due, submitted.provisional = opened.due_date, opened.due_provisional
        submitted.rule = _rule(opened.due_rule)
    decided = last.get("rejected") or last.get("accepted")
    if decided is not None and decided.kind == "rejected":
        decision = Step(_("Not accepted"), True, decided.at, note=decided.note)
    else:
        decision = Step(_("Accepted"), decided is not None, decided.at if decided else None)
        if decided is not None:
            decision.due, decision.provisional = decided.due_date, decided.due_provisional
            decision.rule = _rule(decided.due_rule)
            extended = last.get("extended")
            if extended is not None and extended.at >= decided.at:  # 延期: the later deadline
                decision.due, decision.provisional = extended.due_date, extended.due_provisional
    working = last.get("assigned") or last.get("rectification")
    status = problem.status
    handling = Step(
        _("Being handled"),
        working is not None or status in ("handling", "replied", "closed", "review", "clue"),
        working.at if working else None,
    )
    replied = last.get("replied")
    reply = Step(_("Replied"), replied is not None, replied.at if replied else None)
    if replied is not None:
        reply.note = problem.reply
    closed = last.get("closed")
    done = Step(_("Closed"), closed is not None or status == "rejected")
    done.at = closed.at if closed else (decided.at if status == "rejected" else None)
    steps = [submitted, decision, handling, reply, done]
    if status == "rejected":
        steps = [submitted, decision, done]
    updates = [
        {
            "label": e.get_kind_display(),
            "at": e.at,
            "note": e.note if e.kind in PUBLIC_NOTES else "",
            "due": e.due_date,
            "provisional": e.due_provisional,
        }
        for e in events
        if e.kind
        in (
            "transferred",
            "reclassified",
            "review",
            "rated",
            "rectification",
            "follow_up",
            "extended",
            "clue",
        )
    ]
    return steps, updates
