"""Reads for the ledger. Every back-office read goes through orgs.scope.in_scope; department
staff see only what was routed or given to their unit."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from qingfeng.ledger import search
from qingfeng.ledger.models import (
    Notification,
    Problem,
    ProblemEvent,
    Recommendation,
    RectificationTask,
    Visit,
)
from qingfeng.orgs import selectors as orgs
from qingfeng.orgs.roles import Role
from qingfeng.orgs.scope import code_in_scope, in_scope

PROBLEM_RELATED = ("region", "region__parent", "handling_unit", "handler", "supervising_unit")


def problems_for(user) -> QuerySet[Problem]:
    problems = in_scope(Problem.objects.select_related(*PROBLEM_RELATED), user)
    if getattr(user, "role", None) == Role.DEPARTMENT_STAFF:
        unit = user.org_unit_id
        problems = problems.filter(
            Q(handling_unit_id=unit)
            | Q(rectifications__unit_id=unit)
            | Q(recommendations__unit_id=unit)
        ).distinct()
    return problems


def problem_list(
    user,
    *,
    query: str = "",
    status: str = "",
    source: str = "",
    township: str = "",
    overdue: bool = False,
) -> QuerySet[Problem]:
    problems = problems_for(user)
    if township:
        problems = problems.filter(region__code__startswith=township[:9])
    if status == "open":
        problems = problems.filter(status__in=Problem.OPEN_STATUSES)
    elif status:
        problems = problems.filter(status=status)
    if source:
        problems = problems.filter(source=source)
    if overdue:
        problems = problems.filter(Problem.overdue_q())
    return search.search(problems, query)


def overdue_problems(user) -> QuerySet[Problem]:
    """The user's overdue problems (one definition: `Problem.overdue_q`)."""
    return problems_for(user).filter(Problem.overdue_q())


def rectifications_for(user) -> QuerySet[RectificationTask]:
    tasks = in_scope(
        RectificationTask.objects.select_related("problem", "problem__region", "unit"), user
    )
    if getattr(user, "role", None) == Role.DEPARTMENT_STAFF:
        tasks = tasks.filter(unit_id=user.org_unit_id)
    return tasks


def recommendations_for(user) -> QuerySet[Recommendation]:
    recs = in_scope(
        Recommendation.objects.select_related("problem", "problem__region", "unit"), user
    )
    if getattr(user, "role", None) == Role.DEPARTMENT_STAFF:
        recs = recs.filter(unit_id=user.org_unit_id)
    return recs


def visits_for(user) -> QuerySet[Visit]:
    return in_scope(Visit.objects.select_related("region", "logged_by"), user)


def timeline(problem: Problem) -> QuerySet[ProblemEvent]:
    return problem.events.select_related("actor")


def public_timeline(problem: Problem) -> QuerySet[ProblemEvent]:
    """What a reporter sees: public steps only, no names of officials."""
    return problem.events.filter(public=True).order_by("at", "pk")


def handler_pool(user) -> QuerySet:
    """Everyone `user` may pick as a handler (the service then applies recusal)."""
    roles = [Role.COUNTY_LEADER, Role.OFFICE_CADRE, Role.STATIONED_CADRE, Role.TOWNSHIP_CADRE]
    roles.append(Role.VILLAGE_SUPERVISOR)
    return (
        orgs.users_for(user)
        .filter(role__in=roles, is_active=True)
        .select_related("person", "person__region", "org_unit")
        .order_by("org_unit__region__code", "org_unit__name", "username")
    )


def handler_candidates(user, problem: Problem) -> list:
    """Whom to offer for `problem`: only people who can see it (recusal then marks who must
    step aside among them, for a real conflict)."""
    return [p for p in handler_pool(user) if code_in_scope(p, problem.scope_code)]


def transfer_targets(user) -> QuerySet:
    return orgs.units_for(user).exclude(kind="village_supervision")


def units_to_task(user, problem: Problem) -> QuerySet:
    """Who can be given a rectification or a letter: village committees and departments in the
    user's scope, and the county's departments (职能部门 sit at county level)."""
    kinds = ["village_committee", "department", "township_commission"]
    mine = orgs.units_for(user).filter(kind__in=kinds)
    county = orgs.units_at(problem.region.code[:6] + "000000", ["department"])
    return (mine | county).distinct()


def unread_notifications(user) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user, read_at__isnull=True)


def notifications(user) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).select_related("problem")


def problem_by_id(pk: int | None) -> Problem | None:
    """Unscoped: for another app's service that already holds the link (the clue register)."""
    if not pk:
        return None
    return Problem.objects.select_related(*PROBLEM_RELATED).filter(pk=pk).first()


def problems_of_visits(visit_ids) -> QuerySet[Problem]:
    """Problems raised on the given visits (a monitor's evaluation counts them)."""
    return Problem.objects.filter(visits__in=list(visit_ids)).distinct()


def problem_by_external_ref(source: str, external_ref: str) -> Problem | None:
    """Unscoped: the problem another channel already sent under its own number (the open API
    checks the caller's scope on what it returns)."""
    if not external_ref:
        return None
    return (
        Problem.objects.select_related(*PROBLEM_RELATED)
        .filter(source=source, external_ref=external_ref)
        .first()
    )


def problem_changes_since(problems: QuerySet[Problem], since) -> QuerySet[ProblemEvent]:
    """Timeline steps of `problems` (already scoped) at or after `since`, oldest first."""
    return (
        ProblemEvent.objects.filter(problem__in=problems, at__gte=since)
        .select_related("problem")
        .order_by("at", "pk")
    )
