"""The daily check for clues and cases: a step past its deadline is flagged once and the level
above is told (再监督, as for problems). Registered with the ledger's daily check."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.cases.models import Case, Clue
from qingfeng.cases.services import common
from qingfeng.ledger import routing
from qingfeng.ledger.notify import notify
from qingfeng.orgs import selectors as orgs


def _tell(unit, handler, text, now):
    above = routing.level_above(unit)
    people = [*orgs.unit_members(unit), *orgs.unit_members(above)]
    if handler is not None:
        people.append(handler)
    notify(people, text, now=now)


def check_deadlines(*, now=None) -> dict[str, int]:
    now = common.now_or(now)
    today = timezone.localdate(now)
    counts = {"clues_overdue": 0, "cases_overdue": 0}
    late_clues = Clue.objects.filter(
        status__in=Clue.OPEN_STATUSES, overdue=False, due_date__lt=today
    ).select_related("commission__region", "designated_unit__region", "region", "handler")
    for clue in late_clues:
        with transaction.atomic():
            clue.overdue = True
            clue.save(update_fields=["overdue"])
            common.audit(None, "clue.overdue", clue, due=clue.due_date)
            _tell(
                clue.designated_unit or clue.commission,
                clue.handler,
                _("Overdue clue %(n)s (deadline %(due)s).")
                % {"n": clue.number, "due": clue.due_date},
                now,
            )
        counts["clues_overdue"] += 1
    late_cases = Case.objects.filter(
        stage__in=Case.OPEN_STAGES, overdue=False, due_date__lt=today
    ).select_related(
        "clue__commission__region", "clue__region", "designated_unit__region", "handler"
    )
    for case in late_cases:
        with transaction.atomic():
            case.overdue = True
            case.save(update_fields=["overdue"])
            common.audit(None, "case.overdue", case.clue, case=case.number, stage=case.stage)
            _tell(
                case.designated_unit or case.clue.commission,
                case.handler,
                _("Overdue case %(n)s at “%(stage)s” (deadline %(due)s).")
                % {"n": case.number, "stage": case.get_stage_display(), "due": case.due_date},
                now,
            )
        counts["cases_overdue"] += 1
    return counts
