"""Back-office shell: sign-in, second factor, inbox, and the foundation's object pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django_htmx.http import HttpResponseClientRedirect
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from qingfeng.audit.selectors import audit_entries, audit_verify
from qingfeng.audit.services import audit_record
from qingfeng.core import qr
from qingfeng.core.extensions import inbox_sections as sections_for
from qingfeng.office import audit_labels
from qingfeng.office.forms import RevealForm, SupervisionForm, TokenForm, UserForm
from qingfeng.office.mixins import OfficeView, ScopedObjectMixin
from qingfeng.orgs import selectors, services
from qingfeng.orgs.roles import AUDIT_READERS, COUNTY_EDITORS, SUPERVISORS, USER_ADMINS, Role
from qingfeng.orgs.scope import in_scope


def _safe_next(request, default: str = "/office/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def _page(request, queryset, per_page: int = 50):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


class LoginView(auth_views.LoginView):
    template_name = "office/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    next_page = "office:login"


class OtpEnrolView(OfficeView, View):
    """First login of a county-level user: scan the QR, confirm one code."""

    def _device(self, request) -> TOTPDevice:
        device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
        return device or TOTPDevice.objects.create(
            user=request.user, name="default", confirmed=False
        )

    def get(self, request):
        if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
            return redirect("office:otp_verify")
        return self._render(request, TokenForm())

    def post(self, request):
        form = TokenForm(request.POST)
        device = self._device(request)
        if form.is_valid() and device.verify_token(form.cleaned_data["token"]):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                audit_record(actor=request.user, action="auth.totp_enrol", target=request.user)
            otp_login(request, device)
            messages.success(request, _("Two-step sign-in is set up."))
            return redirect(_safe_next(request))
        if form.is_valid():
            form.add_error("token", _("That code is not right. Check the time on your phone."))
        return self._render(request, form)

    def _render(self, request, form):
        device = self._device(request)
        secret = device.config_url.split("secret=")[1].split("&")[0]
        return render(
            request,
            "office/otp_enrol.html",
            {
                "form": form,
                "qr_svg": qr.svg_inline(device.config_url, scale=5),
                "secret": secret,
                "next": _safe_next(request),
            },
        )


class OtpVerifyView(OfficeView, View):
    def get(self, request):
        return render(
            request, "office/otp_verify.html", {"form": TokenForm(), "next": _safe_next(request)}
        )

    def post(self, request):
        form = TokenForm(request.POST)
        if form.is_valid():
            for device in TOTPDevice.objects.filter(user=request.user, confirmed=True):
                if device.verify_token(form.cleaned_data["token"]):
                    otp_login(request, device)
                    return redirect(_safe_next(request))
            form.add_error("token", _("That code is not right. Check the time on your phone."))
        return render(
            request, "office/otp_verify.html", {"form": form, "next": _safe_next(request)}
        )


class InboxView(OfficeView, View):
    def get(self, request):
        return render(request, "office/inbox.html", {"sections": sections_for(request.user)})


class RegionListView(OfficeView, View):
    def get(self, request):
        regions = selectors.regions_for(request.user).filter(level__in=["county", "township"])
        villages = selectors.regions_for(request.user).filter(level="village")
        if request.user.role == Role.VILLAGE_SUPERVISOR:
            regions = villages
        return render(
            request,
            "office/regions.html",
            {"regions": regions, "village_count": villages.count()},
        )


class RegionDetailView(OfficeView, ScopedObjectMixin, View):
    scope_selector = staticmethod(selectors.regions_for)
    lookup = "code"

    def get(self, request, code, form=None):
        region = self.get_object()
        can_edit = request.user.role in COUNTY_EDITORS
        if form is None and can_edit:
            form = SupervisionForm(
                initial={
                    "elevated": region.elevated_supervision,
                    "reason": region.elevated_reason,
                    "risk_tags": region.risk_tags.all(),
                }
            )
        children = in_scope(region.children.all(), request.user).prefetch_related("risk_tags")
        return render(
            request,
            "office/region.html",
            {
                "region": region,
                "children": children,
                "posts": region.positions.filter(until__isnull=True).select_related("person"),
                "units": in_scope(region.org_units.all(), request.user),
                "form": form if can_edit else None,
                "people_count": in_scope(region.people.all(), request.user).count()
                if region.level == "village"
                else None,
            },
        )

    def post(self, request, code):
        region = self.get_object()
        form = SupervisionForm(request.POST)
        if not form.is_valid():
            return self.get(request, code, form=form)
        try:
            services.region_set_supervision(
                actor=request.user,
                region=region,
                elevated=form.cleaned_data["elevated"],
                reason=form.cleaned_data["reason"],
                risk_tags=list(form.cleaned_data["risk_tags"]),
            )
        except ValidationError as exc:
            form.add_error("reason", exc.messages[0])
            return self.get(request, code, form=form)
        messages.success(request, _("Saved."))
        return redirect("office:region", code=region.code)


SEARCH_LIMIT = 100


class PersonListView(OfficeView, View):
    allowed_roles = SUPERVISORS | {Role.VILLAGE_SUPERVISOR}

    def get(self, request):
        people = selectors.people_for(request.user)
        return render(request, "office/people.html", {"page": _page(request, people)})

    def post(self, request):
        """Searches are POSTed so that an ID or phone number never lands in a URL or a log."""
        query = request.POST.get("q", "").strip()[:64]
        people = selectors.person_search(request.user, query)
        found = list(people[: SEARCH_LIMIT + 1])
        if len(found) == 1 and query:
            url = reverse("office:person", kwargs={"pk": found[0].pk})
            return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
        return render(
            request,
            "office/people.html",
            {"page": found[:SEARCH_LIMIT], "q": query, "more": len(found) > SEARCH_LIMIT},
        )


class PersonDetailView(OfficeView, ScopedObjectMixin, View):
    allowed_roles = SUPERVISORS | {Role.VILLAGE_SUPERVISOR}
    scope_selector = staticmethod(selectors.people_for)

    def get(self, request, pk, revealed=None, form=None):
        person = self.get_object()
        # Relatives outside the user's area are shown by kind only, without their name.
        pairs = selectors.relations_of(person)
        visible = set(
            selectors.people_for(request.user)
            .filter(pk__in=[other.pk for other, _kind in pairs])
            .values_list("pk", flat=True)
        )
        relations = [(other if other.pk in visible else None, kind) for other, kind in pairs]
        return render(
            request,
            "office/person.html",
            {
                "person": person,
                "relations": relations,
                "positions": person.positions.select_related("region"),
                "revealed": revealed,
                "can_reveal": request.user.role in SUPERVISORS,
                "form": form or RevealForm(),
            },
        )


class PersonRevealView(OfficeView, ScopedObjectMixin, View):
    """POST only: shows the full number once, and writes who looked and why."""

    allowed_roles = SUPERVISORS
    scope_selector = staticmethod(selectors.people_for)

    def post(self, request, pk):
        person = self.get_object()
        form = RevealForm(request.POST)
        if not form.is_valid():
            return PersonDetailView(request=request, kwargs=self.kwargs).get(request, pk, form=form)
        field = form.cleaned_data["field"]
        value = services.person_reveal(
            actor=request.user, person=person, field=field, reason=form.cleaned_data["reason"]
        )
        label = dict(form.fields["field"].choices)[field]
        view = PersonDetailView(request=request, kwargs=self.kwargs)
        return view.get(request, pk, revealed={"label": label, "value": value})


class ZoneListView(OfficeView, View):
    allowed_roles = SUPERVISORS

    def get(self, request):
        return render(request, "office/zones.html", {"zones": selectors.zones_for(request.user)})


class ZoneDetailView(OfficeView, ScopedObjectMixin, View):
    allowed_roles = SUPERVISORS
    scope_selector = staticmethod(selectors.zones_for)

    def get(self, request, pk):
        zone = self.get_object()
        townships = in_scope(zone.townships.all(), request.user)
        return render(request, "office/zone.html", {"zone": zone, "townships": townships})


class UnitListView(OfficeView, View):
    allowed_roles = SUPERVISORS

    def get(self, request):
        units = selectors.units_for(request.user, include_village_units=False)
        return render(request, "office/units.html", {"units": units})


class UserListView(OfficeView, View):
    allowed_roles = USER_ADMINS

    def get(self, request):
        users = selectors.users_for(request.user).prefetch_related("scope_regions", "scope_zones")
        return render(request, "office/users.html", {"page": _page(request, users)})


class UserDetailView(OfficeView, ScopedObjectMixin, View):
    allowed_roles = USER_ADMINS
    scope_selector = staticmethod(selectors.users_for)

    def get(self, request, pk):
        shown = self.get_object()
        enrolled = TOTPDevice.objects.filter(user=shown, confirmed=True).exists()
        return render(request, "office/user.html", {"shown": shown, "totp_enrolled": enrolled})


def _user_fields(data) -> dict:
    return {
        "role": data["role"],
        "display_name": data["display_name"],
        "org_unit": data["org_unit"],
        "scope_regions": list(data["scope_regions"]),
        "scope_zones": list(data["scope_zones"]),
    }


class PasswordChangeView(OfficeView, auth_views.PasswordChangeView):
    template_name = "office/password_change.html"
    success_url = reverse_lazy("office:inbox")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.user_password_changed(user=self.request.user)
        messages.success(self.request, _("Your password has been changed."))
        return response


class UserCreateView(OfficeView, View):
    allowed_roles = USER_ADMINS

    def get(self, request):
        form = UserForm(actor=request.user)
        return render(request, "office/user_form.html", {"form": form})

    def post(self, request):
        form = UserForm(request.POST, actor=request.user)
        if form.is_valid():
            try:
                user, password = services.user_create(
                    actor=request.user,
                    username=form.cleaned_data["username"],
                    **_user_fields(form.cleaned_data),
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                return render(
                    request, "office/user_password.html", {"shown": user, "password": password}
                )
        return render(request, "office/user_form.html", {"form": form})


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        form.add_error(None, exc)


class UserEditView(OfficeView, ScopedObjectMixin, View):
    allowed_roles = USER_ADMINS
    scope_selector = staticmethod(selectors.users_for)

    def get(self, request, pk):
        shown = self.get_object()
        form = UserForm(
            actor=request.user,
            editing=True,
            initial={
                "display_name": shown.display_name,
                "role": shown.role,
                "org_unit": shown.org_unit,
                "scope_regions": shown.scope_regions.all(),
                "scope_zones": shown.scope_zones.all(),
                "is_active": shown.is_active,
            },
        )
        return render(request, "office/user_form.html", {"form": form, "shown": shown})

    def post(self, request, pk):
        shown = self.get_object()
        form = UserForm(request.POST, actor=request.user, editing=True)
        if form.is_valid():
            try:
                services.user_update(
                    actor=request.user,
                    user=shown,
                    is_active=form.cleaned_data["is_active"],
                    **_user_fields(form.cleaned_data),
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("office:user", pk=shown.pk)
        return render(request, "office/user_form.html", {"form": form, "shown": shown})


class UserResetPasswordView(OfficeView, ScopedObjectMixin, View):
    allowed_roles = USER_ADMINS
    scope_selector = staticmethod(selectors.users_for)

    def post(self, request, pk):
        shown = self.get_object()
        password = services.user_reset_password(actor=request.user, user=shown)
        return render(request, "office/user_password.html", {"shown": shown, "password": password})


class UserResetTotpView(OfficeView, ScopedObjectMixin, View):
    allowed_roles = USER_ADMINS
    scope_selector = staticmethod(selectors.users_for)

    def post(self, request, pk):
        shown = self.get_object()
        services.user_reset_totp(actor=request.user, user=shown)
        messages.success(request, _("Two-step sign-in was reset: the user enrols again."))
        return redirect("office:user", pk=shown.pk)


class AuditListView(OfficeView, View):
    allowed_roles = AUDIT_READERS

    def get(self, request):
        entries = in_scope(audit_entries(), request.user).exclude(region_code="")
        if request.user.role == Role.ADMIN:
            entries = audit_entries()  # system-wide entries (logins, users) are the admin's
        result = audit_verify() if request.GET.get("verify") else None
        page = _page(request, entries)
        rows = [
            {
                "entry": e,
                "action": audit_labels.action_label(e.action),
                "actor": audit_labels.actor_label(e.actor_name),
                "target": audit_labels.target_label(e.target_type),
            }
            for e in page
        ]
        return render(request, "office/audit.html", {"page": page, "rows": rows, "result": result})
