"""Back-office views of the ledger: thin; they parse, call a service and redirect."""

from __future__ import annotations

import dataclasses

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from qingfeng.core import xlsx
from qingfeng.core.extensions import resolve_reference
from qingfeng.exports.views import export_response
from qingfeng.ledger import export, filters, recusal, selectors, services
from qingfeng.ledger.forms import (
    AssignForm,
    CloseForm,
    DuplicateForm,
    EvidenceForm,
    ExtendForm,
    ProblemForm,
    ReclassifyForm,
    RejectForm,
    ReplyForm,
    ReviewForm,
    TaskForm,
    TextForm,
    TransferForm,
    VisitForm,
)
from qingfeng.ledger.models import Problem
from qingfeng.office.feedback import attempt as _run
from qingfeng.office.feedback import show_errors as _errors
from qingfeng.office.mixins import OfficeView, ScopedObjectMixin
from qingfeng.orgs.roles import ALL_ROLES, SUPERVISORS, Role

READERS = SUPERVISORS | {Role.VILLAGE_SUPERVISOR, Role.DEPARTMENT_STAFF}
HANDLERS = frozenset(
    {Role.COUNTY_LEADER, Role.OFFICE_CADRE, Role.STATIONED_CADRE, Role.TOWNSHIP_CADRE}
)
LOGGERS = HANDLERS | {Role.VILLAGE_SUPERVISOR}
RECTIFIERS = HANDLERS | {Role.VILLAGE_SUPERVISOR, Role.DEPARTMENT_STAFF}


class ProblemListView(OfficeView, View):
    allowed_roles = READERS

    def get(self, request):
        params = filters.from_request(request)
        problems = selectors.problem_list(request.user, **params.selector_kwargs())
        page = Paginator(problems, 50).get_page(request.GET.get("page"))
        return render(
            request,
            "ledger/list.html",
            {
                "page": page,
                "params": params,
                "statuses": Problem.Status.choices,
                "sources": Problem.Source.choices,
                "today": timezone.localdate(),
                "townships": filters.townships_for(request.user),
                "can_log": request.user.role in LOGGERS,
                "querystring": filters.querystring(request),
            },
        )


class ProblemExportView(OfficeView, View):
    """The list as filtered on screen, as .xlsx, with the filter on the first line; big ones
    are written by the worker (exports)."""

    allowed_roles = READERS

    def get(self, request):
        params = dataclasses.asdict(filters.from_request(request))
        name = xlsx.dated_name(export.PROBLEMS_TITLE)
        return export_response(request, export.PROBLEMS.kind, params, name)


class RectificationExportView(OfficeView, View):
    allowed_roles = READERS

    def get(self, request):
        name = xlsx.dated_name(export.TASKS_TITLE)
        return export_response(request, export.TASKS.kind, {}, name)


class ProblemCreateView(OfficeView, View):
    """An official logs a problem from any source (巡察, 审计移交, 上级交办 …)."""

    allowed_roles = LOGGERS

    def get(self, request, form=None):
        form = form or ProblemForm(user=request.user)
        return render(request, "ledger/new.html", {"form": form})

    def post(self, request):
        form = ProblemForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.get(request, form)
        problem = services.problem_create(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Problem %(number)s logged.") % {"number": problem.number})
        return redirect("office:ledger:problem", pk=problem.pk)


# How the problem page names what `Problem.about` points at, by the reference's kind.
ABOUT_LABELS = {"screening": gettext_lazy("From the cross-check hit")}


class ProblemMixin(OfficeView, ScopedObjectMixin):
    scope_selector = staticmethod(selectors.problems_for)
    allowed_roles = HANDLERS

    def back(self):
        return redirect("office:ledger:problem", pk=self.kwargs["pk"])


class ProblemDetailView(ProblemMixin, View):
    allowed_roles = READERS

    def get(self, request, pk):
        problem = self.get_object()
        user = request.user
        can_handle = user.role in HANDLERS
        candidates = []
        if can_handle and problem.is_open:
            for candidate in selectors.handler_candidates(user, problem):
                candidates.append((candidate, recusal.reasons_against(problem, candidate)))
        units = selectors.units_to_task(user, problem) if can_handle else None
        return render(
            request,
            "ledger/problem.html",
            {
                "problem": problem,
                "about": resolve_reference(problem.about),
                "about_label": ABOUT_LABELS.get(
                    problem.about.split(":", 1)[0], _("About the public record")
                ),
                "clue": resolve_reference(f"clue:{problem.pk}") if problem.clue_ref else None,
                "events": selectors.timeline(problem),
                "reports": problem.reports.prefetch_related("attachments")
                if hasattr(problem, "reports")
                else [],
                "rectifications": problem.rectifications.select_related("unit"),
                "recommendations": problem.recommendations.select_related("unit"),
                "can_handle": can_handle,
                "candidates": candidates,
                "transfer_form": TransferForm(units=selectors.transfer_targets(user))
                if can_handle
                else None,
                "task_form": TaskForm(units=units) if units is not None else None,
                "reclassify_form": ReclassifyForm(
                    auto_id="reclassify_%s", initial={"kind": problem.kind}
                )
                if can_handle
                else None,
                "today": timezone.localdate(),
                "can_extend": services.can_extend(user, problem),
                "due_rule": problem.due_rule_obj,
                "awaiting_rating": problem.status == "replied"
                and any(not r.rating for r in problem.reports.all()),
            },
        )


class ProblemTriageView(ProblemMixin, View):
    """受理, 不予受理 with a reason, 更正类别, or 转办 to another unit."""

    def post(self, request, pk):
        problem = self.get_object()
        action = request.POST.get("action")
        user = request.user
        if action == "accept":
            if _run(request, lambda: services.problem_accept(actor=user, problem=problem)):
                messages.success(request, _("Accepted."))
        elif action == "reject":
            form = RejectForm(request.POST)
            if not form.is_valid():
                _errors(request, form)
            elif _run(
                request,
                lambda: services.problem_reject(
                    actor=user, problem=problem, reason=form.cleaned_data["reason"]
                ),
            ):
                messages.success(request, _("Marked as not accepted."))
        elif action == "reclassify":
            form = ReclassifyForm(request.POST)
            if not form.is_valid():
                _errors(request, form)
            elif _run(
                request,
                lambda: services.problem_reclassify(
                    actor=user, problem=problem, **form.cleaned_data
                ),
            ):
                messages.success(request, _("The kind was corrected."))
                if not selectors.problems_for(user).filter(pk=problem.pk).exists():
                    return redirect("office:ledger:list")
        elif action == "transfer":
            form = TransferForm(request.POST, units=selectors.transfer_targets(user))
            if not form.is_valid():
                _errors(request, form)
            elif _run(
                request,
                lambda: services.problem_transfer(actor=user, problem=problem, **form.cleaned_data),
            ):
                messages.success(request, _("Transferred."))
                if not selectors.problems_for(user).filter(pk=problem.pk).exists():
                    return redirect("office:ledger:list")
        else:
            messages.error(request, _("Choose what to do."))
        return self.back()


class ProblemAssignView(ProblemMixin, View):
    def post(self, request, pk):
        problem = self.get_object()
        form = AssignForm(request.POST, candidates=selectors.handler_pool(request.user))
        if not form.is_valid():
            _errors(request, form)
        elif _run(
            request,
            lambda: services.problem_assign(
                actor=request.user, problem=problem, handler=form.cleaned_data["handler"]
            ),
        ):
            messages.success(request, _("Assigned."))
        return self.back()


class ProblemDisposeView(ProblemMixin, View):
    """答复, 予以了结, 转为问题线索, 重复件, 延期."""

    def post(self, request, pk):
        problem = self.get_object()
        action = request.POST.get("action")
        user = request.user
        if action == "reply":
            form = ReplyForm(request.POST)
            call = lambda: services.problem_reply(  # noqa: E731
                actor=user, problem=problem, reply=form.cleaned_data["reply"]
            )
        elif action in ("close", "clue"):
            form = CloseForm(request.POST)
            service = services.problem_close if action == "close" else services.problem_to_clue
            call = lambda: service(actor=user, problem=problem, note=form.cleaned_data["note"])  # noqa: E731
        elif action == "extend":
            form = ExtendForm(request.POST)
            call = lambda: services.problem_extend(  # noqa: E731
                actor=user, problem=problem, **form.cleaned_data
            )
        elif action == "duplicate":
            form = DuplicateForm(request.POST)

            def call():
                number = form.cleaned_data["original"].strip()
                original = selectors.problems_for(user).filter(number=number).first()
                if original is None:
                    raise ValidationError(_("No problem with that number in your scope."))
                services.problem_mark_duplicate(actor=user, problem=problem, original=original)
        else:
            messages.error(request, _("Choose what to do."))
            return self.back()
        if not form.is_valid():
            _errors(request, form)
        elif _run(request, call):
            messages.success(request, _("Saved."))
        return self.back()


class RectificationCreateView(ProblemMixin, View):
    def post(self, request, pk):
        problem = self.get_object()
        form = TaskForm(request.POST, units=selectors.units_to_task(request.user, problem))
        service = (
            services.recommendation_issue
            if request.POST.get("action") == "recommend"
            else services.rectification_create
        )
        if not form.is_valid():
            _errors(request, form)
            return self.back()
        data = form.cleaned_data
        kwargs = {"unit": data["unit"], "due_date": data["due_date"]}
        if service is services.recommendation_issue:
            kwargs["text"] = data["text"]
        else:
            kwargs["requirement"] = data["text"]
        if _run(request, lambda: service(actor=request.user, problem=problem, **kwargs)):
            messages.success(request, _("Saved."))
        return self.back()


class RectificationListView(OfficeView, View):
    allowed_roles = READERS

    def get(self, request):
        tasks = selectors.rectifications_for(request.user)
        page = Paginator(tasks, 50).get_page(request.GET.get("page"))
        return render(
            request,
            "ledger/rectifications.html",
            {"page": page, "today": timezone.localdate()},
        )


class RectificationDetailView(OfficeView, ScopedObjectMixin, View):
    allowed_roles = READERS
    scope_selector = staticmethod(selectors.rectifications_for)

    def get(self, request, pk):
        task = self.get_object()
        role = request.user.role
        return render(
            request,
            "ledger/rectification.html",
            {
                "task": task,
                "can_submit": role in RECTIFIERS and task.status in ("open", "rejected"),
                "can_review": role in HANDLERS and task.status == "submitted",
                "evidence_form": EvidenceForm(),
                "review_form": ReviewForm(),
                "today": timezone.localdate(),
            },
        )

    def post(self, request, pk):
        task = self.get_object()
        role = request.user.role
        if request.POST.get("action") == "review" and role in HANDLERS:
            form = ReviewForm(request.POST)
            call = lambda: services.rectification_review(  # noqa: E731
                actor=request.user, task=task, **form.cleaned_data
            )
        elif request.POST.get("action") == "submit" and role in RECTIFIERS:
            form = EvidenceForm(request.POST, request.FILES)
            call = lambda: services.rectification_submit(  # noqa: E731
                actor=request.user, task=task, **form.cleaned_data
            )
        else:
            messages.error(request, _("Choose what to do."))
            return redirect("office:ledger:rectification", pk=task.pk)
        if not form.is_valid():
            _errors(request, form)
        elif _run(request, call):
            messages.success(request, _("Saved."))
        return redirect("office:ledger:rectification", pk=task.pk)


class RecommendationDetailView(OfficeView, ScopedObjectMixin, View):
    allowed_roles = READERS
    scope_selector = staticmethod(selectors.recommendations_for)

    def get(self, request, pk):
        rec = self.get_object()
        return render(
            request,
            "ledger/recommendation.html",
            {
                "rec": rec,
                "can_handle": request.user.role in HANDLERS,
                "can_answer": request.user.role in RECTIFIERS,
                "today": timezone.localdate(),
            },
        )

    def post(self, request, pk):
        rec = self.get_object()
        action, user = request.POST.get("action"), request.user
        form = TextForm(request.POST)
        text = lambda: form.cleaned_data["text"]  # noqa: E731
        calls = {
            "remind": (
                HANDLERS,
                lambda: services.recommendation_remind(actor=user, recommendation=rec),
            ),
            "feedback": (
                RECTIFIERS,
                lambda: services.recommendation_feedback(
                    actor=user, recommendation=rec, feedback=text()
                ),
            ),
            "visit": (
                HANDLERS,
                lambda: services.recommendation_visit(actor=user, recommendation=rec, note=text()),
            ),
        }
        roles, call = calls.get(action, (frozenset(), None))
        if call is None or user.role not in roles:
            messages.error(request, _("Choose what to do."))
        elif action != "remind" and not form.is_valid():
            _errors(request, form)
        elif _run(request, call):
            messages.success(request, _("Saved."))
        return redirect("office:ledger:recommendation", pk=rec.pk)


class VisitListView(OfficeView, View):
    allowed_roles = SUPERVISORS | {Role.VILLAGE_SUPERVISOR}

    def get(self, request, form=None):
        visits = selectors.visits_for(request.user).prefetch_related("problems")
        page = Paginator(visits, 30).get_page(request.GET.get("page"))
        form = form or VisitForm(user=request.user, initial={"visited_on": timezone.localdate()})
        return render(
            request,
            "ledger/visits.html",
            {"page": page, "form": form if request.user.role in LOGGERS else None},
        )

    def post(self, request):
        if request.user.role not in LOGGERS:
            messages.error(request, _("Your role may not make this change."))
            return redirect("office:ledger:visits")
        form = VisitForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.get(request, form)
        visit = services.visit_log(actor=request.user, **form.cleaned_data)
        messages.success(
            request, _("Visit logged; %(n)d problems created.") % {"n": visit.problems.count()}
        )
        return redirect("office:ledger:visit", pk=visit.pk)


class VisitDetailView(OfficeView, ScopedObjectMixin, View):
    allowed_roles = SUPERVISORS | {Role.VILLAGE_SUPERVISOR}
    scope_selector = staticmethod(selectors.visits_for)

    def get(self, request, pk):
        visit = self.get_object()
        problems = selectors.problems_for(request.user).filter(visits=visit)
        return render(request, "ledger/visit.html", {"visit": visit, "problems": problems})


class NotificationListView(OfficeView, View):
    allowed_roles = ALL_ROLES

    def get(self, request):
        page = Paginator(selectors.notifications(request.user), 50).get_page(
            request.GET.get("page")
        )
        return render(request, "ledger/notifications.html", {"page": page})

    def post(self, request):
        services.notifications_mark_read(user=request.user)
        return redirect("office:ledger:notifications")
