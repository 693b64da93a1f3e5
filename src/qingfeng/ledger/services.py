"""Every write to the ledger. Each function writes the change, its timeline event and its
audit entry in one transaction (STYLE.md: zulip's actions). Views only parse and call."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.audit.services import audit_record
from qingfeng.core import extensions
from qingfeng.ledger import deadlines, recusal, routing, search
from qingfeng.ledger.models import (
    Notification,
    Problem,
    ProblemEvent,
    Recommendation,
    RectificationTask,
    Visit,
)
from qingfeng.ledger.notify import notify
from qingfeng.orgs import scope
from qingfeng.orgs import selectors as orgs
from qingfeng.orgs.roles import Role

Status = Problem.Status
Event = ProblemEvent.Kind


# --- helpers ----------------------------------------------------------------------------------


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _check_scope(actor, problem: Problem) -> None:
    if actor is not None and not scope.code_in_scope(actor, problem.scope_code):
        raise PermissionDenied(_("This problem is outside your scope."))


def _require_status(problem: Problem, allowed: Iterable[str]) -> None:
    if problem.status not in allowed:
        raise ValidationError(
            _("This cannot be done while the problem is “%(status)s”.")
            % {"status": problem.get_status_display()}
        )


def _set_deadline(problem: Problem, code: str | None, start: dt.date | None = None) -> None:
    if code is None:
        problem.due_from = problem.due_date = None
        problem.due_rule, problem.due_provisional, problem.due_extension = "", False, 0
        return
    deadline = deadlines.due_after(code, start)
    problem.due_from, problem.due_date = start, deadline.due
    problem.due_rule, problem.due_provisional = code, deadline.provisional
    problem.due_extension = 0
    problem.overdue = False


def _event(problem, kind, *, actor=None, note="", public=False, now, with_deadline=False):
    return ProblemEvent.objects.create(
        problem=problem,
        kind=kind,
        at=now,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        note=note,
        public=public,
        due_date=problem.due_date if with_deadline else None,
        due_rule=problem.due_rule if with_deadline else "",
        due_provisional=problem.due_provisional if with_deadline else False,
    )


def _audit(actor, action: str, problem: Problem, **data) -> None:
    audit_record(
        actor=actor,
        action=f"ledger.{action}",
        target=problem,
        region_code=problem.region.code,
        data={"number": problem.number, "status": problem.status, **data},
    )


def _people_to_tell(problem: Problem) -> list:
    users = list(orgs.unit_members(problem.handling_unit))
    if problem.handler_id:
        users.append(problem.handler)
    return users


# --- creation ---------------------------------------------------------------------------------


def problem_create(
    *,
    actor,
    region,
    kind: str,
    source: str,
    title: str,
    description: str,
    subject_text: str = "",
    subject_level: str = Problem.SubjectLevel.OTHER,
    subject_person=None,
    category: str = "",
    about: str = "",
    reporter_person=None,
    logged_by=0,
    decided_by: str = "",
    external_ref: str = "",
    now: dt.datetime | None = None,
) -> Problem:
    """A new problem, routed to the unit responsible, with its acceptance deadline.

    `decided_by` ("township" or "county") says, for a 申诉, whose decision is contested.
    `external_ref` is another channel's own number (a 12345 ticket): one problem per source and
    number (a database constraint; the open API returns the first problem for a repeat)."""
    now = _now(now)
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    if is_user and not scope.code_in_scope(actor, region.code):
        raise PermissionDenied(_("This village is outside your scope."))
    if kind == Problem.Kind.APPEAL and decided_by not in Problem.DecidedBy.values:
        raise ValidationError(_("Say which commission made the decision you appeal against."))
    way = routing.route(
        kind=kind,
        region=region,
        subject_level=subject_level,
        decided_by=decided_by,
        subject_text=subject_text,
        subject_person=subject_person,
    )
    problem = Problem(
        number="tmp-" + secrets.token_hex(6),
        region=region,
        scope_code=way.scope_code,
        kind=kind,
        source=source,
        category=category.strip(),
        title=(title.strip() or description.strip()[:40])[:120],
        description=description.strip(),
        subject_text=subject_text.strip(),
        subject_level=subject_level,
        subject_person=subject_person,
        about=about,
        handling_unit=way.handling_unit,
        watching_unit=way.watching_unit,
        # Who found or heard it (recusal: they may not handle it); a walk-in clerk is not.
        logged_by=(actor if is_user else None) if logged_by == 0 else logged_by,
        reporter_person=reporter_person,
        external_ref=external_ref.strip()[:64],
        received_at=now,
    )
    _set_deadline(problem, deadlines.accept_rule(kind, source), timezone.localdate(now))
    problem.search_text = search.index_text(
        problem.title, problem.description, problem.subject_text, problem.category
    )
    with transaction.atomic():
        problem.save()
        problem.number = f"WT{timezone.localdate(now).year}-{problem.pk:06d}"
        problem.save(update_fields=["number"])
        _event(problem, Event.SUBMITTED, actor=actor, public=True, now=now, with_deadline=True)
        _audit(actor, "problem.create", problem, source=source, kind=kind)
        notify(
            orgs.unit_members(problem.handling_unit),
            _("New problem %(number)s: %(title)s")
            % {"number": problem.number, "title": problem.title},
            problem=problem,
            now=now,
        )
    return problem


# --- triage -----------------------------------------------------------------------------------


def problem_accept(*, actor, problem: Problem, now=None) -> Problem:
    now = _now(now)
    _check_scope(actor, problem)
    _require_status(problem, [Status.SUBMITTED])
    with transaction.atomic():
        problem.status = Status.ACCEPTED
        problem.accepted_at = now
        _set_deadline(problem, deadlines.HANDLE_RULE[problem.kind], timezone.localdate(now))
        problem.save()
        _event(problem, Event.ACCEPTED, actor=actor, public=True, now=now, with_deadline=True)
        _audit(actor, "problem.accept", problem)
    return problem


def problem_reject(*, actor, problem: Problem, reason: str, now=None) -> Problem:
    now = _now(now)
    _check_scope(actor, problem)
    _require_status(problem, [Status.SUBMITTED])
    if not reason.strip():
        raise ValidationError(_("Give the reason for not accepting."))
    with transaction.atomic():
        problem.status = Status.REJECTED
        problem.rejection_reason = reason.strip()
        problem.closed_at = now
        _set_deadline(problem, None)
        problem.save()
        _event(problem, Event.REJECTED, actor=actor, note=reason.strip(), public=True, now=now)
        _audit(actor, "problem.reject", problem)
    return problem


def problem_transfer(*, actor, problem: Problem, unit, note: str = "", now=None) -> Problem:
    """转办: to another commission, a department or a village; the receiver has the
    forwarding limit (5 working days) to accept it."""
    now = _now(now)
    _check_scope(actor, problem)
    _require_status(problem, [Status.SUBMITTED, Status.ACCEPTED])
    if unit is None or unit.pk == problem.handling_unit_id:
        raise ValidationError(_("Choose another unit to transfer to."))
    reasons = recusal.unit_reasons_against_problem(problem, unit)
    if reasons:
        raise ValidationError(
            _("%(name)s cannot handle this problem: %(reasons)s.")
            % {"name": unit.name, "reasons": "；".join(reasons)}
        )
    with transaction.atomic():
        problem.handling_unit = unit
        problem.handler = None
        problem.status = Status.SUBMITTED
        if unit.kind in (routing.COUNTY_COMMISSION, routing.TOWNSHIP_COMMISSION):
            problem.scope_code = (
                unit.region.code if unit.region.level != "village" else problem.scope_code
            )
        _set_deadline(problem, "forward", timezone.localdate(now))
        problem.save()
        _event(
            problem,
            Event.TRANSFERRED,
            actor=actor,
            note=f"{unit.name} {note.strip()}".strip(),
            public=True,
            now=now,
            with_deadline=True,
        )
        _audit(actor, "problem.transfer", problem, unit=unit.pk)
        notify(
            orgs.unit_members(unit),
            _("Problem %(number)s was transferred to your unit.") % {"number": problem.number},
            problem=problem,
            now=now,
        )
    return problem


def problem_reclassify(
    *, actor, problem: Problem, kind: str, reason: str, decided_by: str = "", now=None
) -> Problem:
    """更正类别 before acceptance: a report filed under the wrong kind (a livelihood request
    sent as an accusation...) gets the right one, with the routing and the acceptance limit of
    that kind. The reporter sees the correction on the timeline; the reason stays internal."""
    now = _now(now)
    _check_scope(actor, problem)
    _require_status(problem, [Status.SUBMITTED])
    if kind not in Problem.Kind.values:
        raise ValidationError(_("Choose the right kind."))
    if kind == problem.kind:
        raise ValidationError(_("The problem already has this kind."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for correcting the kind."))
    if kind == Problem.Kind.APPEAL and decided_by not in Problem.DecidedBy.values:
        raise ValidationError(_("An appeal needs the commission that decided."))
    way = routing.route(
        kind=kind,
        region=problem.region,
        subject_level=problem.subject_level,
        decided_by=decided_by,
        subject_text=problem.subject_text,
        subject_person=problem.subject_person,
    )
    old = problem.get_kind_display()
    moved = way.handling_unit is not None and way.handling_unit.pk != problem.handling_unit_id
    with transaction.atomic():
        problem.kind = kind
        if way.handling_unit is not None:  # who handles it, who watches and who may see it
            problem.handling_unit = way.handling_unit
            problem.watching_unit = way.watching_unit
            problem.scope_code = way.scope_code
        if moved:
            problem.handler = None
            # the new unit has the forwarding limit to accept it, as with any transfer
            _set_deadline(problem, "forward", timezone.localdate(now))
        else:
            start = timezone.localdate(problem.received_at)
            _set_deadline(problem, deadlines.accept_rule(kind, problem.source), start)
        problem.save()
        _event(
            problem,
            Event.RECLASSIFIED,
            actor=actor,
            note=f"{old} → {problem.get_kind_display()}",  # the reporter reads it: no unit
            public=True,
            now=now,
            with_deadline=True,
        )
        _event(problem, Event.NOTE, actor=actor, note=reason.strip(), now=now)
        _audit(
            actor,
            "problem.reclassify",
            problem,
            kind=kind,
            unit=problem.handling_unit_id,
            reason=reason.strip(),
        )
        if moved:
            notify(
                orgs.unit_members(problem.handling_unit),
                _("Problem %(number)s was transferred to your unit.") % {"number": problem.number},
                problem=problem,
                now=now,
            )
    return problem


def problem_assign(*, actor, problem: Problem, handler, now=None) -> Problem:
    """Assign a handler, refusing anyone who must step aside (回避), with the reason."""
    now = _now(now)
    _check_scope(actor, problem)
    _require_status(problem, [Status.ACCEPTED, Status.HANDLING, Status.REVIEW])
    reasons = recusal.reasons_against(problem, handler)
    if reasons:
        raise ValidationError(
            _("%(name)s cannot handle this problem: %(reasons)s.")
            % {"name": handler, "reasons": "；".join(reasons)}
        )
    with transaction.atomic():
        problem.handler = handler
        public = problem.status == Status.ACCEPTED
        if problem.status == Status.ACCEPTED:
            problem.status = Status.HANDLING
        problem.save()
        _event(
            problem,
            Event.ASSIGNED,
            actor=actor,
            note=str(handler),
            public=public,
            now=now,
            with_deadline=True,
        )
        _audit(actor, "problem.assign", problem, handler=handler.pk)
        notify(
            [handler],
            _("You are handling problem %(number)s.") % {"number": problem.number},
            problem=problem,
            now=now,
        )
    return problem


# --- 延期 ---------------------------------------------------------------------------------------

# Who may extend a deadline: 信访工作条例 art. 34 asks for the approval of the organ's head; on the
# platform that is a county commission leader, or the township commission for what it handles.
EXTENDERS = frozenset({Role.COUNTY_LEADER, Role.TOWNSHIP_CADRE})


def can_extend(actor, problem: Problem) -> bool:
    rule = deadlines.RULES.get(problem.due_rule)
    return bool(
        getattr(actor, "role", None) in EXTENDERS
        and problem.status in Problem.OPEN_STATUSES
        and rule
        and rule.extension
        and not problem.due_extension
    )


def problem_extend(*, actor, problem: Problem, days: int, reason: str, now=None) -> Problem:
    """延期: the current step's deadline moves later, once, within the rule's limit; the reason
    is told to the reporter on /track/ and the unit supervising is told."""
    now = _now(now)
    _check_scope(actor, problem)
    if getattr(actor, "role", None) not in EXTENDERS:
        raise PermissionDenied(_("Only a commission leader may extend a deadline."))
    _require_status(problem, Problem.OPEN_STATUSES)
    rule = deadlines.RULES.get(problem.due_rule)
    if rule is None or not rule.extension:
        raise ValidationError(_("The deadline of this step cannot be extended."))
    if problem.due_extension:
        raise ValidationError(_("This deadline has already been extended once."))
    if not 1 <= days <= rule.extension:
        raise ValidationError(
            _("An extension is 1 to %(max)s %(unit)s.")
            % {"max": rule.extension, "unit": rule.unit_label}
        )
    if not reason.strip():
        raise ValidationError(_("Give the reason for the extension: the reporter is told."))
    today = timezone.localdate(now)
    if problem.due_date and problem.due_date < today:
        raise ValidationError(_("The deadline has passed: a step is extended before it is due."))
    with transaction.atomic():
        before = problem.due_date
        deadline = deadlines.due_after(problem.due_rule, problem.due_from, extended=days)
        problem.due_date, problem.due_provisional = deadline.due, deadline.provisional
        problem.due_extension = days
        problem.save()
        _event(
            problem,
            Event.EXTENDED,
            actor=actor,
            note=reason.strip(),
            public=True,
            now=now,
            with_deadline=True,
        )
        _audit(actor, "problem.extend", problem, before=before, due=deadline.due, days=days)
        notify(
            [*orgs.unit_members(problem.supervising_unit), *_people_to_tell(problem)],
            _("Deadline extended: %(number)s %(title)s, now %(due)s.")
            % {"number": problem.number, "title": problem.title, "due": deadline.due},
            problem=problem,
            now=now,
        )
    return problem


# --- dispositions -----------------------------------------------------------------------------


def problem_reply(*, actor, problem: Problem, reply: str, now=None) -> Problem:
    now = _now(now)
    _check_scope(actor, problem)
    _require_status(problem, [Status.ACCEPTED, Status.HANDLING, Status.REVIEW])
    if not reply.strip():
        raise ValidationError(_("Write the reply."))
    with transaction.atomic():
        problem.status = Status.REPLIED
        problem.reply = reply.strip()
        problem.replied_at = now
        _set_deadline(problem, None)
        problem.save()
        _event(problem, Event.REPLIED, actor=actor, note=problem.reply, public=True, now=now)
        _audit(actor, "problem.reply", problem)
    return problem


def problem_close(*, actor, problem: Problem, note: str = "", now=None) -> Problem:
    """予以了结."""
    now = _now(now)
    _check_scope(actor, problem)
    _require_status(problem, [Status.ACCEPTED, Status.HANDLING, Status.REPLIED, Status.REVIEW])
    with transaction.atomic():
        problem.status = Status.CLOSED
        problem.closed_at = now
        _set_deadline(problem, None)
        problem.save()
        _event(problem, Event.CLOSED, actor=actor, note=note.strip(), public=True, now=now)
        _audit(actor, "problem.close", problem)
    return problem


def problem_to_clue(*, actor, problem: Problem, note: str = "", now=None) -> Problem:
    """转为问题线索: the cases app takes it from here (clue_ref is filled when it exists)."""
    now = _now(now)
    _check_scope(actor, problem)
    _require_status(problem, [Status.ACCEPTED, Status.HANDLING, Status.REVIEW])
    if problem.kind != Problem.Kind.ACCUSATION:
        raise ValidationError(_("Only an accusation can become a problem clue."))
    with transaction.atomic():
        problem.status = Status.CLUE
        _set_deadline(problem, None)
        problem.save()
        _event(problem, Event.CLUE, actor=actor, note=note.strip(), public=False, now=now)
        # The clue register (cases app) opens the clue and gives back its number.
        problem.clue_ref = extensions.open_clue(problem, actor, now)[:32]
        problem.save(update_fields=["clue_ref", "updated_at"])
        _audit(actor, "problem.to_clue", problem, clue=problem.clue_ref)
    return problem


def problem_clue_event(*, actor, problem: Problem, note: str, public_note: str = "", now=None):
    """A step of the linked clue or case on the problem's timeline: the officials' line, and
    (when given) a redacted line the reporter reads on /track/, never naming the subject."""
    now = _now(now)
    with transaction.atomic():
        _event(problem, Event.CLUE, actor=actor, note=note, public=False, now=now)
        if public_note:
            _event(problem, Event.CLUE, note=public_note, public=True, now=now)
        _audit(actor, "problem.clue_event", problem, clue=problem.clue_ref)
    return problem


def problem_clue_closed(*, actor, problem: Problem, outcome: str, now=None) -> Problem:
    """The clue or case is finished: the reporter gets the outcome in one sentence as the
    reply, and the problem is closed."""
    now = _now(now)
    _require_status(problem, [Status.CLUE])
    with transaction.atomic():
        problem.status = Status.CLOSED
        problem.reply = outcome.strip()
        problem.replied_at = problem.closed_at = now
        problem.save()
        _event(problem, Event.REPLIED, actor=actor, note=problem.reply, public=True, now=now)
        _event(problem, Event.CLOSED, actor=actor, public=True, now=now)
        _audit(actor, "problem.clue_closed", problem, clue=problem.clue_ref)
    return problem


def problem_mark_duplicate(*, actor, problem: Problem, original: Problem, now=None) -> Problem:
    """重复件: registered and kept, not handled again; its reporters follow the original."""
    now = _now(now)
    _check_scope(actor, problem)
    _check_scope(actor, original)
    if original.pk == problem.pk or original.duplicate_of_id:
        raise ValidationError(_("Choose the original problem, not this one or a repeat."))
    with transaction.atomic():
        problem.status = Status.DUPLICATE
        problem.duplicate_of = original
        _set_deadline(problem, None)
        problem.save()
        moved = problem.reports.update(problem=original) if hasattr(problem, "reports") else 0
        _event(problem, Event.DUPLICATE, actor=actor, note=original.number, now=now)
        _event(original, Event.DUPLICATE, actor=actor, note=problem.number, now=now)
        _audit(actor, "problem.duplicate", problem, original=original.number, reports=moved)
    return problem


def problem_rate(*, problem: Problem, rating: str, label: str, now=None) -> Problem:
    """The reporter's rating (from /track/). 不满意 reopens review by the level above."""
    now = _now(now)
    with transaction.atomic():
        _event(problem, Event.RATED, note=label, public=True, now=now)
        _audit(None, "problem.rate", problem, rating=rating)
        if rating == "unsatisfied" and problem.status in (Status.REPLIED, Status.CLOSED):
            _review(problem, now, reason=_("The reporter is not satisfied with the answer."))
    return problem


def _review(problem: Problem, now, *, reason: str) -> None:
    above = routing.level_above(problem.supervising_unit or problem.handling_unit)
    problem.status = Status.REVIEW
    problem.supervising_unit = above
    problem.escalation_level += 1
    problem.closed_at = None
    rule = deadlines.REVIEW_RULE.get(problem.kind, deadlines.DEFAULT_REVIEW_RULE)
    _set_deadline(problem, rule, timezone.localdate(now))
    problem.save()
    _event(problem, Event.REVIEW, note=reason, public=True, now=now, with_deadline=True)
    _audit(None, "problem.review", problem, unit=above.pk if above else None)
    notify(
        [*orgs.unit_members(above), *_people_to_tell(problem)],
        _("Problem %(number)s is reopened for review: %(reason)s")
        % {"number": problem.number, "reason": reason},
        problem=problem,
        now=now,
    )


def problem_follow_up(*, problem: Problem, text: str, now=None) -> Problem:
    now = _now(now)
    if not text.strip():
        raise ValidationError(_("Write your message."))
    with transaction.atomic():
        _event(problem, Event.FOLLOW_UP, note=text.strip()[:1000], now=now)
        _audit(None, "problem.follow_up", problem)
        notify(
            _people_to_tell(problem),
            _("The reporter of %(number)s sent a follow-up message.") % {"number": problem.number},
            problem=problem,
            now=now,
        )
    return problem


def problem_add_evidence(
    *, problem_pk: int, heading: str, text: str, actor=None, now=None
) -> Problem | None:
    """New records behind a problem found by another app (大数据比对's next month): appended to
    the description, and a note on the timeline saying so. None when the problem is gone."""
    now = _now(now)
    problem = Problem.objects.select_related("region").filter(pk=problem_pk).first()
    if problem is None:
        return None
    with transaction.atomic():
        problem.description = f"{problem.description}\n\n{heading}\n{text.strip()}".strip()
        problem.search_text = search.index_text(
            problem.title, problem.description, problem.subject_text, problem.category
        )
        problem.save(update_fields=["description", "search_text"])
        _event(problem, Event.NOTE, actor=actor, note=heading, now=now)
        _audit(actor, "problem.add_evidence", problem)
    return problem


# --- rectification (整改) ---------------------------------------------------------------------


def rectification_create(
    *, actor, problem: Problem, unit, requirement: str, due_date: dt.date | None = None, now=None
) -> RectificationTask:
    now = _now(now)
    _check_scope(actor, problem)
    _require_status(problem, [Status.ACCEPTED, Status.HANDLING, Status.REVIEW])
    if not requirement.strip():
        raise ValidationError(_("Say what must be rectified."))
    if due_date is None:
        due_date = deadlines.due_after("rectification", timezone.localdate(now)).due
    with transaction.atomic():
        task = RectificationTask.objects.create(
            problem=problem,
            unit=unit,
            requirement=requirement.strip(),
            due_date=due_date,
            created_at=now,
        )
        if problem.status == Status.ACCEPTED:
            problem.status = Status.HANDLING
            problem.save(update_fields=["status", "updated_at"])
        _event(
            problem,
            Event.RECTIFICATION,
            actor=actor,
            note=_("Rectification by %(unit)s, due %(due)s") % {"unit": unit, "due": due_date},
            public=True,
            now=now,
        )
        _audit(actor, "rectification.create", problem, task=task.pk, unit=unit.pk)
        notify(
            orgs.unit_members(unit),
            _("Rectification for %(number)s is due %(due)s.")
            % {"number": problem.number, "due": due_date},
            problem=problem,
            now=now,
        )
    return task


def rectification_submit(
    *, actor, task: RectificationTask, evidence: str, evidence_file=None, now=None
) -> RectificationTask:
    now = _now(now)
    _check_scope(actor, task.problem)
    if task.status not in (task.Status.OPEN, task.Status.REJECTED):
        raise ValidationError(_("This rectification is not waiting for evidence."))
    if not evidence.strip():
        raise ValidationError(_("Describe what was done."))
    with transaction.atomic():
        task.evidence = evidence.strip()
        if evidence_file is not None:
            task.evidence_file = evidence_file
        task.status = task.Status.SUBMITTED
        task.submitted_at = now
        task.save()
        _event(
            task.problem, Event.RECTIFICATION, actor=actor, note=_("Evidence submitted"), now=now
        )
        _audit(actor, "rectification.submit", task.problem, task=task.pk)
    return task


def rectification_review(
    *, actor, task: RectificationTask, accept: bool, note: str = "", now=None
) -> RectificationTask:
    """验收: accept, or reject and reopen the task."""
    now = _now(now)
    _check_scope(actor, task.problem)
    if task.status != task.Status.SUBMITTED:
        raise ValidationError(_("There is no evidence to review."))
    if not accept and not note.strip():
        raise ValidationError(_("Say why the rectification is not accepted."))
    with transaction.atomic():
        task.status = task.Status.ACCEPTED if accept else task.Status.REJECTED
        task.review_note = note.strip()
        task.reviewed_at = now
        task.save()
        label = _("Rectification accepted") if accept else _("Rectification rejected: redo")
        _event(task.problem, Event.RECTIFICATION, actor=actor, note=label, public=True, now=now)
        _audit(actor, "rectification.review", task.problem, task=task.pk, accepted=accept)
        if not accept:
            notify(
                orgs.unit_members(task.unit),
                _("Rectification for %(number)s was not accepted: %(note)s")
                % {"number": task.problem.number, "note": task.review_note},
                problem=task.problem,
                now=now,
            )
    return task


# --- 纪检监察建议书 ---------------------------------------------------------------------------


def recommendation_issue(
    *, actor, problem: Problem, unit, text: str, due_date: dt.date | None = None, now=None
) -> Recommendation:
    now = _now(now)
    _check_scope(actor, problem)
    _require_status(problem, [Status.ACCEPTED, Status.HANDLING, Status.REVIEW])
    if not text.strip():
        raise ValidationError(_("Write the recommendation."))
    if due_date is None:
        due_date = deadlines.due_after("recommendation_feedback", timezone.localdate(now)).due
    with transaction.atomic():
        rec = Recommendation.objects.create(
            problem=problem, unit=unit, text=text.strip(), due_date=due_date, created_at=now
        )
        _event(
            problem,
            Event.RECOMMENDATION,
            actor=actor,
            note=_("Recommendation letter to %(unit)s, feedback due %(due)s")
            % {"unit": unit, "due": due_date},
            now=now,
        )
        _audit(actor, "recommendation.issue", problem, recommendation=rec.pk, unit=unit.pk)
        notify(
            orgs.unit_members(unit),
            _("A recommendation letter (%(number)s) needs your written feedback by %(due)s.")
            % {"number": problem.number, "due": due_date},
            problem=problem,
            now=now,
        )
    return rec


def recommendation_remind(*, actor, recommendation: Recommendation, now=None) -> Recommendation:
    """督办."""
    now = _now(now)
    rec = recommendation
    if actor is not None:
        _check_scope(actor, rec.problem)
    if rec.status != rec.Status.ISSUED:
        raise ValidationError(_("The feedback is already in."))
    with transaction.atomic():
        rec.reminders += 1
        rec.last_reminded_at = now
        rec.save(update_fields=["reminders", "last_reminded_at"])
        _event(rec.problem, Event.RECOMMENDATION, actor=actor, note=_("Reminder sent"), now=now)
        _audit(actor, "recommendation.remind", rec.problem, recommendation=rec.pk)
        notify(
            orgs.unit_members(rec.unit),
            _("Reminder: feedback on the recommendation letter (%(number)s) is due %(due)s.")
            % {"number": rec.problem.number, "due": rec.due_date},
            problem=rec.problem,
            now=now,
        )
    return rec


def recommendation_feedback(
    *, actor, recommendation: Recommendation, feedback: str, now=None
) -> Recommendation:
    now = _now(now)
    rec = recommendation
    _check_scope(actor, rec.problem)
    if rec.status != rec.Status.ISSUED:
        raise ValidationError(_("The feedback is already in."))
    if not feedback.strip():
        raise ValidationError(_("Write the feedback."))
    with transaction.atomic():
        rec.feedback, rec.feedback_at, rec.status = feedback.strip(), now, rec.Status.ANSWERED
        rec.save()
        _event(rec.problem, Event.RECOMMENDATION, actor=actor, note=_("Feedback received"), now=now)
        _audit(actor, "recommendation.feedback", rec.problem, recommendation=rec.pk)
    return rec


def recommendation_visit(*, actor, recommendation: Recommendation, note: str, now=None):
    """回访: someone checks on the ground that the feedback is true."""
    now = _now(now)
    rec = recommendation
    _check_scope(actor, rec.problem)
    if rec.status != rec.Status.ANSWERED:
        raise ValidationError(_("Record the return visit after the feedback is in."))
    if not note.strip():
        raise ValidationError(_("Write what the return visit found."))
    with transaction.atomic():
        rec.visit_note, rec.visited_at, rec.status = note.strip(), now, rec.Status.VISITED
        rec.save()
        _event(rec.problem, Event.RECOMMENDATION, actor=actor, note=_("Return visit done"), now=now)
        _audit(actor, "recommendation.visit", rec.problem, recommendation=rec.pk)
    return rec


# --- visits (走访) ----------------------------------------------------------------------------


def visit_log(
    *,
    actor,
    region,
    visited_on: dt.date,
    place: str,
    whom: str,
    heard: str,
    findings: list[str],
    kind: str = Problem.Kind.LIVELIHOOD,
    now=None,
) -> Visit:
    """A monthly visit; each finding (one per line) becomes a problem."""
    now = _now(now)
    if not scope.code_in_scope(actor, region.code):
        raise PermissionDenied(_("This village is outside your scope."))
    with transaction.atomic():
        visit = Visit.objects.create(
            region=region,
            visited_on=visited_on,
            place=place.strip(),
            whom=whom.strip(),
            heard=heard.strip(),
            logged_by=actor,
        )
        audit_record(
            actor=actor,
            action="ledger.visit.log",
            target=visit,
            region_code=region.code,
            data={"findings": len(findings)},
        )
        for finding in findings:
            problem = problem_create(
                actor=actor,
                region=region,
                kind=kind,
                source=Problem.Source.VISIT,
                title=finding[:40],
                description=finding,
                now=now,
            )
            visit.problems.add(problem)
    return visit


# --- deadlines: the daily check (再监督) -------------------------------------------------------


def check_deadlines(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Flag every step past its deadline and escalate it to the level above; refresh 暂定
    deadlines once their year is known; remind units of recommendation letters due soon."""
    now = _now(now)
    today = timezone.localdate(now)
    counts = {"refreshed": 0, "overdue": 0, "rectifications": 0, "recommendations": 0}
    for problem in Problem.objects.filter(due_provisional=True, due_from__isnull=False):
        fresh = deadlines.due_after(
            problem.due_rule, problem.due_from, extended=problem.due_extension
        )
        if not fresh.provisional:
            with transaction.atomic():
                problem.due_date, problem.due_provisional = fresh.due, False
                problem.save(update_fields=["due_date", "due_provisional", "updated_at"])
                _audit(None, "problem.deadline_confirmed", problem, due=fresh.due)
            counts["refreshed"] += 1
    late = Problem.objects.filter(Problem.overdue_q(today), overdue=False).select_related(
        "handling_unit__region", "supervising_unit__region", "region"
    )
    for problem in late:
        with transaction.atomic():
            above = routing.level_above(problem.supervising_unit or problem.handling_unit)
            problem.overdue = True
            problem.escalation_level += 1
            problem.supervising_unit = above
            problem.save()
            note = _("Deadline %(due)s passed (%(rule)s); escalated to %(unit)s.") % {
                "due": problem.due_date,
                "rule": problem.due_rule_obj.label if problem.due_rule_obj else "",
                "unit": above or "—",
            }
            _event(problem, Event.OVERDUE, note=note, public=False, now=now, with_deadline=True)
            _audit(
                None,
                "problem.overdue",
                problem,
                due=problem.due_date,
                unit=getattr(above, "pk", None),
            )
            notify(
                [*orgs.unit_members(above), *_people_to_tell(problem)],
                _("Overdue: %(number)s %(title)s. %(note)s")
                % {"number": problem.number, "title": problem.title, "note": note},
                problem=problem,
                now=now,
            )
        counts["overdue"] += 1
    for task in RectificationTask.objects.filter(
        status__in=["open", "rejected"], overdue=False, due_date__lt=today
    ).select_related("problem__region", "problem__handling_unit", "unit"):
        with transaction.atomic():
            task.overdue = True
            task.save(update_fields=["overdue"])
            _event(task.problem, Event.RECTIFICATION, note=_("Rectification overdue"), now=now)
            _audit(None, "rectification.overdue", task.problem, task=task.pk)
            notify(
                [*orgs.unit_members(task.unit), *_people_to_tell(task.problem)],
                _("Overdue rectification: %(number)s (%(unit)s, due %(due)s)")
                % {"number": task.problem.number, "unit": task.unit, "due": task.due_date},
                problem=task.problem,
                now=now,
            )
        counts["rectifications"] += 1
    for rec in Recommendation.objects.filter(status="issued", overdue=False).select_related(
        "problem__region", "unit"
    ):
        if rec.due_date < today:
            with transaction.atomic():
                rec.overdue = True
                rec.save(update_fields=["overdue"])
                _audit(None, "recommendation.overdue", rec.problem, recommendation=rec.pk)
            recommendation_remind(actor=None, recommendation=rec, now=now)
            counts["recommendations"] += 1
        elif (rec.due_date - today).days == 3 and rec.reminders == 0:
            recommendation_remind(actor=None, recommendation=rec, now=now)
    for name, check in extensions.daily_checks():  # other apps' steps (clues and cases)
        for key, value in check(now=now).items():
            counts[f"{name}_{key}"] = value
    return counts


def notifications_mark_read(*, user, now=None) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=_now(now))
