"""Back-office pages of cases and zones (片区协作)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from qingfeng.cases import access, export, rules, selectors, services
from qingfeng.cases.forms import EvidenceForm, InvestigationForm, MeetingForm, OutcomeForm
from qingfeng.cases.models import Case
from qingfeng.cases.views import _candidates, _filter_context, _filters, _xlsx
from qingfeng.office.feedback import attempt as _run
from qingfeng.office.feedback import show_errors as _errors
from qingfeng.office.mixins import OfficeView, ScopedObjectMixin


def _case_params(request, user):
    return {"stage": request.GET.get("stage", ""), **_filters(request, user)}


class CaseListView(OfficeView, View):
    allowed_roles = access.READERS

    def get(self, request):
        user = request.user
        params = _case_params(request, user)
        cases = selectors.case_list(user, **params)
        page = Paginator(cases, 50).get_page(request.GET.get("page"))
        return render(
            request,
            "cases/cases.html",
            {
                "page": page,
                "params": params,
                "stages": Case.Stage.choices,
                "stats": selectors.stats(cases),
                "query": request.GET.urlencode(),
                **_filter_context(user),
            },
        )


class CaseExportView(OfficeView, View):
    allowed_roles = access.READERS

    def get(self, request):
        cases = selectors.case_list(request.user, **_case_params(request, request.user))
        return _xlsx(export.cases_xlsx(cases), "案件台账")


class CaseMixin(OfficeView, ScopedObjectMixin):
    scope_selector = staticmethod(selectors.cases_for)
    allowed_roles = access.READERS


def _zone_of(user, case, post_or_get):
    zone_id = post_or_get.get("zone", "")
    if zone_id.isdigit():
        return selectors.zones_of_region(case.clue.region.code).filter(pk=int(zone_id)).first()
    return None


class CaseDetailView(CaseMixin, View):
    def get(self, request, pk):
        case = self.get_object()
        user = request.user
        clue = case.clue
        can_handle = user.role in access.HANDLERS and services.common.works_for(user, clue)
        zones = selectors.zones_of_region(clue.region.code)
        zone = _zone_of(user, case, request.GET) or zones.first()
        subjects = list(clue.subjects.all())
        context = {
            "case": case,
            "clue": clue,
            "subjects": subjects,
            "stages": case.stages.select_related("handler"),
            "evidence": case.evidence.all(),
            "outcomes": [
                (o, rules.measure_label(o.kind, o.measure))
                for o in case.outcomes.select_related("subject")
            ],
            "investigators": case.investigators.all(),
            "investigator_ids": list(case.investigators.values_list("pk", flat=True)),
            "reviewer_ids": list(case.reviewers.values_list("pk", flat=True)),
            "reviewers": case.reviewers.select_related("org_unit"),
            "can_handle": can_handle and case.is_open,
            "is_reviewer": case.reviewers.filter(pk=user.pk).exists(),
            "investigation_form": InvestigationForm(
                initial={
                    "measures": case.measures,
                    "detention_from": case.detention_from,
                    "detention_until": case.detention_until,
                }
            ),
            "evidence_form": EvidenceForm(),
            "outcome_form": OutcomeForm(subjects=subjects),
            "today": timezone.localdate(),
            "zones": zones,
            "zone": zone,
            "due_rule": case.due_rule,
        }
        if case.stage == Case.Stage.FILING:
            rows = _candidates(
                user, clue, lambda p: services.approver_reasons(clue, p, case.proposed_by)
            )
            context["approver_rows"] = [r for r in rows if r["user"].role in access.APPROVERS]
            context["can_approve"] = any(
                r["user"].pk == user.pk and not (r["conflicts"] or r["elsewhere"])
                for r in context["approver_rows"]
            )
        if can_handle and case.stage in (Case.Stage.FILING, Case.Stage.INVESTIGATION):
            context["investigator_rows"] = _candidates(
                user,
                clue,
                lambda p: services.handler_reasons(clue, p),
                [clue.designated_unit] if clue.designated_unit_id else [],
            )
        if can_handle and case.stage == Case.Stage.INVESTIGATION:
            extra = selectors.zone_units(zone) if zone else []
            context["reviewer_rows"] = _candidates(
                user, clue, lambda p: services.reviewer_reasons(case, p, zone=zone), extra
            )
        return render(request, "cases/case.html", context)


class CaseActionView(CaseMixin, View):
    allowed_roles = access.HANDLERS

    def post(self, request, pk):
        case = self.get_object()
        user, post = request.user, request.POST
        action = post.get("action")
        if action == "approve_filing":
            filed_on = post.get("filed_on") or None
            try:
                filed = timezone.datetime.fromisoformat(filed_on).date() if filed_on else None
            except ValueError:
                messages.error(request, _("The filing decision date is not a date."))
                return redirect("office:cases:case", pk=case.pk)
            if _run(
                request, lambda: services.case_approve_filing(actor=user, case=case, filed_on=filed)
            ):
                messages.success(request, _("Filing approved."))
        elif action == "investigators":
            people = self._people(user, case, post.getlist("users"))
            if _run(
                request,
                lambda: services.case_set_investigators(
                    actor=user, case=case, investigators=people
                ),
            ):
                messages.success(request, _("Saved."))
        elif action == "investigation":
            form = InvestigationForm(post)
            if not form.is_valid():
                _errors(request, form)
            elif _run(
                request,
                lambda: services.case_investigation_update(
                    actor=user, case=case, **form.cleaned_data
                ),
            ):
                messages.success(request, _("Saved."))
        elif action == "evidence":
            form = EvidenceForm(post, request.FILES)
            if not form.is_valid():
                _errors(request, form)
            elif _run(
                request,
                lambda: services.case_add_evidence(actor=user, case=case, **form.cleaned_data),
            ):
                messages.success(request, _("Saved."))
        elif action == "to_trial":
            joint = post.get("joint") == "1"
            zone = _zone_of(user, case, post)
            people = self._people(user, case, post.getlist("users"), zone)
            if _run(
                request,
                lambda: services.case_to_trial(
                    actor=user,
                    case=case,
                    reviewers=people,
                    joint_review=joint,
                    zone=zone,
                    note=post.get("note", ""),
                ),
            ):
                messages.success(request, _("Sent to review."))
        elif action in ("review", "transfer"):
            if _run(
                request,
                lambda: services.case_review_opinion(
                    actor=user,
                    case=case,
                    opinion=post.get("opinion", ""),
                    transfer=action == "transfer",
                ),
            ):
                messages.success(request, _("Saved."))
        elif action == "outcome":
            form = OutcomeForm(post, subjects=list(case.clue.subjects.all()))
            if not form.is_valid():
                _errors(request, form)
            else:
                data = form.cleaned_data
                kind, _sep, measure = data["measure"].partition(":")
                subject = case.clue.subjects.filter(pk=data["subject"] or 0).first()
                if _run(
                    request,
                    lambda: services.case_add_outcome(
                        actor=user,
                        case=case,
                        kind=kind,
                        measure=measure,
                        subject=subject,
                        amount=data["amount"],
                        note=data["note"],
                    ),
                ):
                    messages.success(request, _("Saved."))
        elif action == "decide":
            if _run(
                request,
                lambda: services.case_decide(
                    actor=user, case=case, document=request.FILES.get("document")
                ),
            ):
                messages.success(request, _("Decision recorded."))
        elif action == "close":
            if _run(
                request,
                lambda: services.case_close(
                    actor=user, case=case, execution_note=post.get("execution_note", "")
                ),
            ):
                messages.success(request, _("The case is closed."))
        else:
            messages.error(request, _("Choose what to do."))
        return redirect("office:cases:case", pk=case.pk)

    def _people(self, user, case, ids, zone=None):
        extra = selectors.zone_units(zone) if zone else []
        if case.designated_unit_id:
            extra.append(case.designated_unit)
        wanted = {int(i) for i in ids if i.isdigit()}
        return [p for p in selectors.staff_candidates(user, extra) if p.pk in wanted]


# --- zones ------------------------------------------------------------------------------------


class ZoneListView(OfficeView, View):
    allowed_roles = access.READERS

    def get(self, request):
        return render(request, "cases/zones.html", {"zones": selectors.zones_for(request.user)})


class ZoneView(OfficeView, ScopedObjectMixin, View):
    """A zone lead's page: the zone's open clues and cases, overdue first, and its meetings."""

    scope_selector = staticmethod(selectors.zones_for)
    allowed_roles = access.READERS

    def _context(self, zone, form=None):
        user = self.request.user
        clues = selectors.clue_list(user, status="open", zone=zone).order_by(
            "-overdue", "due_date", "pk"
        )
        cases = selectors.case_list(user, stage="open", zone=zone).order_by("-overdue", "due_date")
        return {
            "zone": zone,
            "clues": clues,
            "cases": cases,
            "stats": selectors.stats(selectors.case_list(user, zone=zone)),
            "meetings": selectors.meetings_for(user).filter(zone=zone).prefetch_related("clues"),
            "form": form or MeetingForm(clues=clues),
            "can_record": user.role in access.HANDLERS,
            "today": timezone.localdate(),
        }

    def get(self, request, pk):
        return render(request, "cases/zone.html", self._context(self.get_object()))

    def post(self, request, pk):
        zone = self.get_object()
        clues = selectors.clue_list(request.user, zone=zone)
        form = MeetingForm(request.POST, clues=clues)
        if not form.is_valid():
            _errors(request, form)
            return render(request, "cases/zone.html", self._context(zone, form), status=400)
        data = form.cleaned_data
        if _run(
            request,
            lambda: services.meeting_record(
                actor=request.user,
                zone=zone,
                held_on=data["held_on"],
                attendees=data["attendees"],
                decisions=data["decisions"],
                clues=list(data["clues"]),
            ),
        ):
            messages.success(request, _("Meeting recorded."))
        return redirect("office:cases:zone", pk=zone.pk)
