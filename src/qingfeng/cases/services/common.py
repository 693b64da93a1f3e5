"""Helpers shared by the clue and case services: scope, jurisdiction, recusal, audit, the
linked problem."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.audit.services import audit_record
from qingfeng.cases import access, selectors
from qingfeng.cases.models import Case, Clue
from qingfeng.ledger import recusal, routing
from qingfeng.ledger import selectors as ledger_selectors
from qingfeng.ledger import services as ledger


def now_or(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def check_clue(actor, clue: Clue) -> None:
    if not selectors.clues_for(actor).filter(pk=clue.pk).exists():
        raise PermissionDenied(_("This clue is outside your scope."))


def check_case(actor, case: Case) -> None:
    if not selectors.cases_for(actor).filter(pk=case.pk).exists():
        raise PermissionDenied(_("This case is outside your scope."))


def require_role(actor, roles, message: str) -> None:
    if getattr(actor, "role", None) not in roles:
        raise PermissionDenied(message)


def audit(actor, action: str, clue: Clue, **data) -> None:
    audit_record(
        actor=actor,
        action=f"cases.{action}",
        target=clue,
        region_code=clue.region.code,
        data={"number": clue.number, "status": clue.status, **data},
    )


# --- jurisdiction (管辖) -------------------------------------------------------------------------


def jurisdiction(region, subject_level: str):
    """The commission that handles a clue and the region whose officials see it: a village
    cadre → the township commission (the county under 提级监督); a township or county-managed
    cadre → the county commission."""
    county = routing.county_code(region.code)
    elevated = bool(getattr(region, "elevated_supervision", False))
    if subject_level == Clue.Level.VILLAGE_CADRE and not elevated and region.level != "county":
        unit = routing.commission_for(region.code)
        if unit is not None and unit.kind == routing.TOWNSHIP_COMMISSION:
            return unit, unit.region.code
    unit = routing.commission_at(county)
    if unit is None:
        raise ValidationError(_("There is no county commission to handle this clue."))
    return unit, county


def works_for(user, clue: Clue) -> bool:
    """A member of the clue's commission (a county commission's offices and groups count), or of
    the unit designated to handle it."""
    unit = getattr(user, "org_unit", None)
    if unit is None:
        return False
    ids = {clue.commission_id, clue.designated_unit_id} - {None}
    return unit.pk in ids or (unit.parent_id in ids and clue.commission.kind == "county_commission")


# --- recusal (回避), through the ledger's one recusal module ------------------------------------


def _subjects(clue: Clue):
    people = [s.person for s in clue.subjects.select_related("person__region") if s.person_id]
    villages = {p.region.code for p in people}
    if clue.region.level == "village":
        villages.add(clue.region.code)
    return people, villages


def _reporters(clue: Clue):
    # Who reported it: the reporter named on the clue, and the linked problem's reporter and
    # the official who found it (a clerk registering a clue directly is not a reporter).
    people, users = [], []
    if clue.reporter_person_id:
        people.append(clue.reporter_person)
    problem = ledger_selectors.problem_by_id(clue.problem_id)
    if problem is not None:
        if problem.reporter_person_id:
            people.append(problem.reporter_person)
        if problem.logged_by_id:
            users.append(problem.logged_by_id)
    return people, users


def conflicts(clue: Clue, user, *, investigator_ids=()) -> list[str]:
    subjects, villages = _subjects(clue)
    reporters, reporter_users = _reporters(clue)
    return recusal.conflicts(
        user,
        subjects=subjects,
        subject_villages=villages,
        reporters=reporters,
        reporter_user_ids=reporter_users,
        investigator_ids=investigator_ids,
    )


def out_of_jurisdiction(clue: Clue, user) -> list[str]:
    if not selectors.clues_for(user).filter(pk=clue.pk).exists() or not works_for(user, clue):
        return [_("not in the handling unit's jurisdiction")]
    return []


def handler_reasons(clue: Clue, user) -> tuple[list[str], list[str]]:
    """(conflicts that make the person step aside, reasons of jurisdiction)."""
    jurisdiction_reasons = out_of_jurisdiction(clue, user)
    if user.role not in access.HANDLERS:
        jurisdiction_reasons.append(_("does not handle clues"))
    return conflicts(clue, user), jurisdiction_reasons


def approver_reasons(clue: Clue, user, proposer) -> tuple[list[str], list[str]]:
    """(conflicts, other reasons): the proposer, someone not heading the unit, or someone
    outside the jurisdiction cannot approve, but that is no conflict of interest."""
    other = []
    if proposer is not None and user.pk == proposer.pk:
        other.append(_("proposed it: a second person must approve"))
    if user.role not in access.APPROVERS:
        other.append(_("is not the head of the unit"))
    elif user.role == "township_cadre" and user.org_unit_id not in {
        clue.commission_id,
        clue.designated_unit_id,
    }:
        other.append(_("heads another unit"))
    if user.role == "county_leader":
        if not selectors.clues_for(user).filter(pk=clue.pk).exists():
            other.append(_("not in the handling unit's jurisdiction"))
    else:
        other.extend(out_of_jurisdiction(clue, user))
    return conflicts(clue, user), other


def reviewer_reasons(case: Case, user, *, zone=None) -> tuple[list[str], list[str]]:
    """A reviewer must not have investigated the case (审查与审理分离)."""
    investigators = list(case.investigators.values_list("pk", flat=True))
    own = conflicts(case.clue, user, investigator_ids=investigators)
    where = []
    if zone is not None:
        if user.org_unit_id not in {u.pk for u in selectors.zone_units(zone)}:
            where.append(_("not in a unit of the zone"))
    elif not selectors.cases_for(user).filter(pk=case.pk).exists():
        where.append(_("not in the handling unit's jurisdiction"))
    return own, where


def refuse_if(name, reasons: tuple[list[str], list[str]], what: str) -> None:
    conflict, jurisdiction_reasons = reasons
    if conflict:
        raise ValidationError(
            _("%(name)s must step aside as %(what)s: %(reasons)s.")
            % {"name": name, "what": what, "reasons": "；".join(conflict)}
        )
    if jurisdiction_reasons:
        raise ValidationError(
            _("%(name)s cannot be %(what)s: %(reasons)s.")
            % {"name": name, "what": what, "reasons": "；".join(jurisdiction_reasons)}
        )


# --- the linked problem ---------------------------------------------------------------------


def problem_line(actor, clue: Clue, note: str, public_note: str = "", now=None) -> None:
    problem = ledger_selectors.problem_by_id(clue.problem_id)
    if problem is not None:
        ledger.problem_clue_event(
            actor=actor,
            problem=problem,
            note=f"{clue.number} {note}",
            public_note=public_note,
            now=now,
        )


def problem_close(actor, clue: Clue, outcome: str, now=None) -> None:
    problem = ledger_selectors.problem_by_id(clue.problem_id)
    if problem is not None and problem.status == "clue":
        ledger.problem_clue_closed(actor=actor, problem=problem, outcome=outcome, now=now)
