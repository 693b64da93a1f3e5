"""立项监督 projects with their task ledger, and the 提级监督 cadence."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from qingfeng.inspections import access, projects
from qingfeng.inspections.forms import (
    CadenceForm,
    CheckInForm,
    CloseProjectForm,
    ProjectFindingForm,
    ProjectForm,
    ProjectReportForm,
    TaskForm,
)
from qingfeng.office.feedback import attempt, show_errors
from qingfeng.office.mixins import OfficeView, ScopedObjectMixin
from qingfeng.orgs.roles import COUNTY_EDITORS


class ProjectListView(OfficeView, View):
    allowed_roles = access.ORGANISERS

    def get(self, request, form=None):
        today = timezone.localdate()
        rows = []
        for p in projects.projects_for(request.user).prefetch_related("tasks")[:100]:
            tasks = list(p.tasks.all())
            late = [t for t in tasks if not t.done_on and t.due_on < today and not p.closed_on]
            rows.append(
                {
                    "project": p,
                    "tasks": len(tasks),
                    "done": sum(1 for t in tasks if t.done_on),
                    "late": len(late),
                }
            )
        return render(
            request,
            "inspections/projects.html",
            {"rows": rows, "form": form or ProjectForm(user=request.user)},
        )

    def post(self, request):
        form = ProjectForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.get(request, form)
        made = {}

        def call():
            made["p"] = projects.project_create(actor=request.user, **form.cleaned_data)

        if not attempt(request, call):
            return self.get(request, form)
        messages.success(request, _("Project set up."))
        return redirect("office:inspections:project", pk=made["p"].pk)


class ProjectView(OfficeView, ScopedObjectMixin, View):
    allowed_roles = access.ORGANISERS
    scope_selector = staticmethod(projects.projects_for)

    def get(self, request, pk):
        project = self.get_object()
        today = timezone.localdate()
        return render(
            request,
            "inspections/project.html",
            {
                "project": project,
                "tasks": project.tasks.all(),
                "today": today,
                "reports": project.reports.all(),
                "findings": project.findings.select_related("problem", "village"),
                "task_form": TaskForm(initial={"started_on": today}),
                "report_form": ProjectReportForm(),
                "finding_form": ProjectFindingForm(project=project),
                "close_form": CloseProjectForm(),
                "rule": projects.deadlines.rule(projects.TASK_RULE),
            },
        )

    def post(self, request, pk):
        project = self.get_object()
        action = request.POST.get("action")
        user = request.user
        forms = {
            "task": (TaskForm, lambda d: projects.task_add(actor=user, project=project, **d)),
            "report": (
                ProjectReportForm,
                lambda d: projects.report_add(actor=user, project=project, **d),
            ),
            "close": (
                CloseProjectForm,
                lambda d: projects.project_close(actor=user, project=project, **d),
            ),
        }
        if action == "finding":
            form = ProjectFindingForm(request.POST, project=project)
            call = lambda d: projects.finding_add(actor=user, project=project, **d)  # noqa: E731
        elif action == "done":
            task = project.tasks.filter(pk=request.POST.get("task") or 0).first()
            if task and attempt(request, lambda: projects.task_done(actor=user, task=task)):
                messages.success(request, _("Saved."))
            return redirect("office:inspections:project", pk=project.pk)
        elif action in forms:
            form_class, call = forms[action]
            form = form_class(request.POST)
        else:
            return redirect("office:inspections:project", pk=project.pk)
        if not form.is_valid():
            show_errors(request, form)
        elif attempt(request, lambda: call(form.cleaned_data)):
            messages.success(request, _("Saved."))
        return redirect("office:inspections:project", pk=project.pk)


class CadenceListView(OfficeView, View):
    """Villages under 提级监督 with their cadence, due and missed check-ins."""

    allowed_roles = access.ORGANISERS

    def get(self, request, form=None):
        user = request.user
        rows = [{"cadence": c, **projects.cadence_status(c)} for c in projects.cadences_for(user)]
        can_set = user.role in COUNTY_EDITORS
        return render(
            request,
            "inspections/cadences.html",
            {"rows": rows, "form": (form or CadenceForm(user=user)) if can_set else None},
        )

    def post(self, request):
        form = CadenceForm(request.POST, user=request.user)
        if request.user.role not in COUNTY_EDITORS:
            messages.error(request, _("Your role may not make this change."))
            return redirect("office:inspections:cadences")
        if not form.is_valid():
            return self.get(request, form)
        if attempt(request, lambda: projects.cadence_set(actor=request.user, **form.cleaned_data)):
            messages.success(request, _("Cadence set."))
        return redirect("office:inspections:cadences")


class CadenceView(OfficeView, ScopedObjectMixin, View):
    allowed_roles = access.ORGANISERS
    scope_selector = staticmethod(projects.cadences_for)

    def get(self, request, pk):
        cadence = self.get_object()
        return render(
            request,
            "inspections/cadence.html",
            {
                "cadence": cadence,
                "status": projects.cadence_status(cadence),
                "check_ins": cadence.check_ins.all()[:60],
                "form": CheckInForm(),
            },
        )

    def post(self, request, pk):
        cadence = self.get_object()
        form = CheckInForm(request.POST)
        if not form.is_valid():
            show_errors(request, form)
        elif attempt(
            request,
            lambda: projects.check_in(actor=request.user, cadence=cadence, **form.cleaned_data),
        ):
            messages.success(request, _("Check-in recorded."))
        return redirect("office:inspections:cadence", pk=cadence.pk)
