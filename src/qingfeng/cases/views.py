"""Back-office pages of the clue register, the cases and the zones. Thin: parse, call a
service or selector, render or redirect."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from qingfeng.cases import access, export, selectors, services
from qingfeng.cases.forms import (
    CheckResultForm,
    ClueForm,
    DecideForm,
    ProposeForm,
    SubjectForm,
    TalkResultForm,
)
from qingfeng.cases.models import Case, Clue, Disposal
from qingfeng.office.feedback import attempt as _run
from qingfeng.office.feedback import show_errors as _errors
from qingfeng.office.mixins import OfficeView, ScopedObjectMixin
from qingfeng.orgs import selectors as orgs


def _filters(request, user):
    zone = None
    zone_id = request.GET.get("zone", "")
    if zone_id.isdigit():
        zone = selectors.zones_for(user).filter(pk=int(zone_id)).first()
    unit = request.GET.get("unit", "")
    return {
        "unit": unit if unit.isdigit() else "",
        "zone": zone,
        "overdue": request.GET.get("overdue") == "1",
    }


def _filter_context(user):
    return {
        "zones": selectors.zones_for(user),
        "units": orgs.units_for(user, include_village_units=False).filter(
            kind__in=["county_commission", "township_commission", "inspection_office"]
        ),
    }


def _candidates(user, clue, reasons_of, extra_units=()):
    """Each candidate with the reasons they must step aside and the reasons of jurisdiction."""
    rows = []
    for person in selectors.staff_candidates(user, extra_units):
        conflict, where = reasons_of(person)
        rows.append({"user": person, "conflicts": conflict, "elsewhere": where})
    rows.sort(key=lambda r: (bool(r["conflicts"] or r["elsewhere"]), r["user"].username))
    return rows


# --- clues ------------------------------------------------------------------------------------


class ClueListView(OfficeView, View):
    allowed_roles = access.READERS

    def get(self, request):
        user = request.user
        params = {
            "status": request.GET.get("status", ""),
            "method": request.GET.get("method", ""),
            **_filters(request, user),
        }
        clues = selectors.clue_list(user, **params).prefetch_related("subjects")
        page = Paginator(clues, 50).get_page(request.GET.get("page"))
        return render(
            request,
            "cases/clues.html",
            {
                "page": page,
                "params": params,
                "statuses": Clue.Status.choices,
                "methods": Disposal.Method.choices,
                "can_enter": user.role in access.HANDLERS,
                "query": request.GET.urlencode(),
                **_filter_context(user),
            },
        )


class ClueExportView(OfficeView, View):
    allowed_roles = access.READERS

    def get(self, request):
        user = request.user
        params = {
            "status": request.GET.get("status", ""),
            "method": request.GET.get("method", ""),
            **_filters(request, user),
        }
        data = export.clues_xlsx(selectors.clue_list(user, **params))
        return _xlsx(data, "问题线索台账")


def _xlsx(data: bytes, title: str) -> HttpResponse:
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"{title}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(name)}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


class ClueCreateView(OfficeView, View):
    allowed_roles = access.HANDLERS

    def get(self, request):
        return render(request, "cases/clue_new.html", {"form": ClueForm(user=request.user)})

    def post(self, request):
        form = ClueForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            _errors(request, form)
            return render(request, "cases/clue_new.html", {"form": form}, status=400)
        data = form.cleaned_data
        result = {}

        def call():
            result["clue"] = services.clue_create(
                actor=request.user,
                region=data["region"],
                source=data["source"],
                subject_level=data["subject_level"],
                summary=data["summary"],
                subjects=data["subjects"],
                received_on=data["received_on"],
                files=[data["file"]] if data["file"] else [],
            )

        if not _run(request, call):
            return render(request, "cases/clue_new.html", {"form": form}, status=400)
        clue = result["clue"]
        messages.success(request, _("Clue %(n)s registered.") % {"n": clue.number})
        if selectors.clues_for(request.user).filter(pk=clue.pk).exists():
            return redirect("office:cases:clue", pk=clue.pk)
        messages.info(
            request, _("It goes to %(unit)s, which handles it.") % {"unit": clue.commission}
        )
        return redirect("office:cases:list")


class ClueMixin(OfficeView, ScopedObjectMixin):
    scope_selector = staticmethod(selectors.clues_for)
    allowed_roles = access.READERS


class ClueDetailView(ClueMixin, View):
    def get(self, request, pk):
        clue = self.get_object()
        user = request.user
        current = selectors.current_disposal(clue)
        can_handle = user.role in access.HANDLERS and services.common.works_for(user, clue)
        extra = [clue.designated_unit] if clue.designated_unit_id else []
        context = {
            "clue": clue,
            "subjects": clue.subjects.select_related("person", "person__region"),
            "attachments": clue.attachments.all(),
            "disposals": clue.disposals.select_related("proposed_by", "approver"),
            "current": current,
            "case": Case.objects.filter(clue=clue).first(),
            "can_handle": can_handle and clue.is_open,
            "is_handler": clue.handler_id == user.pk,
            "handler_ids": [clue.handler_id],
            "propose_form": ProposeForm(),
            "talk_form": TalkResultForm(),
            "check_form": CheckResultForm(),
            "decide_form": DecideForm(),
            "meetings": clue.meetings.select_related("zone"),
            "today": timezone.localdate(),
            "can_designate": user.role in access.DESIGNATORS,
        }
        if can_handle and clue.is_open:
            context["handler_rows"] = _candidates(
                user, clue, lambda p: services.handler_reasons(clue, p), extra
            )
        if current is not None and current.status == Disposal.Status.PROPOSED:
            context["approver_rows"] = _candidates(
                user, clue, lambda p: services.approver_reasons(clue, p, current.proposed_by), extra
            )
            context["approver_rows"] = [
                r for r in context["approver_rows"] if r["user"].role in access.APPROVERS
            ]
            context["can_decide"] = any(
                r["user"].pk == user.pk and not (r["conflicts"] or r["elsewhere"])
                for r in context["approver_rows"]
            )
        if context["can_designate"]:
            context["designation_units"] = orgs.units_for(user).filter(
                kind__in=["township_commission", "inspection_office"]
            )
            context["designation_zones"] = selectors.zones_for(user)
        return render(request, "cases/clue.html", context)


class ClueActionView(ClueMixin, View):
    allowed_roles = access.HANDLERS

    def post(self, request, pk):
        clue = self.get_object()
        user, post = request.user, request.POST
        action = post.get("action")
        current = selectors.current_disposal(clue)
        if action == "assign":
            handler = orgs.users_for(user).filter(pk=post.get("handler") or 0).first()
            if handler is None and clue.designated_unit_id:
                handler = (
                    orgs.unit_members(clue.designated_unit)
                    .filter(pk=post.get("handler") or 0)
                    .first()
                )
            if handler is None:
                messages.error(request, _("Choose a handler."))
            elif _run(
                request, lambda: services.clue_assign(actor=user, clue=clue, handler=handler)
            ):
                messages.success(request, _("Assigned."))
        elif action == "propose":
            form = ProposeForm(post)
            if not form.is_valid():
                _errors(request, form)
            elif _run(
                request,
                lambda: services.disposal_propose(actor=user, clue=clue, **form.cleaned_data),
            ):
                messages.success(request, _("Proposed: waiting for approval."))
        elif action in ("approve", "decline") and current is not None:
            form = DecideForm(post)
            if form.is_valid() and _run(
                request,
                lambda: services.disposal_decide(
                    actor=user,
                    disposal=current,
                    approve=action == "approve",
                    note=form.cleaned_data["note"],
                ),
            ):
                messages.success(
                    request, _("Approved.") if action == "approve" else _("Sent back.")
                )
        elif action == "talk_result" and current is not None:
            form = TalkResultForm(post, request.FILES)
            if not form.is_valid():
                _errors(request, form)
            elif _run(
                request,
                lambda: services.disposal_talk_result(
                    actor=user, disposal=current, **form.cleaned_data
                ),
            ):
                messages.success(request, _("Saved."))
        elif action == "check_result" and current is not None:
            form = CheckResultForm(post)
            if not form.is_valid():
                _errors(request, form)
            elif _run(
                request,
                lambda: services.disposal_check_result(
                    actor=user, disposal=current, **form.cleaned_data
                ),
            ):
                messages.success(request, _("Saved."))
        elif action == "subject":
            form = SubjectForm(post)
            subject = clue.subjects.filter(pk=post.get("subject") or 0).first()
            if not form.is_valid() or subject is None:
                _errors(request, form)
            else:
                data = {k: v for k, v in form.cleaned_data.items() if k != "subject"}
                if _run(
                    request,
                    lambda: services.subject_update(actor=user, subject=subject, **data),
                ):
                    messages.success(request, _("Saved."))
        elif action == "attach":
            if _run(
                request,
                lambda: services.clue_attach(actor=user, clue=clue, file=request.FILES.get("file")),
            ):
                messages.success(request, _("Attached."))
        elif action == "designate":
            unit = orgs.units_for(user).filter(pk=post.get("unit") or 0).first()
            zone = selectors.zones_for(user).filter(pk=post.get("zone") or 0).first()
            if _run(
                request,
                lambda: services.designate(
                    actor=user, clue=clue, unit=unit, zone=zone, decision=post.get("decision", "")
                ),
            ):
                messages.success(request, _("Designated."))
        elif action == "undesignate":
            if _run(request, lambda: services.designation_end(actor=user, clue=clue)):
                messages.success(request, _("The designation has ended."))
        else:
            messages.error(request, _("Choose what to do."))
        if not selectors.clues_for(user).filter(pk=clue.pk).exists():
            return redirect("office:cases:list")
        return redirect("office:cases:clue", pk=clue.pk)


class AttachmentView(OfficeView, ScopedObjectMixin, View):
    scope_selector = staticmethod(selectors.attachments_for)
    allowed_roles = access.READERS

    def get(self, request, pk):
        att = self.get_object()
        with transaction.atomic():  # every look at a clue's file is on the record
            services.common.audit(request.user, "clue.attachment_view", att.clue, attachment=att.pk)
        return FileResponse(att.file.open("rb"), as_attachment=True, filename=att.name)
