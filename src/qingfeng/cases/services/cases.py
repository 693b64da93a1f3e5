"""Cases (案件): 立案 → 审查调查 → 案件审理 → 处分决定 → 执行, or 移送检察机关."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.cases import access, rules
from qingfeng.cases.models import Case, Clue, Evidence, Outcome
from qingfeng.cases.services import common
from qingfeng.ledger import deadlines
from qingfeng.ledger.notify import notify

Stage = Case.Stage
# 监察法 (2024) art. 48: three months, extendable once by three (the gravest cases may go
# further with the level above's approval: not handled here).
DETENTION_MAX_DAYS = deadlines.rule("detention").limit + deadlines.rule("detention").extension


def _require_stage(case: Case, *stages) -> None:
    if case.stage not in stages:
        raise ValidationError(
            _("This cannot be done while the case is at “%(stage)s”.")
            % {"stage": case.get_stage_display()}
        )


def _require_handler(actor, case: Case) -> None:
    common.check_case(actor, case)
    common.require_role(actor, access.HANDLERS, _("You may not work on cases."))
    if not common.works_for(actor, case.clue):
        raise PermissionDenied(_("Only the handling unit works on this case."))


def _advance(case: Case, stage: str, actor, today: dt.date, note: str = "", document=None):
    current = case.stages.filter(ended_on__isnull=True).last()
    if current is not None:
        current.ended_on = today
        if note:
            current.note = (current.note + "\n" + note).strip()
        if document is not None:
            current.document = document
        current.save()
    case.stage, case.stage_started, case.overdue = stage, today, False
    code = deadlines.CASE_STAGE_RULE.get(stage)
    if code:
        due = deadlines.due_after(code, today)
        case.due_date, case.due_rule, case.due_provisional = due.due, code, due.provisional
    else:
        case.due_date, case.due_rule, case.due_provisional = None, "", False
    if stage in Case.OPEN_STAGES:
        case.stages.create(
            stage=stage,
            handler=case.handler,
            started_on=today,
            due_date=case.due_date,
            due_rule=case.due_rule,
        )


def case_approve_filing(*, actor, case: Case, filed_on: dt.date | None = None, now=None) -> Case:
    """立案: approved by the head of the unit, a second person, with the decision's date."""
    now = common.now_or(now)
    common.check_case(actor, case)
    _require_stage(case, Stage.FILING)
    common.refuse_if(
        actor, common.approver_reasons(case.clue, actor, case.proposed_by), _("approver")
    )
    today = timezone.localdate(now)
    filed_on = filed_on or today
    if filed_on > today:
        raise ValidationError(_("The filing decision date cannot be in the future."))
    with transaction.atomic():
        case.filed_on, case.filing_approved_by = filed_on, actor
        _advance(case, Stage.INVESTIGATION, actor, today, _("Filing approved"))
        case.save()
        common.audit(actor, "case.file", case.clue, case=case.number, filed_on=filed_on)
        common.problem_line(
            actor,
            case.clue,
            _("Case %(n)s filed") % {"n": case.number},
            public_note=str(_("The matter has been filed for examination and investigation.")),
            now=now,
        )
        if case.handler:
            notify([case.handler], _("Case %(n)s was filed.") % {"n": case.number}, now=now)
    return case


def case_set_investigators(*, actor, case: Case, investigators: list, now=None) -> Case:
    now = common.now_or(now)
    _require_handler(actor, case)
    _require_stage(case, Stage.FILING, Stage.INVESTIGATION)
    if not investigators:
        raise ValidationError(_("Choose at least one investigator."))
    for person in investigators:
        common.refuse_if(person, common.handler_reasons(case.clue, person), _("investigator"))
    with transaction.atomic():
        case.investigators.set(investigators)
        common.audit(
            actor,
            "case.investigators",
            case.clue,
            case=case.number,
            users=[u.pk for u in investigators],
        )
    return case


def case_investigation_update(
    *,
    actor,
    case: Case,
    measures: str = "",
    detention_from: dt.date | None = None,
    detention_until: dt.date | None = None,
    now=None,
) -> Case:
    """审查调查: the measures taken and 留置 with its dates."""
    now = common.now_or(now)
    _require_handler(actor, case)
    _require_stage(case, Stage.INVESTIGATION)
    if bool(detention_from) != bool(detention_until):
        raise ValidationError(_("Detention needs both its start and its end date."))
    if detention_from and detention_until:
        if detention_until <= detention_from:
            raise ValidationError(_("The detention must end after it starts."))
        if (detention_until - detention_from).days > DETENTION_MAX_DAYS:
            raise ValidationError(
                _(
                    "Detention may last at most three months, extended once by three "
                    "(%(days)s days; 监察法 art. 48)."
                )
                % {"days": DETENTION_MAX_DAYS}
            )
    with transaction.atomic():
        case.measures = measures.strip()
        case.detention_from, case.detention_until = detention_from, detention_until
        case.save()
        common.audit(
            actor,
            "case.investigation",
            case.clue,
            case=case.number,
            detention=bool(detention_from),
        )
    return case


def case_add_evidence(*, actor, case: Case, description: str, file=None, now=None) -> Evidence:
    now = common.now_or(now)
    _require_handler(actor, case)
    _require_stage(case, Stage.INVESTIGATION)
    if not description.strip():
        raise ValidationError(_("Describe the evidence."))
    with transaction.atomic():
        item = Evidence.objects.create(
            case=case,
            description=description.strip()[:200],
            file=file or "",
            added_by=actor,
            added_at=now,
        )
        common.audit(actor, "case.evidence", case.clue, case=case.number, evidence=item.pk)
    return item


def case_to_trial(
    *,
    actor,
    case: Case,
    reviewers: list,
    joint_review: bool = False,
    zone=None,
    note="",
    document=None,
    now=None,
) -> Case:
    """审查调查 ends; 案件审理 by people who did not investigate (审查与审理分离). A joint review
    (联合审理) needs reviewers from at least two units of the zone."""
    now = common.now_or(now)
    _require_handler(actor, case)
    _require_stage(case, Stage.INVESTIGATION)
    if not case.investigators.exists():
        raise ValidationError(_("Record who investigated before the case goes to review."))
    if not case.evidence.exists():
        raise ValidationError(_("List the evidence before the case goes to review."))
    if not reviewers:
        raise ValidationError(_("Choose the reviewers."))
    if joint_review:
        if zone is None:
            raise ValidationError(_("A joint review names its zone."))
        units = {u.org_unit_id for u in reviewers}
        if len(units) < 2:
            raise ValidationError(
                _("A joint review needs reviewers from at least two units of the zone.")
            )
    for person in reviewers:
        common.refuse_if(
            person,
            common.reviewer_reasons(case, person, zone=zone if joint_review else None),
            _("reviewer"),
        )
    today = timezone.localdate(now)
    with transaction.atomic():
        case.reviewers.set(reviewers)
        case.joint_review = joint_review
        case.review_zone = zone if joint_review else None
        _advance(case, Stage.TRIAL, actor, today, note.strip(), document)
        case.save()
        common.audit(
            actor,
            "case.to_trial",
            case.clue,
            case=case.number,
            joint=joint_review,
            reviewers=[u.pk for u in reviewers],
        )
        common.problem_line(
            actor, case.clue, _("Case %(n)s sent to review") % {"n": case.number}, now=now
        )
        notify(reviewers, _("Case %(n)s awaits your review.") % {"n": case.number}, now=now)
    return case


def case_review_opinion(
    *, actor, case: Case, opinion: str, transfer: bool = False, now=None
) -> Case:
    """案件审理's opinion, by one of the reviewers: on to the decision, or 移送检察机关."""
    now = common.now_or(now)
    common.check_case(actor, case)
    _require_stage(case, Stage.TRIAL)
    if not case.reviewers.filter(pk=actor.pk).exists():
        raise PermissionDenied(_("Only a reviewer of this case gives the review opinion."))
    if not opinion.strip():
        raise ValidationError(_("Write the review opinion."))
    today = timezone.localdate(now)
    with transaction.atomic():
        case.review_opinion = opinion.strip()
        if transfer:
            case.transfer_note = opinion.strip()
            _advance(case, Stage.TRANSFERRED, actor, today, opinion.strip())
            case.closed_at = now
            case.save()
            _finish_clue(actor, case, now)
            Outcome.objects.create(
                case=case,
                kind=Outcome.Kind.TRANSFER,
                measure="procuratorate",
                decided_on=today,
                recorded_by=actor,
            )
        else:
            _advance(case, Stage.DECISION, actor, today, opinion.strip())
            case.save()
        common.audit(actor, "case.review", case.clue, case=case.number, transfer=transfer)
    return case


def _amount(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        raise ValidationError(_("The amount must be a number of yuan, e.g. 12000.50.")) from None
    if amount <= 0 or amount.as_tuple().exponent < -2:
        raise ValidationError(_("The amount must be positive, in yuan with at most two decimals."))
    return amount


def case_add_outcome(
    *,
    actor,
    case: Case,
    kind: str,
    measure: str,
    subject=None,
    amount=None,
    note: str = "",
    decided_on: dt.date | None = None,
    now=None,
) -> Outcome:
    """处分决定: one outcome for one subject. A village committee member can only receive
    警告、记过、记大过 as a 政务处分 (政务处分法 art. 22)."""
    now = common.now_or(now)
    _require_handler(actor, case)
    _require_stage(case, Stage.DECISION, Stage.EXECUTION)
    table = rules.MEASURES.get(kind)
    if table is None or measure not in table or kind == Outcome.Kind.TRANSFER:
        raise ValidationError(_("Choose a measure from the list."))
    if kind != Outcome.Kind.FUNDS and subject is None:
        raise ValidationError(_("Say whom the measure is for."))
    if subject is not None and subject.clue_id != case.clue_id:
        raise ValidationError(_("That person is not a subject of this case."))
    if (
        kind == Outcome.Kind.GOVERNMENT
        and subject is not None
        and subject.village_committee
        and measure not in rules.VILLAGE_COMMITTEE_ALLOWED
    ):
        raise ValidationError(
            _(
                "%(name)s is a village committee member: a government sanction for them can "
                "only be a warning, a demerit or a major demerit (政务处分法 art. 22), not "
                "“%(measure)s”."
            )
            % {"name": subject.name, "measure": rules.measure_label(kind, measure)}
        )
    if kind == Outcome.Kind.PARTY and subject is not None and not subject.party_member:
        raise ValidationError(
            _("%(name)s is not recorded as a party member: no party discipline.")
            % {"name": subject.name}
        )
    value = _amount(amount)
    if kind == Outcome.Kind.FUNDS and value is None:
        raise ValidationError(_("Give the amount recovered or returned, in yuan."))
    with transaction.atomic():
        outcome = Outcome.objects.create(
            case=case,
            subject=subject,
            kind=kind,
            measure=measure,
            months=rules.GOVERNMENT_MONTHS.get(measure)
            if kind == Outcome.Kind.GOVERNMENT
            else None,
            amount_yuan=value if kind == Outcome.Kind.FUNDS else None,
            note=note.strip()[:200],
            decided_on=decided_on or timezone.localdate(now),
            recorded_by=actor,
        )
        common.audit(actor, "case.outcome", case.clue, case=case.number, kind=kind, measure=measure)
    return outcome


def case_decide(
    *, actor, case: Case, decision_on: dt.date | None = None, document=None, now=None
) -> Case:
    """处分决定 made and delivered: on to 执行."""
    now = common.now_or(now)
    _require_handler(actor, case)
    _require_stage(case, Stage.DECISION)
    if not case.outcomes.exists():
        raise ValidationError(_("Record at least one outcome before the decision."))
    today = timezone.localdate(now)
    with transaction.atomic():
        case.decision_on = decision_on or today
        _advance(case, Stage.EXECUTION, actor, today, document=document)
        case.save()
        common.audit(actor, "case.decide", case.clue, case=case.number)
    return case


def outcome_sentence(case: Case) -> str:
    """The one sentence a reporter reads: what was done, never to whom."""
    outcomes = list(case.outcomes.all())
    if case.stage == Stage.TRANSFERRED:
        return str(
            _(
                "After examination and investigation, the matter is suspected to be a crime and "
                "has been transferred to the procuratorate according to law."
            )
        )
    parts = []
    counts = {}
    for o in outcomes:
        counts.setdefault(o.kind, set()).add(o.subject_id)
    labels = {
        "party": _("party discipline for %(n)s person(s)"),
        "government": _("government sanctions for %(n)s person(s)"),
        "organisational": _("organisational measures for %(n)s person(s)"),
        "light": _("lighter measures for %(n)s person(s)"),
    }
    for kind, label in labels.items():
        if kind in counts:
            parts.append(str(label) % {"n": len(counts[kind])})
    total = sum((o.amount_yuan for o in outcomes if o.amount_yuan), Decimal(0))
    if total:
        parts.append(str(_("%(yuan)s yuan recovered")) % {"yuan": f"{total:,.2f}"})
    return str(
        _("After examination and investigation, the problem reported was dealt with: %(what)s.")
    ) % {"what": "，".join(parts) or str(_("handled according to rules"))}


def _finish_clue(actor, case: Case, now) -> None:
    clue = case.clue
    clue.status, clue.closed_at = Clue.Status.CLOSED, now
    clue.outcome = outcome_sentence(case)
    clue.save()
    common.problem_line(actor, clue, _("Case %(n)s closed") % {"n": case.number}, now=now)
    common.problem_close(actor, clue, clue.outcome, now=now)


def case_close(*, actor, case: Case, execution_note: str, now=None) -> Case:
    """执行 done: the case closes, the clue closes, the problem gets the outcome sentence."""
    now = common.now_or(now)
    _require_handler(actor, case)
    _require_stage(case, Stage.EXECUTION)
    if not execution_note.strip():
        raise ValidationError(_("Say how the decision was carried out."))
    today = timezone.localdate(now)
    with transaction.atomic():
        case.execution_note = execution_note.strip()
        _advance(case, Stage.CLOSED, actor, today, execution_note.strip())
        case.closed_at = now
        case.save()
        _finish_clue(actor, case, now)
        common.audit(actor, "case.close", case.clue, case=case.number)
    return case
