"""The monitor register, visits from a phone, the duty plan with its completion, evaluations."""

from __future__ import annotations

import contextlib

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from qingfeng.inspections import access, monitoring
from qingfeng.inspections.forms import (
    AppointForm,
    DutyForm,
    EvaluationForm,
    ExitForm,
    TrainingForm,
    VisitForm,
)
from qingfeng.inspections.models import VisitGroup
from qingfeng.office.feedback import attempt, show_errors
from qingfeng.office.mixins import OfficeView, ScopedObjectMixin
from qingfeng.orgs import monitors


class MonitorListView(OfficeView, View):
    allowed_roles = access.READERS

    def get(self, request, form=None):
        user = request.user
        can_appoint = user.role in access.ORGANISERS
        if can_appoint and form is None:
            form = AppointForm(user=user, initial={"term_start": timezone.localdate()})
        show_left = request.GET.get("left") == "1"
        register = monitors.monitors_for(user)
        if not show_left:
            register = register.filter(exited_on__isnull=True)
        return render(
            request,
            "inspections/monitors.html",
            {
                "monitors": register[:300],
                "form": form if can_appoint else None,
                "show_left": show_left,
            },
        )

    def post(self, request):
        if request.user.role not in access.ORGANISERS:
            messages.error(request, _("Your role may not make this change."))
            return redirect("office:inspections:monitors")
        form = AppointForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.get(request, form)
        made = {}

        def call():
            made["m"] = monitors.monitor_appoint(actor=request.user, **form.cleaned_data)

        if not attempt(request, call):
            return self.get(request, form)
        messages.success(request, _("Monitor appointed."))
        return redirect("office:inspections:monitor", pk=made["m"].pk)


class MonitorView(OfficeView, ScopedObjectMixin, View):
    allowed_roles = access.READERS
    scope_selector = staticmethod(monitors.monitors_for)

    def get(self, request, pk):
        monitor = self.get_object()
        year = timezone.localdate().year
        with contextlib.suppress(ValueError):
            year = int(request.GET.get("year", year))
        if not 2000 <= year <= 2100:
            year = timezone.localdate().year
        can_manage = request.user.role in access.ORGANISERS
        today = timezone.localdate()
        return render(
            request,
            "inspections/monitor.html",
            {
                "monitor": monitor,
                "trainings": monitors.trainings_of(monitor),
                "visits": monitoring.visits_for(request.user).filter(monitor=monitor)[:20],
                "year": year,
                "figures": monitoring.figures(monitor, year),
                "evaluation": monitoring.evaluation_of(monitor, year),
                "group_labels": dict(VisitGroup.choices),
                "can_manage": can_manage and monitor.active,
                "exit_form": ExitForm(initial={"exited_on": today}),
                "training_form": TrainingForm(initial={"held_on": today}),
                "evaluation_form": EvaluationForm(),
            },
        )


class _MonitorAction(OfficeView, ScopedObjectMixin, View):
    allowed_roles = access.ORGANISERS
    scope_selector = staticmethod(monitors.monitors_for)
    form_class = None
    done = ""

    def call(self, request, monitor, data):
        raise NotImplementedError

    def post(self, request, pk):
        monitor = self.get_object()
        form = self.form_class(request.POST)
        if not form.is_valid():
            show_errors(request, form)
        elif attempt(request, lambda: self.call(request, monitor, form.cleaned_data)):
            messages.success(request, self.done)
        return redirect("office:inspections:monitor", pk=monitor.pk)


class MonitorExitView(_MonitorAction):
    form_class = ExitForm

    def call(self, request, monitor, data):
        self.done = _("The monitor's term is closed.")
        monitors.monitor_exit(
            actor=request.user,
            monitor=monitor,
            on=data["exited_on"],
            kind=data["exit_kind"],
            reason=data["exit_reason"],
        )


class MonitorTrainingView(_MonitorAction):
    form_class = TrainingForm

    def call(self, request, monitor, data):
        self.done = _("Training recorded.")
        monitors.training_add(actor=request.user, monitor=monitor, **data)


class MonitorEvaluateView(_MonitorAction):
    form_class = EvaluationForm

    def call(self, request, monitor, data):
        self.done = _("Evaluation recorded.")
        monitoring.evaluation_record(
            actor=request.user, monitor=monitor, year=timezone.localdate().year, **data
        )


def _loggable(user):
    """Monitors the user may log visits for: themself, or those in an organiser's scope."""
    if user.role in access.ORGANISERS:
        return monitors.active_monitors_for(user)
    return monitors.monitor_terms_of_user(user).select_related("person")


class VisitLogView(OfficeView, View):
    """走访 from a phone, and the plan's completion this month per monitor and village."""

    allowed_roles = access.READERS

    def get(self, request, form=None):
        user = request.user
        today = timezone.localdate()
        loggable = _loggable(user)
        if form is None and loggable.exists():
            form = VisitForm(
                monitors_qs=loggable,
                initial={"visited_on": today, "monitor": loggable.first(), "planned": "1"},
            )
        return render(
            request,
            "inspections/visits.html",
            {
                "form": form,
                "visits": monitoring.visits_for(user)[:30],
                "completion": monitoring.completion(user, today.year, today.month),
                "month": today,
                "duty": monitoring.duty_for(user.org_unit.region.code)
                if user.org_unit_id
                else None,
                "group_labels": dict(VisitGroup.choices),
            },
        )

    def post(self, request):
        loggable = _loggable(request.user)
        form = VisitForm(request.POST, monitors_qs=loggable)
        if not form.is_valid():
            return self.get(request, form)
        made = {}

        def call():
            made["v"] = monitoring.visit_log(actor=request.user, **form.cleaned_data)

        if not attempt(request, call):
            return self.get(request, form)
        n = len(form.cleaned_data["findings"])
        messages.success(request, _("Visit logged; %(n)d problems created.") % {"n": n})
        return redirect("office:inspections:visits")


class DutyPlanView(OfficeView, View):
    """The county's duty plan, and last month's missed visits (the monthly check)."""

    allowed_roles = access.ORGANISERS

    def get(self, request, form=None):
        user = request.user
        code = user.org_unit.region.code if user.org_unit_id else ""
        duty = monitoring.duty_for(code) if code else None
        can_edit = user.role in access.CHECKLIST_EDITORS
        if can_edit and form is None and duty:
            form = DutyForm(
                initial={"visits_per_month": duty.visits_per_month, "groups": duty.groups}
            )
        (year, month), missed = monitoring.missed_visits(user)
        return render(
            request,
            "inspections/duty.html",
            {
                "duty": duty,
                "form": form if can_edit else None,
                "missed": missed,
                "year": year,
                "month": month,
                "group_labels": dict(VisitGroup.choices),
            },
        )

    def post(self, request):
        user = request.user
        county = monitors.county_of(user.org_unit.region.code) if user.org_unit_id else None
        form = DutyForm(request.POST)
        if county is None or not form.is_valid():
            return self.get(request, form)
        if not attempt(
            request, lambda: monitoring.duty_save(actor=user, county=county, **form.cleaned_data)
        ):
            return self.get(request, form)
        messages.success(request, _("Duty plan saved."))
        return redirect("office:inspections:duty")
