"""The clue register (问题线索台账) and disposal (线索处置)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.cases import access
from qingfeng.cases.models import Attachment, Case, Clue, Disposal, Subject
from qingfeng.cases.services import common
from qingfeng.ledger import deadlines
from qingfeng.ledger.notify import notify
from qingfeng.orgs import scope
from qingfeng.orgs import selectors as orgs

Method = Disposal.Method

# What a resident reads on /track/ for each step (never a name).
PUBLIC_LINE = {
    Method.TALK: _("The matter has entered the verification procedure."),
    Method.CHECK: _("The matter has entered the verification procedure."),
    Method.SHELVE: _("The matter has been registered and will be checked further."),
}
CLOSED_SENTENCE = _(
    "After verification by the discipline inspection commission, the matter has been dealt with "
    "and closed."
)


def _number(commission, year: int) -> tuple[int, str]:
    last = Clue.objects.filter(commission=commission, year=year).aggregate(m=Max("seq"))["m"]
    seq = (last or 0) + 1
    return seq, f"XS{year}-{seq:04d}"


def _new_clue(
    *, actor, region, source, subject_level, summary, received_on, now, commission=None, **extra
):
    if commission is not None:  # the commission that already holds the matter keeps it
        scope_code = commission.region.code
    else:
        commission, scope_code = common.jurisdiction(region, subject_level)
    year = received_on.year
    seq, number = _number(commission, year)
    return Clue.objects.create(
        number=number,
        year=year,
        seq=seq,
        commission=commission,
        scope_code=scope_code,
        region=region,
        source=source,
        subject_level=subject_level,
        summary=summary.strip(),
        received_on=received_on,
        logged_by=actor if getattr(actor, "is_authenticated", False) else None,
        created_at=now,
        **extra,
    )


COMMISSIONS = ("county_commission", "township_commission")
LEDGER_LEVEL = {"village_cadre": "village_cadre", "township_cadre": "township_cadre"}


def clue_open_from_problem(problem, actor, now) -> str:
    """转为问题线索 in the ledger: a clue linked both ways (the ledger keeps the number).
    Runs inside the ledger's transaction."""
    level = LEDGER_LEVEL.get(problem.subject_level, "village_cadre")
    unit = problem.handling_unit
    holder = unit if unit is not None and unit.kind in COMMISSIONS else None
    clue = _new_clue(
        commission=holder,
        actor=None,
        region=problem.region,
        source=Clue.Source.REPORT if problem.source in ("report", "walk_in") else "other",
        subject_level=level,
        summary=f"{problem.title}\n{problem.description}".strip(),
        received_on=timezone.localdate(now),
        now=now,
        problem_id=problem.pk,
        problem_number=problem.number,
        reporter_person=problem.reporter_person,
    )
    clue.logged_by = problem.logged_by
    clue.save(update_fields=["logged_by"])
    person = problem.subject_person
    Subject.objects.create(
        clue=clue,
        person=person,
        name=(person.name if person else problem.subject_text) or _("not named"),
        post=problem.subject_text if person else "",
    )
    common.audit(actor, "clue.create", clue, problem=problem.number)
    notify(
        orgs.unit_members(clue.commission),
        _("New problem clue %(number)s (from %(problem)s).")
        % {"number": clue.number, "problem": problem.number},
        now=now,
    )
    return clue.number


def clue_create(
    *,
    actor,
    region,
    source: str,
    subject_level: str,
    summary: str,
    subjects: list[dict],
    received_on: dt.date | None = None,
    files=(),
    now=None,
) -> Clue:
    """A clue entered directly, with its source. `subjects`: dicts with person (or None), name,
    post, village_committee, party_member."""
    now = common.now_or(now)
    common.require_role(actor, access.HANDLERS, _("You may not enter clues."))
    if not scope.code_in_scope(actor, region.code):
        raise PermissionDenied(_("This place is outside your scope."))
    if source not in Clue.Source.values:
        raise ValidationError(_("Choose where the clue came from."))
    if subject_level not in Clue.Level.values:
        raise ValidationError(_("Say what kind of cadre the subject is."))
    if not summary.strip():
        raise ValidationError(_("Write a summary of the clue."))
    subjects = [s for s in subjects if s.get("person") or (s.get("name") or "").strip()]
    if not subjects:
        raise ValidationError(_("Name at least one subject (a person, or the name as reported)."))
    with transaction.atomic():
        clue = _new_clue(
            actor=actor,
            region=region,
            source=source,
            subject_level=subject_level,
            summary=summary,
            received_on=received_on or timezone.localdate(now),
            now=now,
        )
        for s in subjects:
            person = s.get("person")
            Subject.objects.create(
                clue=clue,
                person=person,
                name=person.name if person else s["name"].strip()[:64],
                post=(s.get("post") or "").strip()[:64],
                village_committee=bool(s.get("village_committee")),
                party_member=bool(s.get("party_member")),
            )
        for f in files:
            Attachment.objects.create(
                clue=clue, file=f, name=f.name[:120], added_by=actor, added_at=now
            )
        common.audit(actor, "clue.create", clue, source=source, files=len(files))
        notify(
            orgs.unit_members(clue.commission),
            _("New problem clue %(number)s.") % {"number": clue.number},
            now=now,
        )
    return clue


def clue_attach(*, actor, clue: Clue, file, kind: str = "", now=None) -> Attachment:
    now = common.now_or(now)
    common.check_clue(actor, clue)
    common.require_role(actor, access.HANDLERS, _("You may not change this clue."))
    if file is None:
        raise ValidationError(_("Choose a file."))
    with transaction.atomic():
        att = Attachment.objects.create(
            clue=clue, file=file, name=file.name[:120], kind=kind, added_by=actor, added_at=now
        )
        common.audit(actor, "clue.attach", clue, attachment=att.pk)
    return att


def clue_assign(*, actor, clue: Clue, handler, now=None) -> Clue:
    now = common.now_or(now)
    common.check_clue(actor, clue)
    common.require_role(actor, access.HANDLERS, _("You may not assign clues."))
    if not clue.is_open:
        raise ValidationError(_("This clue is closed."))
    common.refuse_if(handler, common.handler_reasons(clue, handler), _("handler"))
    with transaction.atomic():
        clue.handler = handler
        clue.save(update_fields=["handler"])
        common.audit(actor, "clue.assign", clue, handler=handler.pk)
        notify([handler], _("You are handling clue %(number)s.") % {"number": clue.number}, now=now)
    return clue


# --- disposal -------------------------------------------------------------------------------


def disposal_propose(
    *,
    actor,
    clue: Clue,
    method: str,
    reason: str = "",
    talk_form: str = "",
    plan: str = "",
    review_on: dt.date | None = None,
    now=None,
) -> Disposal:
    """The handler proposes exactly one method; a second person approves it."""
    now = common.now_or(now)
    common.check_clue(actor, clue)
    if clue.handler_id != actor.pk:
        raise PermissionDenied(_("Only the clue's handler proposes how to dispose of it."))
    if clue.status not in (Clue.Status.REGISTERED, Clue.Status.SHELVED):
        raise ValidationError(
            _("A disposal is already under way: one method at a time (now “%(status)s”).")
            % {"status": clue.get_status_display()}
        )
    if method not in Method.values:
        raise ValidationError(_("Choose exactly one of the four disposal methods."))
    today = timezone.localdate(now)
    if method == Method.TALK and talk_form not in ("talk", "letter"):
        raise ValidationError(_("Say whether it is a talk or a letter of inquiry."))
    if method == Method.CHECK and not plan.strip():
        raise ValidationError(_("Write the check plan."))
    if method == Method.SHELVE and (review_on is None or review_on <= today):
        raise ValidationError(_("Give a review date after today for a clue kept for later."))
    if method == Method.CLOSE and not reason.strip():
        raise ValidationError(_("Give the reason for closing the clue."))
    with transaction.atomic():
        # A clue kept for later comes back: its 暂存待查 is finished by the new proposal.
        clue.disposals.filter(method=Method.SHELVE, status=Disposal.Status.APPROVED).update(
            status=Disposal.Status.DONE, finished_at=now
        )
        disposal = Disposal.objects.create(
            clue=clue,
            method=method,
            proposed_by=actor,
            proposed_at=now,
            reason=reason.strip(),
            talk_form=talk_form if method == Method.TALK else "",
            plan=plan.strip() if method == Method.CHECK else "",
            review_on=review_on if method == Method.SHELVE else None,
        )
        clue.status = Clue.Status.PROPOSED
        clue.save(update_fields=["status"])
        common.audit(actor, "disposal.propose", clue, method=method)
        common.problem_line(
            actor,
            clue,
            _("Disposal proposed: %(m)s") % {"m": disposal.get_method_display()},
            now=now,
        )
    return disposal


def disposal_decide(*, actor, disposal: Disposal, approve: bool, note: str = "", now=None):
    """The head of the unit approves (never the proposer) or sends it back."""
    now = common.now_or(now)
    clue = disposal.clue
    common.check_clue(actor, clue)
    if disposal.status != Disposal.Status.PROPOSED:
        raise ValidationError(_("This disposal is not waiting for approval."))
    common.refuse_if(
        actor, common.approver_reasons(clue, actor, disposal.proposed_by), _("approver")
    )
    if not approve and not note.strip():
        raise ValidationError(_("Say why the disposal is not approved."))
    today = timezone.localdate(now)
    with transaction.atomic():
        disposal.approver, disposal.decided_at = actor, now
        disposal.decision_note = note.strip()
        label = disposal.get_method_display()
        if not approve:
            disposal.status = Disposal.Status.DECLINED
            disposal.save()
            clue.status = Clue.Status.REGISTERED
            clue.save(update_fields=["status"])
            common.audit(actor, "disposal.decline", clue, method=disposal.method)
            notify(
                [disposal.proposed_by],
                _("Disposal of %(number)s not approved: %(note)s")
                % {"number": clue.number, "note": disposal.decision_note},
                now=now,
            )
            return disposal
        disposal.status = Disposal.Status.APPROVED
        rule = deadlines.DISPOSAL_RULE.get(disposal.method)
        if rule:
            due = deadlines.due_after(rule, today)
            disposal.due_date, disposal.due_rule = due.due, rule
            clue.due_date, clue.due_rule, clue.due_provisional = due.due, rule, due.provisional
        clue.overdue = False
        if disposal.method == Method.TALK:
            clue.status = Clue.Status.TALK
        elif disposal.method == Method.CHECK:
            clue.status = Clue.Status.CHECK
        elif disposal.method == Method.SHELVE:
            clue.status, clue.review_on = Clue.Status.SHELVED, disposal.review_on
            clue.due_date, clue.due_rule = None, ""
        else:
            disposal.status, disposal.finished_at = Disposal.Status.DONE, now
            _close_clue(clue, disposal.reason, now)
        disposal.save()
        clue.save()
        common.audit(actor, "disposal.approve", clue, method=disposal.method)
        common.problem_line(
            actor,
            clue,
            _("Disposal approved: %(m)s") % {"m": label},
            public_note=str(PUBLIC_LINE.get(disposal.method, "")),
            now=now,
        )
        if disposal.method == Method.CLOSE:
            common.problem_close(actor, clue, str(CLOSED_SENTENCE), now=now)
        notify(
            [disposal.proposed_by],
            _("Disposal of %(number)s approved: %(m)s") % {"number": clue.number, "m": label},
            now=now,
        )
    return disposal


def _close_clue(clue: Clue, outcome: str, now) -> None:
    clue.status = Clue.Status.CLOSED
    clue.outcome = outcome.strip()
    clue.closed_at = now
    clue.due_date, clue.due_rule, clue.overdue = None, "", False


def _check_handler(actor, disposal: Disposal, method: str) -> None:
    common.check_clue(actor, disposal.clue)
    if disposal.clue.handler_id != actor.pk:
        raise PermissionDenied(_("Only the clue's handler records this."))
    if disposal.method != method or disposal.status != Disposal.Status.APPROVED:
        raise ValidationError(_("This disposal is not in progress."))


def disposal_talk_result(
    *, actor, disposal: Disposal, answer: str, finding: str, follow_up: str, file=None, now=None
) -> Disposal:
    """谈话函询: the subject's written answer, the finding, and what follows."""
    now = common.now_or(now)
    _check_handler(actor, disposal, Method.TALK)
    if not answer.strip() and file is None:
        raise ValidationError(_("File the subject's written answer (text or attachment)."))
    if finding not in Disposal.Finding.values:
        raise ValidationError(_("Record the finding: true, partly true or not true."))
    if follow_up not in Disposal.FollowUp.values:
        raise ValidationError(_("Say what follows the inquiry."))
    clue = disposal.clue
    with transaction.atomic():
        disposal.answer, disposal.finding, disposal.follow_up = answer.strip(), finding, follow_up
        disposal.status, disposal.finished_at = Disposal.Status.DONE, now
        disposal.save()
        if file is not None:
            Attachment.objects.create(
                clue=clue,
                file=file,
                name=file.name[:120],
                kind="answer",
                added_by=actor,
                added_at=now,
            )
        line = _("Inquiry finished: %(finding)s; %(follow)s") % {
            "finding": disposal.get_finding_display(),
            "follow": disposal.get_follow_up_display(),
        }
        if follow_up == Disposal.FollowUp.CHECK:
            clue.status = Clue.Status.REGISTERED  # the handler proposes the 初步核实
            clue.due_date, clue.due_rule, clue.overdue = None, "", False
            clue.save()
            common.problem_line(actor, clue, line, now=now)
        else:
            _close_clue(clue, line, now)
            clue.save()
            common.problem_line(actor, clue, line, now=now)
            common.problem_close(actor, clue, str(CLOSED_SENTENCE), now=now)
        common.audit(actor, "disposal.talk_result", clue, finding=finding, follow_up=follow_up)
    return disposal


def disposal_check_result(
    *, actor, disposal: Disposal, report: str, result: str, now=None
) -> Disposal:
    """初步核实 ends in 立案 (a case waiting for its filing approval) or 予以了结."""
    now = common.now_or(now)
    _check_handler(actor, disposal, Method.CHECK)
    if not report.strip():
        raise ValidationError(_("Write the check report."))
    if result not in Disposal.CheckResult.values:
        raise ValidationError(_("Say whether the check ends in a case or in closing."))
    clue = disposal.clue
    today = timezone.localdate(now)
    with transaction.atomic():
        disposal.report, disposal.check_result = report.strip(), result
        disposal.status, disposal.finished_at = Disposal.Status.DONE, now
        disposal.save()
        if result == Disposal.CheckResult.FILE:
            due = deadlines.due_after(deadlines.CASE_STAGE_RULE["filing"], today)
            case = Case.objects.create(
                clue=clue,
                number=clue.number.replace("XS", "LA", 1),
                scope_code=clue.scope_code,
                stage=Case.Stage.FILING,
                handler=actor,
                proposed_by=actor,
                stage_started=today,
                due_date=due.due,
                due_rule=due.rule.code,
                due_provisional=due.provisional,
                designated_unit=clue.designated_unit,
                created_at=now,
            )
            case.stages.create(
                stage=Case.Stage.FILING,
                handler=actor,
                started_on=today,
                due_date=due.due,
                due_rule=due.rule.code,
                note=report.strip()[:500],
            )
            clue.status = Clue.Status.CASE
            clue.due_date, clue.due_rule, clue.overdue = None, "", False
            clue.save()
            common.problem_line(
                actor,
                clue,
                _("Preliminary check finished: a case is proposed (%(n)s)") % {"n": case.number},
                now=now,
            )
        else:
            _close_clue(clue, report, now)
            clue.save()
            common.problem_line(actor, clue, _("Preliminary check finished: closed"), now=now)
            common.problem_close(actor, clue, str(CLOSED_SENTENCE), now=now)
        common.audit(actor, "disposal.check_result", clue, result=result)
    return disposal


def subject_update(
    *,
    actor,
    subject: Subject,
    name: str,
    post: str = "",
    village_committee: bool = False,
    party_member: bool = False,
    now=None,
) -> Subject:
    """What the handler learns about a subject: the name, the post, whether they sit on the
    村委会 (the sanction limit) and whether they are a party member."""
    clue = subject.clue
    common.check_clue(actor, clue)
    common.require_role(actor, access.HANDLERS, _("You may not change this clue."))
    if not (clue.is_open or clue.status == Clue.Status.CASE):
        raise ValidationError(_("This clue is closed."))
    name = name.strip()
    if not 2 <= len(name) <= 20:
        raise ValidationError(_("“%(name)s” is not a name (2 to 20 characters).") % {"name": name})
    with transaction.atomic():
        subject.name = subject.person.name if subject.person_id else name
        subject.post = post.strip()[:64]
        subject.village_committee, subject.party_member = village_committee, party_member
        subject.save()
        common.audit(actor, "clue.subject", clue, subject=subject.pk)
    return subject
