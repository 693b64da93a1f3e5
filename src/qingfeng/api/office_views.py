"""Office pages of the open API: clients (register, look, revoke) and their delivery log.
For the system administrator, within their scope."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from qingfeng.api import selectors, services
from qingfeng.api.forms import ClientForm
from qingfeng.office.feedback import attempt
from qingfeng.office.mixins import OfficeView, ScopedObjectMixin
from qingfeng.orgs.roles import USER_ADMINS


class ClientListView(OfficeView, View):
    allowed_roles = USER_ADMINS

    def get(self, request):
        clients = selectors.clients_for(request.user).prefetch_related(
            "scope_regions", "scope_zones"
        )
        return render(request, "api/clients.html", {"clients": clients})


class ClientCreateView(OfficeView, View):
    allowed_roles = USER_ADMINS

    def get(self, request):
        return render(request, "api/client_form.html", {"form": ClientForm(actor=request.user)})

    def post(self, request):
        form = ClientForm(request.POST, actor=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                client, token, secret = services.client_create(
                    actor=request.user,
                    name=data["name"],
                    org_unit=data["org_unit"],
                    scope_regions=list(data["scope_regions"]),
                    scope_zones=list(data["scope_zones"]),
                    permissions=data["permissions"],
                    expires_at=form.expires_at(),
                    webhook_url=data["webhook_url"],
                    rate_per_minute=data["rate_per_minute"],
                )
            except ValidationError as exc:
                for field, errors in getattr(exc, "error_dict", {None: exc.error_list}).items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                return render(
                    request,
                    "api/client_token.html",
                    {"client": client, "token": token, "secret": secret},
                )
        return render(request, "api/client_form.html", {"form": form})


class ClientMixin(OfficeView, ScopedObjectMixin):
    allowed_roles = USER_ADMINS
    scope_selector = staticmethod(selectors.clients_for)


class ClientDetailView(ClientMixin, View):
    def get(self, request, pk):
        client = self.get_object()
        page = Paginator(selectors.deliveries_of(client), 50).get_page(request.GET.get("page"))
        return render(request, "api/client.html", {"client": client, "page": page})


class ClientRevokeView(ClientMixin, View):
    def post(self, request, pk):
        client = self.get_object()
        if attempt(request, lambda: services.client_revoke(actor=request.user, client=client)):
            messages.success(request, _("The client's token no longer works."))
        return redirect("office:api:client", pk=client.pk)
