"""回避: who may not handle a problem, and why (DOMAIN.md, Clues and cases).

A handler steps aside when they are the subject, a 近亲属 of the subject or of the reporter,
from the subject's village (the platform's 熟人社会 rule), or the one who reported it."""

from __future__ import annotations

from django.utils.translation import gettext as _

from qingfeng.orgs import scope
from qingfeng.orgs import selectors as orgs


def subject_village_code(problem) -> str | None:
    if problem.subject_person_id:
        return problem.subject_person.region.code
    if problem.region.level == "village":
        return problem.region.code
    return None


def reasons_against(problem, user) -> list[str]:
    """Why `user` may not handle `problem`; an empty list means they may."""
    reasons = []
    person = getattr(user, "person", None)
    if problem.logged_by_id == user.pk or (
        person is not None and problem.reporter_person_id == person.pk
    ):
        reasons.append(_("reported this problem"))
    if not scope.code_in_scope(user, problem.scope_code):
        reasons.append(_("cannot see this problem (outside their scope)"))
    if person is None:
        return reasons
    if problem.subject_person_id == person.pk:
        reasons.append(_("is the subject of this problem"))
    village = subject_village_code(problem)
    if village and person.region.code == village:
        reasons.append(_("lives in the subject's village"))
    if problem.subject_person_id and orgs.are_related(person, problem.subject_person):
        reasons.append(_("is a close relative of the subject"))
    if problem.reporter_person_id and orgs.are_related(person, problem.reporter_person):
        reasons.append(_("is a close relative of the reporter"))
    return reasons


def conflicts(
    user,
    *,
    subjects=(),
    subject_villages=(),
    reporters=(),
    reporter_user_ids=(),
    investigator_ids=(),
) -> list[str]:
    """Conflicts of interest (须回避) for a clue or case, apart from scope: the same grounds
    as for problems, plus (审查与审理分离) having investigated the case one is to review.

    `subjects` and `reporters` are orgs Persons; `subject_villages` region codes."""
    reasons = []
    person = getattr(user, "person", None)
    if user.pk in set(reporter_user_ids) or (
        person is not None and any(r.pk == person.pk for r in reporters)
    ):
        reasons.append(_("reported this matter"))
    if user.pk in set(investigator_ids):
        reasons.append(_("investigated this case, so may not review it"))
    if person is None:
        return reasons
    if any(s.pk == person.pk for s in subjects):
        reasons.append(_("is the subject of this matter"))
    if person.region.code in set(subject_villages):
        reasons.append(_("lives in the subject's village"))
    if any(orgs.are_related(person, s) for s in subjects):
        reasons.append(_("is a close relative of the subject"))
    if any(orgs.are_related(person, r) for r in reporters):
        reasons.append(_("is a close relative of the reporter"))
    return reasons
