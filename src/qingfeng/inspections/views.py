"""Inspection rounds: list and set-up, assignment, checklists on a phone, findings, report."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from qingfeng.core import xlsx
from qingfeng.inspections import access, report, selectors, services
from qingfeng.inspections.forms import ChecklistTemplateForm, FindingForm, RoundForm
from qingfeng.inspections.models import ChecklistEntry
from qingfeng.office.feedback import attempt, show_errors
from qingfeng.office.mixins import OfficeView, ScopedObjectMixin
from qingfeng.orgs import monitors


class RoundListView(OfficeView, View):
    allowed_roles = access.READERS

    def get(self, request, form=None):
        user = request.user
        can_organise = user.role in access.ORGANISERS
        if can_organise and form is None:
            today = timezone.localdate()
            form = RoundForm(user=user, initial={"starts_on": today, "ends_on": today})
        return render(
            request,
            "inspections/rounds.html",
            {
                "rounds": selectors.rounds_for(user)[:100],
                "mine": selectors.my_assignments(user),
                "form": form if can_organise else None,
                "can_edit_checklist": user.role in access.CHECKLIST_EDITORS,
            },
        )

    def post(self, request):
        if request.user.role not in access.ORGANISERS:
            messages.error(request, _("Your role may not make this change."))
            return redirect("office:inspections:rounds")
        form = RoundForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.get(request, form)
        made = {}

        def call():
            made["round"] = services.round_create(actor=request.user, **form.cleaned_data)

        if not attempt(request, call):
            return self.get(request, form)
        messages.success(request, _("Round set up. Assign the inspectors next."))
        return redirect("office:inspections:round", pk=made["round"].pk)


class RoundView(OfficeView, ScopedObjectMixin, View):
    allowed_roles = access.READERS
    scope_selector = staticmethod(selectors.rounds_for)

    def get(self, request, pk):
        round_ = self.get_object()
        assignments = round_.assignments.select_related("village__parent", "inspector__region")
        covered = {a.village_id for a in assignments}
        return render(
            request,
            "inspections/round.html",
            {
                "round": round_,
                "assignments": assignments,
                "uncovered": [v for v in round_.villages.all() if v.pk not in covered],
                "report": selectors.report(round_),
                "can_organise": request.user.role in access.ORGANISERS,
            },
        )


class RoundAssignView(OfficeView, ScopedObjectMixin, View):
    allowed_roles = access.ORGANISERS
    scope_selector = staticmethod(selectors.rounds_for)

    def post(self, request, pk):
        round_ = self.get_object()
        result = {}

        def call():
            result["plan"] = services.round_assign(actor=request.user, round_=round_)

        if attempt(request, call):
            plan = result["plan"]
            messages.success(request, _("%(n)d villages assigned.") % {"n": len(plan.pairs)})
            if plan.unassigned:
                messages.warning(
                    request,
                    _(
                        "%(n)d villages have no inspector free of conflicts: add monitors "
                        "from other villages, or check these villages yourselves."
                    )
                    % {"n": len(plan.unassigned)},
                )
        return redirect("office:inspections:round", pk=round_.pk)


class RoundCloseView(OfficeView, ScopedObjectMixin, View):
    allowed_roles = access.ORGANISERS
    scope_selector = staticmethod(selectors.rounds_for)

    def post(self, request, pk):
        round_ = self.get_object()
        if attempt(request, lambda: services.round_close(actor=request.user, round_=round_)):
            messages.success(request, _("Round closed."))
        return redirect("office:inspections:round", pk=round_.pk)


class RoundReportXlsxView(OfficeView, ScopedObjectMixin, View):
    allowed_roles = access.READERS
    scope_selector = staticmethod(selectors.rounds_for)

    def get(self, request, pk):
        round_ = self.get_object()
        sheets = report.sheets(selectors.report(round_))
        return xlsx.response(sheets, xlsx.dated_name(round_.name))


class RoundReportPdfView(OfficeView, ScopedObjectMixin, View):
    allowed_roles = access.READERS
    scope_selector = staticmethod(selectors.rounds_for)

    def get(self, request, pk):
        round_ = self.get_object()
        body = report.pdf(selectors.report(round_))
        reply = HttpResponse(body, content_type="application/pdf")
        reply["Content-Disposition"] = xlsx.disposition(f"{round_.name}.pdf")
        return reply


class AssignmentView(OfficeView, ScopedObjectMixin, View):
    """The checklist, made for a phone: one card per item, then findings."""

    allowed_roles = access.READERS
    scope_selector = staticmethod(selectors.assignments_for)

    def get(self, request, pk, finding_form=None):
        item = self.get_object()
        return render(
            request,
            "inspections/assignment.html",
            {
                "assignment": item,
                "entries": selectors.entries_of(item),
                "results": ChecklistEntry.Result.choices,
                "findings": item.findings.select_related("problem"),
                "finding_form": finding_form or FindingForm(items=item.round.checklist),
                "may_fill": access.may_fill(request.user, item) and not item.round.closed_on,
                # A monitor sent to another village sees the check, not the whole round.
                "sees_round": selectors.rounds_for(request.user).filter(pk=item.round_id).exists(),
            },
        )

    def post(self, request, pk):
        item = self.get_object()
        answers = {}
        for entry in selectors.entries_of(item):
            result = request.POST.get(f"result-{entry.position}")
            if result is not None:
                answers[entry.position] = (result, request.POST.get(f"note-{entry.position}", ""))
        submit = "submit" in request.POST

        def call():
            services.checklist_fill(
                actor=request.user, assignment=item, answers=answers, submit=submit
            )

        if attempt(request, call):
            messages.success(request, _("Checklist submitted.") if submit else _("Saved."))
        return redirect("office:inspections:assignment", pk=item.pk)


class FindingView(OfficeView, ScopedObjectMixin, View):
    allowed_roles = access.READERS
    scope_selector = staticmethod(selectors.assignments_for)

    def post(self, request, pk):
        item = self.get_object()
        form = FindingForm(request.POST, items=item.round.checklist)
        if not form.is_valid():
            show_errors(request, form)
            return redirect("office:inspections:assignment", pk=item.pk)
        made = {}

        def call():
            made["finding"] = services.finding_raise(
                actor=request.user, assignment=item, **form.cleaned_data
            )

        if attempt(request, call):
            messages.success(
                request,
                _("Problem %(number)s created in the ledger.")
                % {"number": made["finding"].problem.number},
            )
        return redirect("office:inspections:assignment", pk=item.pk)


class ChecklistTemplateView(OfficeView, View):
    allowed_roles = access.CHECKLIST_EDITORS

    def _county(self, request):
        code = request.user.org_unit.region.code if request.user.org_unit_id else ""
        return monitors.county_of(code) if code else None

    def get(self, request, form=None):
        county = self._county(request)
        items = services.checklist_items(county) if county else []
        form = form or ChecklistTemplateForm(initial={"items": "\n".join(items)})
        return render(request, "inspections/checklist.html", {"form": form, "county": county})

    def post(self, request):
        county = self._county(request)
        form = ChecklistTemplateForm(request.POST)
        if county is None or not form.is_valid():
            if county is None:
                messages.error(request, _("Your account belongs to no county."))
            return self.get(request, form)
        call = lambda: services.checklist_save(  # noqa: E731
            actor=request.user, county=county, items=form.cleaned_data["items"]
        )
        if not attempt(request, call):
            return self.get(request, form)
        messages.success(request, _("Checklist saved; new rounds use it."))
        return redirect("office:inspections:checklist")
