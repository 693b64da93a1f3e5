"""Writes for inspection rounds: set-up, the checklist template, assignment, checklists, findings
into the ledger, closing. Each checks role and scope and writes its audit entry in the same
transaction."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.audit.services import audit_record
from qingfeng.inspections import access, assignment
from qingfeng.inspections.models import (
    DEFAULT_ITEMS,
    Assignment,
    ChecklistEntry,
    ChecklistTemplate,
    Finding,
    Round,
)
from qingfeng.ledger import recusal
from qingfeng.ledger import services as ledger
from qingfeng.orgs import monitors, regions
from qingfeng.orgs.roles import COUNTY_EDITORS
from qingfeng.orgs.scope import code_in_scope

SOURCE_INSPECTION = "inspection"  # ledger Problem.Source: 巡察/交叉检查
KIND_LIVELIHOOD = "livelihood"


def _audit(actor, action: str, target, code: str, **data) -> None:
    audit_record(
        actor=actor, action=f"inspections.{action}", target=target, region_code=code, data=data
    )


def _require_organiser(actor, code: str) -> None:
    if actor.role not in access.ORGANISERS or not code_in_scope(actor, code):
        raise PermissionDenied(_("Your role may not make this change."))


# --- the county's checklist template --------------------------------------------------------


def checklist_items(county) -> list[str]:
    template = ChecklistTemplate.objects.filter(county=county).first()
    return template.item_list() if template else list(DEFAULT_ITEMS)


def checklist_save(*, actor, county, items: str) -> ChecklistTemplate:
    if actor.role not in COUNTY_EDITORS or not code_in_scope(actor, county.code):
        raise PermissionDenied(_("Only the county may edit the checklist."))
    lines = [line.strip() for line in items.splitlines() if line.strip()]
    if not lines:
        raise ValidationError({"items": _("Write at least one checklist item.")})
    too_long = [n for n, line in enumerate(lines, 1) if len(line) > 100]
    if too_long:
        raise ValidationError(
            {"items": _("Line %(n)d is longer than 100 characters.") % {"n": too_long[0]}}
        )
    with transaction.atomic():
        template, _created = ChecklistTemplate.objects.update_or_create(
            county=county, defaults={"items": "\n".join(lines)}
        )
        _audit(actor, "checklist.save", template, county.code, items=len(lines))
    return template


# --- rounds ---------------------------------------------------------------------------------


def round_create(
    *,
    actor,
    region,
    kind: str,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    villages,
    plan: str = "",
) -> Round:
    _require_organiser(actor, region.code)
    villages = list(villages)
    if kind not in Round.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of round.")})
    if not name.strip():
        raise ValidationError({"name": _("Name the round.")})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The round cannot end before it starts.")})
    if not villages:
        raise ValidationError({"villages": _("Choose the villages to check.")})
    prefix = regions.prefix_of(region.code)
    outside = [v.name for v in villages if not v.code.startswith(prefix)]
    if outside:
        raise ValidationError(
            {
                "villages": _("Not in the organising region: %(names)s")
                % {"names": "、".join(outside)}
            }
        )
    county = monitors.county_of(region.code)
    with transaction.atomic():
        round_ = Round.objects.create(
            region=region,
            kind=kind,
            name=name.strip(),
            plan=plan.strip(),
            starts_on=starts_on,
            ends_on=ends_on,
            checklist=checklist_items(county),
            created_by=actor,
        )
        round_.villages.set(villages)
        _audit(actor, "round.create", round_, region.code, villages=len(villages), kind=kind)
    return round_


def previous_round(round_: Round) -> Round | None:
    """The round before this one of the same kind and organiser (for rotation)."""
    return (
        Round.objects.filter(
            region=round_.region, kind=round_.kind, starts_on__lte=round_.starts_on
        )
        .exclude(pk=round_.pk)
        .exclude(starts_on=round_.starts_on, pk__gt=round_.pk)
        .order_by("-starts_on", "-pk")
        .first()
    )


def assignment_plan(round_: Round, *, seed: int | None = None) -> tuple[assignment.Plan, dict]:
    """The plan without writing it: inspectors are the region's current monitors."""
    villages = {v.code: v for v in round_.villages.all()}
    people = {
        m.person_id: m.person
        for m in monitors.monitors_under(regions.prefix_of(round_.region.code))
    }
    barred = recusal.village_conflicts(people.values())
    forbidden = {pid: set(codes) for pid, codes in barred.items()}
    before = previous_round(round_)
    previous: dict[int, set] = {}
    if before is not None:
        for pid, code in before.assignments.values_list("inspector_id", "village__code"):
            previous.setdefault(pid, set()).add(code)
    plan = assignment.assign(
        sorted(villages),
        sorted(people),
        forbidden,
        previous,
        seed=round_.pk if seed is None else seed,
    )
    return plan, {"villages": villages, "people": people}


def round_assign(*, actor, round_: Round, seed: int | None = None) -> assignment.Plan:
    """Replace the assignments of villages whose checklist nobody has started."""
    _require_organiser(actor, round_.region.code)
    if round_.closed_on:
        raise ValidationError(_("This round is closed."))
    if (
        round_.assignments.filter(submitted_at__isnull=False).exists()
        or ChecklistEntry.objects.filter(assignment__round=round_).exclude(result="").exists()
    ):
        raise ValidationError(
            _("Checklists have been started; the assignment can no longer change.")
        )
    plan, parts = assignment_plan(round_, seed=seed)
    with transaction.atomic():
        round_.assignments.all().delete()
        rows = [
            Assignment(
                round=round_, village=parts["villages"][code], inspector=parts["people"][pid]
            )
            for code, pid in sorted(plan.pairs.items())
        ]
        Assignment.objects.bulk_create(rows)
        entries = [
            ChecklistEntry(assignment=a, position=n, item=item)
            for a in round_.assignments.all()
            for n, item in enumerate(round_.checklist)
        ]
        ChecklistEntry.objects.bulk_create(entries)
        _audit(
            actor,
            "round.assign",
            round_,
            round_.region.code,
            assigned=len(rows),
            unassigned=len(plan.unassigned),
        )
    return plan


def round_close(*, actor, round_: Round, on: dt.date | None = None) -> Round:
    _require_organiser(actor, round_.region.code)
    if round_.closed_on:
        raise ValidationError(_("This round is closed."))
    with transaction.atomic():
        round_.closed_on = on or timezone.localdate()
        round_.save(update_fields=["closed_on"])
        _audit(actor, "round.close", round_, round_.region.code)
    return round_


# --- checklists and findings ----------------------------------------------------------------


def _require_filler(actor, item: Assignment) -> None:
    if not access.may_fill(actor, item):
        raise PermissionDenied(_("Only the assigned inspector or the organisers may fill this in."))
    if item.round.closed_on:
        raise ValidationError(_("This round is closed."))


def checklist_fill(
    *,
    actor,
    assignment: Assignment,
    answers: dict[int, tuple[str, str]],
    submit: bool = False,
    now=None,
) -> Assignment:
    """`answers` maps an item's position to (result, note)."""
    _require_filler(actor, assignment)
    entries = {e.position: e for e in assignment.entries.all()}
    for position, (result, note) in answers.items():
        if position not in entries:
            raise ValidationError(_("Item %(n)d is not on this checklist.") % {"n": position + 1})
        if result not in ("", *ChecklistEntry.Result.values):
            raise ValidationError(_("Item %(n)d: choose a result.") % {"n": position + 1})
        if result == ChecklistEntry.Result.ISSUE and not note.strip():
            raise ValidationError(
                _("Item %(n)d (%(item)s): say what the problem is.")
                % {"n": position + 1, "item": entries[position].item}
            )
    if submit:
        blank = [
            entries[p].item for p in sorted(entries) if not answers.get(p, (entries[p].result,))[0]
        ]
        if blank:
            raise ValidationError(
                _("Every item needs a result before submitting; missing: %(items)s")
                % {"items": "、".join(blank)}
            )
    with transaction.atomic():
        for position, (result, note) in answers.items():
            entry = entries[position]
            entry.result, entry.note = result, note.strip()[:300]
        ChecklistEntry.objects.bulk_update(entries.values(), ["result", "note"])
        if submit:
            assignment.submitted_at = now or timezone.now()
            assignment.save(update_fields=["submitted_at"])
        _audit(actor, "checklist.fill", assignment, assignment.village.code, submitted=submit)
    return assignment


def finding_raise(
    *, actor, assignment: Assignment, category: str, description: str, now=None
) -> Finding:
    """One step: the finding and its ledger problem (source 巡察/交叉检查), tagged with the
    round."""
    _require_filler(actor, assignment)
    if not description.strip():
        raise ValidationError({"description": _("Write what was found.")})
    if category not in assignment.round.checklist:
        raise ValidationError({"category": _("Choose a checklist item.")})
    round_ = assignment.round
    with transaction.atomic():
        problem = ledger.problem_create(
            actor=None,
            logged_by=actor,
            region=assignment.village,
            kind=KIND_LIVELIHOOD,
            source=SOURCE_INSPECTION,
            category=category,
            title=f"【{round_.name}】{category}",
            description=description,
            now=now,
        )
        finding = Finding.objects.create(
            round=round_,
            assignment=assignment,
            village=assignment.village,
            category=category,
            description=description.strip(),
            problem=problem,
            created_by=actor,
        )
        _audit(
            actor,
            "finding.raise",
            finding,
            assignment.village.code,
            problem=problem.number,
            round=round_.pk,
        )
    return finding
