"""Public pages (report form, code, tracking) and the back office's walk-in entry, report
page, identity reveal and attachment download."""

from __future__ import annotations

import time

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_http_methods

from qingfeng.audit.services import audit_record_now
from qingfeng.core import pii, qr, ranges
from qingfeng.core.extensions import resolve_reference
from qingfeng.intake import codes, media, ratelimit, selectors, services, statuspage, tracking
from qingfeng.intake.forms import (
    FollowUpForm,
    RateForm,
    ReportForm,
    RevealForm,
    TrackForm,
    WalkInForm,
)
from qingfeng.ledger.views import LOGGERS, READERS
from qingfeng.office.mixins import OfficeView, ScopedObjectMixin
from qingfeng.orgs import selectors as orgs

NEW_CODE = "intake_new_code"
CODE_SHOWN_FOR = 600  # seconds between the report and the page that shows its code
TRACKED = "intake_tracked"
TRACK_MINUTES = 30
UPLOAD_FIELDS = ("photo", "audio", "video", "files")


def _village(code: str):
    region = orgs.region_by_code(code)
    if region is None or region.level != "village":
        raise Http404
    return region


def _uploads(request) -> list:
    return [f for name in UPLOAD_FIELDS for f in request.FILES.getlist(name)]


def _qr_svg(request, code: str) -> str:
    url = request.build_absolute_uri(reverse("intake:track")) + "#" + code
    return qr.svg_inline(url, scale=4, dark="#1f2933")


# --- public -----------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
def choose_village(request):
    """/report/: pick the township, then the village (works without JavaScript)."""
    township = None
    code = request.GET.get("township", "")
    if code:
        township = orgs.region_by_code(code)
        if township is None or township.level != "township":
            raise Http404
    return render(
        request,
        "intake/choose.html",
        {
            "townships": orgs.public_townships(),
            "township": township,
            "villages": orgs.public_villages(township) if township else None,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def report(request, code: str):
    village = _village(code)
    about = (request.POST.get("about") or request.GET.get("about") or "")[:64]
    reference = resolve_reference(about) if about else None
    if reference is None:
        about = ""
    form = ReportForm(
        request.POST or None,
        initial={"about": about},
        has_files=bool(_uploads(request)),
        has_recording=bool(request.FILES.getlist("audio") or request.FILES.getlist("video")),
    )
    upload_errors: list[str] = []
    if request.method == "POST":
        if not ratelimit.allow_submit(request):
            return render(request, "intake/limited.html", status=429)
        files = []
        try:
            files = media.clean_uploads(_uploads(request))
        except ValidationError as exc:
            upload_errors = exc.messages
        if form.is_valid() and not upload_errors:
            data = form.cleaned_data
            named = data["identity"] == "named"
            try:
                _report, code_value = services.report_submit(
                    village=village,
                    kind=data["kind"],
                    description=data["description"],
                    subject_text=data["subject_text"],
                    subject_level=data["subject_level"],
                    anonymous=not named,
                    name=data["name"] if named else "",
                    phone=data["phone"] if named else "",
                    about=about,
                    files=files,
                    decided_by=data["decided_by"],
                    decision=data["decision"],
                )
            except ValidationError as exc:
                upload_errors = exc.messages
            else:
                # Sealed with the PII key: the session store never holds the code in clear.
                request.session[NEW_CODE] = {"sealed": pii.encrypt(code_value), "at": time.time()}
                return redirect("intake:done")
    return render(
        request,
        "intake/report.html",
        {
            "village": village,
            "form": form,
            "reference": reference,
            "upload_errors": upload_errors,
            "caps": {k: v // media.MB for k, v in media.CAPS.items()},
            "max_files": media.MAX_FILES,
        },
        status=400 if upload_errors or form.errors else 200,
    )


@require_http_methods(["GET"])  # not HEAD: a link checker would use up the code shown once
def done(request):
    """The code, shown once: it is popped from the session and stored nowhere in clear."""
    stored = request.session.pop(NEW_CODE, None)
    code = None
    if isinstance(stored, dict) and time.time() - stored.get("at", 0) <= CODE_SHOWN_FOR:
        code = pii.decrypt(stored["sealed"])
    if not code:
        return redirect("intake:track")
    report = services.report_by_code(code)
    problem = report.problem if report else None
    response = render(
        request,
        "intake/done.html",
        {
            "code": code,
            "groups": codes.grouped(code).split(),
            "qr_svg": _qr_svg(request, code),
            "report": report,
            "problem": problem,
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def track(request):
    form = TrackForm(request.POST or None)
    locked = ratelimit.track_locked(request)
    if request.method == "POST" and not locked and form.is_valid():
        found = services.report_ids_by_code(form.cleaned_data["code"])
        if found is None:
            ratelimit.track_failed(request)
            locked = ratelimit.track_locked(request)
            form.add_error("code", _("No report has this code. Check the 16 digits."))
        else:
            report_pk, problem_pk = found
            request.session[TRACKED] = {"pk": report_pk, "problem": problem_pk, "at": time.time()}
            return redirect("intake:status")
    return render(
        request,
        "intake/track.html",
        {"form": form, "locked": locked},
        # Only guesses are locked out: the page itself still opens (with the notice).
        status=429 if locked and request.method == "POST" else (400 if form.errors else 200),
    )


def _tracked(request) -> dict | None:
    """What the look-up left in the session (report and problem ids), within its time."""
    tracked = request.session.get(TRACKED) or {}
    if not tracked or time.time() - tracked.get("at", 0) > TRACK_MINUTES * 60:
        return None
    return tracked


def _leave(request):
    """Forget this code: gone from the server at once, not only from the phone's cookie. A
    session that held nothing else is deleted (and its cookie); a signed-in one is kept."""
    request.session.pop(TRACKED, None)
    if not request.session.keys():
        request.session.flush()
    return redirect("intake:track")


@require_http_methods(["GET", "POST"])
def status(request):
    tracked = _tracked(request)
    if tracked is None:
        return redirect("intake:track")
    keep, generation = statuspage.usable(request) and "problem" in tracked, 0
    if keep:
        html, generation = statuspage.kept(request, tracked["pk"], tracked["problem"])
        if html is not None:
            return _no_store(HttpResponse(html))
    report_obj = selectors.tracked_report(tracked["pk"], for_display=request.method != "POST")
    if report_obj is None:
        return redirect("intake:track")
    if tracked.get("problem") != report_obj.problem_id:  # joined an original, or an old session
        request.session[TRACKED] = {**tracked, "problem": report_obj.problem_id}
        keep = False
    rate_form, follow_form = RateForm(), FollowUpForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "leave":
            return _leave(request)
        try:
            if action == "rate":
                rate_form = RateForm(request.POST)
                if rate_form.is_valid():
                    services.report_rate(report=report_obj, rating=rate_form.cleaned_data["rating"])
                    messages.success(request, _("Thank you for your rating."))
                    return redirect("intake:status")
            elif action == "follow_up":
                follow_form = FollowUpForm(request.POST)
                if follow_form.is_valid():
                    services.report_follow_up(
                        report=report_obj, text=follow_form.cleaned_data["text"]
                    )
                    messages.success(request, _("Your message has been sent."))
                    return redirect("intake:status")
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("intake:status")
    steps, updates = tracking.steps_for(report_obj)
    response = render(
        request,
        "intake/status.html",
        {
            "report": report_obj,
            "problem": report_obj.problem,
            "steps": steps,
            "updates": updates,
            "can_rate": report_obj.problem.status in ("replied", "closed")
            and not report_obj.rating,
            "rate_form": rate_form,
            "follow_form": follow_form,
        },
    )
    if keep and response.status_code == 200:
        html = response.content.decode()
        statuspage.keep(request, report_obj.pk, report_obj.problem_id, generation, html)
    return _no_store(response)


def _no_store(response):
    response["Cache-Control"] = "no-store"  # a person's page: no shared or browser cache
    return response


# --- back office ------------------------------------------------------------------------------


class WalkInView(OfficeView, View):
    """接访: enter a walk-in report on a phone in under a minute and hand over the code."""

    allowed_roles = LOGGERS

    def get(self, request, form=None, upload_errors=()):
        form = form or WalkInForm(user=request.user)
        return render(
            request,
            "intake/walk_in.html",
            {"form": form, "upload_errors": upload_errors},
        )

    def post(self, request):
        form = WalkInForm(request.POST, user=request.user, has_files=bool(_uploads(request)))
        try:
            files = media.clean_uploads(_uploads(request))
        except ValidationError as exc:
            return self.get(request, form, exc.messages)
        if not form.is_valid():
            return self.get(request, form)
        data = form.cleaned_data
        named = data["identity"] == "named"
        report_obj, code = services.report_submit(
            village=data["village"],
            kind=data["kind"],
            description=data["description"],
            subject_text=data["subject_text"],
            subject_level=data["subject_level"],
            anonymous=not named,
            name=data["name"] if named else "",
            phone=data["phone"] if named else "",
            files=files,
            entered_by=request.user,
            decided_by=data["decided_by"],
            decision=data["decision"],
        )
        sms = data["send_sms"] and services.send_code_by_sms(
            actor=request.user, report=report_obj, code=code
        )
        response = render(
            request,
            "intake/walk_in_done.html",
            {
                "report": report_obj,
                "grouped": codes.grouped(code),
                "qr_svg": _qr_svg(request, code),
                "sms": sms,
            },
        )
        response["Cache-Control"] = "no-store"
        return response


class ReportDetailView(OfficeView, ScopedObjectMixin, View):
    allowed_roles = READERS
    scope_selector = staticmethod(selectors.reports_for)

    def get(self, request, pk, revealed=None, form=None):
        report_obj = self.get_object()
        return render(
            request,
            "intake/office_report.html",
            {
                "report": report_obj,
                "reference": resolve_reference(report_obj.about) if report_obj.about else None,
                "attachments": report_obj.attachments.all(),
                "can_reveal": request.user.role in services.IDENTITY_ROLES
                and not report_obj.anonymous,
                "revealed": revealed,
                "form": form or RevealForm(),
            },
        )


class ReportRevealView(OfficeView, ScopedObjectMixin, View):
    allowed_roles = services.IDENTITY_ROLES
    scope_selector = staticmethod(selectors.reports_for)

    def post(self, request, pk):
        report_obj = self.get_object()
        form = RevealForm(request.POST)
        detail = ReportDetailView(request=request, kwargs=self.kwargs)
        if not form.is_valid():
            return detail.get(request, pk, form=form)
        revealed = services.reporter_reveal(
            actor=request.user, report=report_obj, reason=form.cleaned_data["reason"]
        )
        return detail.get(request, pk, revealed=revealed)


class AttachmentView(OfficeView, ScopedObjectMixin, View):
    """Attachments are never public: served here, in scope, each look audited."""

    allowed_roles = READERS
    scope_selector = staticmethod(selectors.attachments_for)

    def get(self, request, pk):
        attachment = self.get_object()
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        thumb = request.GET.get("size") == "thumb" and attachment.kind == "image"
        # A player asks for byte ranges as it seeks: the look is audited once, at its start.
        if thumb or ranges.starts_a_look(request):
            audit_record_now(
                actor=request.user,
                action="intake.attachment.view",
                target=attachment,
                region_code=attachment.report.village.code,
            )
        if thumb:
            with handle:
                response = HttpResponse(media.thumbnail(handle), content_type="image/jpeg")
            response["Cache-Control"] = "private, no-store"
            return response
        response = ranges.file_response(request, handle, content_type=attachment.content_type)
        response["Cache-Control"] = "private, no-store"
        return response
