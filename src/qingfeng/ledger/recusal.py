"""回避: who may not handle a problem, and why (DOMAIN.md, Clues and cases).

A handler steps aside when they are the subject, a 近亲属 of the subject or of the reporter,
from the subject's village (the platform's 熟人社会 rule), or the one who reported it.

Recusal applies to units too: a village committee never handles a matter about itself or its
cadres (routing and transfer ask `unit_reasons_against` before choosing a unit)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from qingfeng.orgs import monitors, scope
from qingfeng.orgs import selectors as orgs


def subject_village_code(problem) -> str | None:
    if problem.subject_person_id:
        return problem.subject_person.region.code
    if problem.region.level == "village":
        return problem.region.code
    return None


# Words by which a resident names the village committee or its cadres in "whom it concerns".
VILLAGE_CADRE_WORDS = (
    "村委",
    "村民委员会",
    "两委",
    "村干部",
    "村支书",
    "村书记",
    "支部书记",
    "村主任",
    "村长",
    "村会计",
    "报账员",
)
VILLAGE_UNIT_KINDS = frozenset({"village_committee"})


def names_village_cadres(subject_level: str, subject_text: str = "") -> bool:
    """Whether a matter is about the village committee or one of its cadres."""
    text = (subject_text or "").replace(" ", "")
    return subject_level == "village_cadre" or any(w in text for w in VILLAGE_CADRE_WORDS)


def unit_reasons_against(
    unit, *, region, subject_level: str, subject_text: str = "", subject_person=None
) -> list[str]:
    """Why `unit` may not handle a matter about `region`; an empty list means it may."""
    if unit is None or unit.kind not in VILLAGE_UNIT_KINDS:
        return []
    village = subject_person.region.code if subject_person is not None else region.code
    if unit.region.code == village and names_village_cadres(subject_level, subject_text):
        return [_("the matter is about this village committee or its cadres")]
    return []


def unit_reasons_against_problem(problem, unit) -> list[str]:
    return unit_reasons_against(
        unit,
        region=problem.region,
        subject_level=problem.subject_level,
        subject_text=problem.subject_text,
        subject_person=problem.subject_person,
    )


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


def village_conflicts(people) -> dict[int, dict[str, str]]:
    """Cross-checks (巡察, 跨村交叉检查): for each inspector (an orgs Person), the villages they
    may not inspect and why: their own village, one where they hold a post, and any village
    where a 近亲属 lives or holds a post. Read in bulk: a whole county costs a few queries."""
    people = list(people)
    family = monitors.family_places(p.pk for p in people)
    posts = monitors.own_posts(p.pk for p in people)
    reasons = {
        "lives": _("a close relative lives in this village"),
        "post": _("a close relative holds a post in this village"),
    }
    result: dict[int, dict[str, str]] = {}
    for person in people:
        found = {code: reasons[why] for code, why in family.get(person.pk, {}).items()}
        for code in posts.get(person.pk, ()):
            found[code] = _("holds a post in this village")
        found[person.region.code] = _("lives in this village")
        result[person.pk] = found
    return result
