"""The register of grassroots monitors (监督员) per village: appointment for a term, training
records, exit with a reason. Writes check role and scope and write their audit entry in the
same transaction; reads take the user and go through the one scoping function."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from qingfeng.audit.services import audit_record
from qingfeng.orgs.models import Monitor, MonitorTraining, Person, Position, Region, Relation
from qingfeng.orgs.roles import SUPERVISORS
from qingfeng.orgs.scope import code_in_scope, in_scope
from qingfeng.orgs.selectors import CLOSE_KINDS

KINDS = Monitor.Kind
EXITS = Monitor.Exit


def _require(actor, code: str) -> None:
    if actor.role not in SUPERVISORS or not code_in_scope(actor, code):
        raise PermissionDenied(_("Your role may not make this change."))


# --- writes ---------------------------------------------------------------------------------


def monitor_appoint(
    *,
    actor,
    person: Person,
    village: Region,
    kind: str,
    term_start: dt.date,
    term_end: dt.date | None = None,
) -> Monitor:
    _require(actor, village.code)
    if village.level != Region.Level.VILLAGE:
        raise ValidationError({"village": _("A monitor serves a village.")})
    if kind not in KINDS.values:
        raise ValidationError({"kind": _("Choose the kind of monitor.")})
    if term_end and term_end < term_start:
        raise ValidationError({"term_end": _("The term cannot end before it starts.")})
    if Monitor.objects.filter(person=person, kind=kind, exited_on__isnull=True).exists():
        raise ValidationError({"person": _("This person already serves as this kind of monitor.")})
    with transaction.atomic():
        monitor = Monitor.objects.create(
            person=person, village=village, kind=kind, term_start=term_start, term_end=term_end
        )
        audit_record(
            actor=actor,
            action="monitor.appoint",
            target=monitor,
            region_code=village.code,
            data={"kind": kind, "term_start": term_start, "term_end": term_end},
        )
    return monitor


def monitor_exit(*, actor, monitor: Monitor, on: dt.date, kind: str, reason: str) -> Monitor:
    """免职/调整: the term closes with its reason; the row stays in the register."""
    _require(actor, monitor.village.code)
    if monitor.exited_on:
        raise ValidationError(_("This monitor has already left."))
    if kind not in EXITS.values:
        raise ValidationError({"exit_kind": _("Choose how the monitor leaves.")})
    if not reason.strip():
        raise ValidationError({"exit_reason": _("Give the reason for leaving.")})
    if on < monitor.term_start:
        raise ValidationError({"exited_on": _("The date is before the term started.")})
    with transaction.atomic():
        monitor.exited_on, monitor.exit_kind, monitor.exit_reason = on, kind, reason.strip()
        monitor.save(update_fields=["exited_on", "exit_kind", "exit_reason"])
        audit_record(
            actor=actor,
            action="monitor.exit",
            target=monitor,
            region_code=monitor.village.code,
            data={"on": on, "kind": kind, "reason": monitor.exit_reason},
        )
    return monitor


def training_add(
    *, actor, monitor: Monitor, held_on: dt.date, topic: str, hours: int = 1
) -> MonitorTraining:
    _require(actor, monitor.village.code)
    if not topic.strip():
        raise ValidationError({"topic": _("Name the training.")})
    if not 1 <= hours <= 200:
        raise ValidationError({"hours": _("Hours must be between 1 and 200.")})
    with transaction.atomic():
        training = MonitorTraining.objects.create(
            monitor=monitor, held_on=held_on, topic=topic.strip(), hours=hours
        )
        audit_record(
            actor=actor,
            action="monitor.training",
            target=monitor,
            region_code=monitor.village.code,
            data={"held_on": held_on, "topic": training.topic, "hours": hours},
        )
    return training


# --- reads ----------------------------------------------------------------------------------


def monitors_for(user) -> QuerySet[Monitor]:
    return in_scope(Monitor.objects.select_related("person", "village__parent"), user)


def active_monitors_for(user, on: dt.date | None = None) -> QuerySet[Monitor]:
    qs = monitors_for(user).filter(exited_on__isnull=True)
    if on is not None:
        qs = qs.filter(term_start__lte=on).filter(Q(term_end__isnull=True) | Q(term_end__gte=on))
    return qs


def monitor_terms_of_user(user) -> QuerySet[Monitor]:
    """The signed-in user's own current monitor terms (through their person)."""
    if getattr(user, "person_id", None) is None:
        return Monitor.objects.none()
    return Monitor.objects.filter(person_id=user.person_id, exited_on__isnull=True).select_related(
        "village"
    )


def trainings_of(monitor: Monitor) -> QuerySet[MonitorTraining]:
    return monitor.trainings.all()


def people_in_villages_for(user, codes) -> QuerySet[Person]:
    """People of the given villages in the user's scope (whom a monitor may be chosen from)."""
    return in_scope(Person.objects.filter(region__code__in=list(codes)), user)


def monitors_under(code_prefix: str) -> QuerySet[Monitor]:
    """Current monitors inside a region prefix, unscoped: for demo builders and checks."""
    return Monitor.objects.filter(
        village__code__startswith=code_prefix, exited_on__isnull=True
    ).select_related("person__region", "village")


def family_places(person_ids) -> dict[int, dict[str, str]]:
    """For each person, the village codes where a 近亲属 lives or holds a post, with which:
    {"lives"|"post"} per code. One query per kind of link, for any number of people."""
    ids = set(person_ids)
    relatives: dict[int, set[int]] = {pid: set() for pid in ids}
    links = Relation.objects.filter(kind__in=CLOSE_KINDS).filter(
        Q(person_id__in=ids) | Q(relative_id__in=ids)
    )
    for a, b in links.values_list("person_id", "relative_id"):
        if a in ids:
            relatives[a].add(b)
        if b in ids:
            relatives[b].add(a)
    every = set().union(*relatives.values()) if relatives else set()
    lives = dict(Person.objects.filter(pk__in=every).values_list("pk", "region__code"))
    posts: dict[int, set[str]] = {}
    for pid, code in Position.objects.filter(person_id__in=every, until__isnull=True).values_list(
        "person_id", "region__code"
    ):
        posts.setdefault(pid, set()).add(code)
    places: dict[int, dict[str, str]] = {}
    for pid, rels in relatives.items():
        found: dict[str, str] = {}
        for rel in rels:
            for code in posts.get(rel, ()):
                found.setdefault(code, "post")
            if rel in lives:
                found[lives[rel]] = "lives"
        places[pid] = found
    return places


def own_posts(person_ids) -> dict[int, set[str]]:
    """The village codes where each person holds a current post themself."""
    found: dict[int, set[str]] = {}
    for pid, code in Position.objects.filter(
        person_id__in=set(person_ids), until__isnull=True
    ).values_list("person_id", "region__code"):
        found.setdefault(pid, set()).add(code)
    return found


def county_of(code: str) -> Region | None:
    return Region.objects.filter(code=code[:6] + "000000").first()
