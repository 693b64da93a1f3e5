"""片区协作: 指定办案 and the zone's 线索处置协商会."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qingfeng.audit.services import audit_record
from qingfeng.cases import access, selectors
from qingfeng.cases.models import Case, Clue, Meeting
from qingfeng.cases.services import common
from qingfeng.ledger.notify import notify
from qingfeng.orgs import selectors as orgs

COMMISSION_KINDS = ("township_commission", "inspection_office", "county_commission")


def designate(*, actor, clue: Clue, unit=None, zone=None, decision: str, now=None) -> Clue:
    """指定办案: the county names a unit, or a zone (its lead unit handles it), to handle a clue
    (and its case) outside its home township. That unit sees this object and nothing more."""
    now = common.now_or(now)
    common.check_clue(actor, clue)
    common.require_role(actor, access.DESIGNATORS, _("Only a county commission leader designates."))
    if (unit is None) == (zone is None):
        raise ValidationError(_("Designate either a unit or a zone."))
    if zone is not None:
        unit = zone.lead_unit
        if unit is None:
            raise ValidationError(_("This zone has no lead unit to handle the clue."))
    if unit.kind not in COMMISSION_KINDS:
        raise ValidationError(
            _("Only a discipline commission or an inspection office can handle a clue.")
        )
    if unit.pk == clue.commission_id:
        raise ValidationError(_("That is the clue's own commission: designate another unit."))
    if not decision.strip():
        raise ValidationError(_("Record the designation decision."))
    if not (clue.is_open or (getattr(clue, "case", None) and clue.case.is_open)):
        raise ValidationError(_("This clue is closed."))
    with transaction.atomic():
        clue.designated_unit, clue.designated_zone = unit, zone
        clue.designation_note = decision.strip()
        clue.handler = None  # the designated unit assigns its own handler
        clue.save()
        Case.objects.filter(clue=clue).update(designated_unit=unit)
        common.audit(actor, "clue.designate", clue, unit=unit.pk, zone=getattr(zone, "pk", None))
        common.problem_line(actor, clue, _("Designated to %(unit)s") % {"unit": unit.name}, now=now)
        notify(
            orgs.unit_members(unit),
            _("Your unit was designated to handle clue %(n)s.") % {"n": clue.number},
            now=now,
        )
    return clue


def designation_end(*, actor, clue: Clue, now=None) -> Clue:
    """The designated unit hands the clue back: its scope over it ends."""
    now = common.now_or(now)
    common.check_clue(actor, clue)
    common.require_role(actor, access.DESIGNATORS, _("Only a county commission leader designates."))
    if clue.designated_unit_id is None:
        raise ValidationError(_("This clue is not designated to another unit."))
    with transaction.atomic():
        unit = clue.designated_unit
        clue.designated_unit = clue.designated_zone = None
        if clue.handler_id and clue.handler.org_unit_id == unit.pk:
            clue.handler = None
        clue.save()
        Case.objects.filter(clue=clue).update(designated_unit=None)
        common.audit(actor, "clue.designation_end", clue, unit=unit.pk)
    return clue


def meeting_record(
    *, actor, zone, held_on: dt.date, attendees: str, decisions: str, clues: list, now=None
) -> Meeting:
    """片区线索处置协商会: date, attendees, the clues discussed and the decisions."""
    now = common.now_or(now)
    common.require_role(actor, access.HANDLERS, _("You may not record zone meetings."))
    if not selectors.zones_for(actor).filter(pk=zone.pk).exists():
        raise PermissionDenied(_("This zone is outside your scope."))
    if not attendees.strip():
        raise ValidationError(_("List who attended."))
    if not decisions.strip():
        raise ValidationError(_("Write what was decided."))
    visible = selectors.clues_for(actor)
    for clue in clues:
        if not visible.filter(pk=clue.pk).exists():
            raise PermissionDenied(_("Clue %(n)s is outside your scope.") % {"n": clue.number})
    with transaction.atomic():
        meeting = Meeting.objects.create(
            zone=zone,
            held_on=held_on,
            attendees=attendees.strip(),
            decisions=decisions.strip(),
            recorded_by=actor,
            created_at=now,
        )
        meeting.clues.set(clues)
        for clue in clues:
            common.audit(actor, "zone.meeting", clue, meeting=meeting.pk, zone=zone.pk)
        audit_record(
            actor=actor,
            action="cases.zone.meeting",
            target=meeting,
            region_code=zone.county.code,
            data={"zone": zone.pk, "clues": len(clues)},
        )
    return meeting
