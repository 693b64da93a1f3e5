"""立项监督 projects (survey, scope, method, task ledger, progress, findings, closing) and the
提级监督 cadence with its check-ins. Writes check role and scope and audit in one transaction."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.audit.services import audit_record
from qingfeng.inspections import access
from qingfeng.inspections.models_projects import (
    Cadence,
    CheckIn,
    ProjectFinding,
    ProjectReport,
    ProjectTask,
    SupervisionProject,
)
from qingfeng.ledger import deadlines
from qingfeng.ledger import services as ledger
from qingfeng.orgs import regions
from qingfeng.orgs.roles import COUNTY_EDITORS
from qingfeng.orgs.scope import code_in_scope, in_scope

TASK_RULE = "supervision_task"


def _require(actor, code: str, roles=access.ORGANISERS) -> None:
    if actor.role not in roles or not code_in_scope(actor, code):
        raise PermissionDenied(_("Your role may not make this change."))


def _audit(actor, action, target, code, **data) -> None:
    audit_record(
        actor=actor, action=f"inspections.{action}", target=target, region_code=code, data=data
    )


# --- projects -------------------------------------------------------------------------------


def project_create(
    *,
    actor,
    region,
    kind: str,
    title: str,
    survey: str = "",
    scope: str = "",
    method: str = "",
    villages=(),
) -> SupervisionProject:
    _require(actor, region.code)
    if kind not in SupervisionProject.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of project.")})
    if not title.strip():
        raise ValidationError({"title": _("Name the project.")})
    prefix = regions.prefix_of(region.code)
    villages = list(villages)
    outside = [v.name for v in villages if not v.code.startswith(prefix)]
    if outside:
        raise ValidationError(
            {
                "villages": _("Not in the organising region: %(names)s")
                % {"names": "、".join(outside)}
            }
        )
    with transaction.atomic():
        project = SupervisionProject.objects.create(
            region=region,
            kind=kind,
            title=title.strip(),
            survey=survey.strip(),
            scope=scope.strip(),
            method=method.strip(),
            created_by=actor,
        )
        project.villages.set(villages)
        _audit(actor, "project.create", project, region.code, kind=kind)
    return project


def _open(project) -> None:
    if project.closed_on:
        raise ValidationError(_("This project is closed."))


def task_add(
    *, actor, project, title: str, owner: str, started_on: dt.date, days: int | None = None
) -> ProjectTask:
    """A task whose deadline comes from the one deadline policy (rule supervision_task; the
    project may give its own number of working days)."""
    _require(actor, project.region.code)
    _open(project)
    if not title.strip() or not owner.strip():
        raise ValidationError(_("Say what the task is and who does it."))
    if days is not None and not 1 <= days <= 250:
        raise ValidationError({"days": _("Working days must be between 1 and 250.")})
    due = deadlines.due_after(TASK_RULE, started_on, limit=days)
    with transaction.atomic():
        task = ProjectTask.objects.create(
            project=project,
            title=title.strip(),
            owner=owner.strip(),
            started_on=started_on,
            due_on=due.due,
        )
        _audit(actor, "project.task", project, project.region.code, task=task.pk, due=due.due)
    return task


def task_done(*, actor, task: ProjectTask, on: dt.date | None = None) -> ProjectTask:
    _require(actor, task.project.region.code)
    _open(task.project)
    if task.done_on:
        raise ValidationError(_("This task is already done."))
    with transaction.atomic():
        task.done_on = on or timezone.localdate()
        task.save(update_fields=["done_on"])
        _audit(actor, "project.task_done", task.project, task.project.region.code, task=task.pk)
    return task


def report_add(*, actor, project, text: str, on: dt.date | None = None) -> ProjectReport:
    _require(actor, project.region.code)
    _open(project)
    if not text.strip():
        raise ValidationError({"text": _("Write the progress.")})
    with transaction.atomic():
        report = ProjectReport.objects.create(
            project=project, text=text.strip(), reported_on=on or timezone.localdate(), by=actor
        )
        _audit(actor, "project.report", project, project.region.code)
    return report


def finding_add(*, actor, project, village, description: str, now=None) -> ProjectFinding:
    """A project's finding becomes a ledger problem in one step (source 巡察/检查)."""
    _require(actor, project.region.code)
    _open(project)
    if not village.code.startswith(regions.prefix_of(project.region.code)):
        raise ValidationError({"village": _("The village is outside the project's region.")})
    if not description.strip():
        raise ValidationError({"description": _("Write what was found.")})
    with transaction.atomic():
        problem = ledger.problem_create(
            actor=actor,
            region=village,
            kind="livelihood",
            source="inspection",
            title=f"【{project.title}】{description.strip()[:30]}",
            description=description,
            now=now,
        )
        finding = ProjectFinding.objects.create(project=project, village=village, problem=problem)
        _audit(actor, "project.finding", project, village.code, problem=problem.number)
    return finding


def project_close(*, actor, project, evaluation: str, on: dt.date | None = None):
    _require(actor, project.region.code)
    _open(project)
    if not evaluation.strip():
        raise ValidationError({"evaluation": _("Write the closing evaluation.")})
    open_tasks = project.tasks.filter(done_on__isnull=True).count()
    if open_tasks:
        raise ValidationError(
            _("%(n)d tasks are not done yet; finish them before closing.") % {"n": open_tasks}
        )
    with transaction.atomic():
        project.closed_on, project.evaluation = on or timezone.localdate(), evaluation.strip()
        project.save(update_fields=["closed_on", "evaluation"])
        _audit(actor, "project.close", project, project.region.code)
    return project


def projects_for(user) -> QuerySet[SupervisionProject]:
    return in_scope(SupervisionProject.objects.select_related("region"), user)


def overdue_tasks(user, today: dt.date | None = None) -> QuerySet[ProjectTask]:
    today = today or timezone.localdate()
    return in_scope(
        ProjectTask.objects.filter(
            done_on__isnull=True, due_on__lt=today, project__closed_on__isnull=True
        ).select_related("project"),
        user,
    )


# --- 提级监督 cadence ------------------------------------------------------------------------


def period_start(every: str, day: dt.date) -> dt.date:
    if every == Cadence.Every.MONTH:
        return day.replace(day=1)
    if every == Cadence.Every.WEEK:
        return day - dt.timedelta(days=day.weekday())
    return day


def next_period(every: str, start: dt.date) -> dt.date:
    if every == Cadence.Every.MONTH:
        return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return start + dt.timedelta(days=7 if every == Cadence.Every.WEEK else 1)


def cadence_set(*, actor, village, every: str, since: dt.date | None = None) -> Cadence:
    _require(actor, village.code, COUNTY_EDITORS)
    if not village.elevated_supervision:
        raise ValidationError(_("Raise the village to elevated supervision first."))
    if every not in Cadence.Every.values:
        raise ValidationError({"every": _("Choose the cadence.")})
    with transaction.atomic():
        cadence, _created = Cadence.objects.update_or_create(
            village=village,
            defaults={"every": every, "since": since or timezone.localdate(), "set_by": actor},
        )
        _audit(actor, "cadence.set", cadence, village.code, every=every)
    return cadence


def check_in(*, actor, cadence: Cadence, note: str, on: dt.date | None = None) -> CheckIn:
    _require(actor, cadence.village.code)
    if not note.strip():
        raise ValidationError({"note": _("Write what was checked.")})
    start = period_start(cadence.every, on or timezone.localdate())
    if CheckIn.objects.filter(cadence=cadence, period_start=start).exists():
        raise ValidationError(_("This period already has its check-in."))
    with transaction.atomic():
        entry = CheckIn.objects.create(
            cadence=cadence, period_start=start, note=note.strip(), by=actor
        )
        _audit(actor, "cadence.check_in", cadence, cadence.village.code, period=start)
    return entry


def cadence_status(cadence: Cadence, today: dt.date | None = None) -> dict:
    """Periods since the cadence began: which had a check-in, which were missed, and whether
    the current one is still due (the last 60 periods at most)."""
    today = today or timezone.localdate()
    done = set(cadence.check_ins.values_list("period_start", flat=True))
    current = period_start(cadence.every, today)
    start = period_start(cadence.every, cadence.since)
    missed = []
    while start < current:
        if start not in done:
            missed.append(start)
        start = next_period(cadence.every, start)
    return {"missed": missed[-60:], "due": current not in done, "current": current}


def cadences_for(user) -> QuerySet[Cadence]:
    return in_scope(Cadence.objects.select_related("village__parent"), user)
