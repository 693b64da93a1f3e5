"""Back-office pages for power lists: lists in scope, one list with its differences from the
template, Excel export and import, adoption of the template, removal of an item."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from qingfeng.disclosure.spreadsheet import MAX_BYTES, SpreadsheetError
from qingfeng.office.mixins import OfficeView, ScopedObjectMixin
from qingfeng.orgs import selectors as orgs
from qingfeng.powers import selectors, services, sheets
from qingfeng.powers.forms import ItemForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class PowerListIndexView(OfficeView, View):
    def get(self, request):
        lists = selectors.lists_for(request.user).order_by("region__code")
        page = Paginator(lists, 50).get_page(request.GET.get("page"))
        for power_list in page:
            power_list.diff_count = len(selectors.differences(power_list))
        villages = orgs.regions_for(request.user).filter(level="village")
        missing = villages.exclude(power_list__isnull=False).count()
        return render(request, "powers/office_index.html", {"page": page, "missing": missing})


class PowerListDetailView(OfficeView, ScopedObjectMixin, View):
    scope_selector = staticmethod(selectors.lists_for)

    def get(self, request, pk, errors=None):
        power_list = self.get_object()
        items = list(power_list.items.all())
        context = {
            "power_list": power_list,
            "categories": selectors.grouped(items),
            "item_count": len(items),
            "differences": selectors.differences(power_list),
            "can_edit": services.can_edit(request.user, power_list),
            "errors": errors or [],
        }
        if power_list.is_template and request.user.role in services.LIST_EDITORS:
            context["adoptable"] = (
                orgs.regions_for(request.user)
                .filter(level="village", code__startswith=power_list.region.code[:6])
                .exclude(power_list__isnull=False)
                .select_related("parent")
            )
        return render(request, "powers/office_detail.html", context)


class PowerListExportView(OfficeView, ScopedObjectMixin, View):
    scope_selector = staticmethod(selectors.lists_for)

    def get(self, request, pk):
        power_list = self.get_object()
        data = sheets.export_list(power_list.items.all())
        response = HttpResponse(data, content_type=XLSX)
        name = f"power-list-{power_list.region.code}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class PowerListImportView(OfficeView, ScopedObjectMixin, View):
    """POST an .xlsx: every bad cell is listed, and nothing changes unless all are good."""

    allowed_roles = services.LIST_EDITORS | services.TEMPLATE_EDITORS
    scope_selector = staticmethod(selectors.lists_for)

    def post(self, request, pk):
        power_list = self.get_object()
        if not services.can_edit(request.user, power_list):
            messages.error(request, _("You may not change this power list."))
            return redirect("office:powers:detail", pk=power_list.pk)
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Choose an .xlsx file to import."))
            return redirect("office:powers:detail", pk=power_list.pk)
        try:
            items, errors = sheets.parse_workbook(upload.read(MAX_BYTES + 1))
        except SpreadsheetError as exc:
            errors = [str(exc)]
        if errors:
            view = PowerListDetailView(request=request, kwargs=self.kwargs)
            return view.get(request, pk, errors=[str(e) for e in errors])
        counts = services.list_import(actor=request.user, power_list=power_list, items=items)
        messages.success(
            request,
            _("Imported: %(added)d added, %(changed)d changed, %(removed)d removed.") % counts,
        )
        return redirect("office:powers:detail", pk=power_list.pk)


class PowerListAdoptView(OfficeView, ScopedObjectMixin, View):
    """POST on the county template with a village code: the village takes the template."""

    allowed_roles = services.LIST_EDITORS
    scope_selector = staticmethod(selectors.lists_for)

    def post(self, request, pk):
        template = self.get_object()
        village = orgs.regions_for(request.user).filter(code=request.POST.get("village")).first()
        if village is None:
            messages.error(request, _("Choose a village in your scope."))
            return redirect("office:powers:detail", pk=template.pk)
        try:
            adopted = services.list_adopt(actor=request.user, template=template, village=village)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
            return redirect("office:powers:detail", pk=template.pk)
        messages.success(
            request, _("%(village)s adopted the template.") % {"village": village.name}
        )
        return redirect("office:powers:detail", pk=adopted.pk)


class _ItemFormView(OfficeView, ScopedObjectMixin, View):
    """Shared by adding (on a list) and changing (an item): the form, then the service."""

    allowed_roles = services.LIST_EDITORS | services.TEMPLATE_EDITORS

    def target(self):  # (power_list, item or None)
        raise NotImplementedError

    def render_form(self, request, power_list, item, form):
        return render(
            request,
            "powers/office_item_form.html",
            {"power_list": power_list, "item": item, "form": form},
        )

    def get(self, request, pk):
        power_list, item = self.target()
        if not services.can_edit(request.user, power_list):
            raise PermissionDenied
        return self.render_form(request, power_list, item, ItemForm.for_item(item))

    def post(self, request, pk):
        power_list, item = self.target()
        if not services.can_edit(request.user, power_list):
            raise PermissionDenied
        form = ItemForm(request.POST)
        if form.is_valid():
            try:
                saved = services.item_save(
                    actor=request.user, power_list=power_list, data=form.cleaned_data, item=item
                )
            except ValidationError as exc:
                form.add_error("code", exc)
            else:
                messages.success(request, _("Saved %(name)s.") % {"name": saved.name})
                return redirect("office:powers:detail", pk=power_list.pk)
        return self.render_form(request, power_list, item, form)


class PowerItemCreateView(_ItemFormView):
    scope_selector = staticmethod(selectors.lists_for)

    def target(self):
        return self.get_object(), None


class PowerItemEditView(_ItemFormView):
    scope_selector = staticmethod(selectors.items_for)

    def target(self):
        item = self.get_object()
        return item.power_list, item


class PowerItemRemoveView(OfficeView, ScopedObjectMixin, View):
    allowed_roles = services.LIST_EDITORS | services.TEMPLATE_EDITORS
    scope_selector = staticmethod(selectors.items_for)

    def post(self, request, pk):
        item = self.get_object()
        if not services.can_edit(request.user, item.power_list):
            messages.error(request, _("You may not change this power list."))
            return redirect("office:powers:detail", pk=item.power_list_id)
        services.item_remove(actor=request.user, item=item)
        messages.success(request, _("Removed %(name)s.") % {"name": item.name})
        return redirect("office:powers:detail", pk=item.power_list_id)
