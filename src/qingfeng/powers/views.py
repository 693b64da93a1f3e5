"""Public pages of a village's power list: the list, an item with its flowchart, the QR code
and the notice-board poster. No JavaScript; cacheable by Last-Modified."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_safe

from qingfeng.core import qr
from qingfeng.core.pagecache import cached_public_page
from qingfeng.disclosure.links import report_url
from qingfeng.orgs import selectors as orgs
from qingfeng.powers import poster, selectors
from qingfeng.powers.models import PowerList

PUBLIC_MAX_AGE = 60


def _village(code: str):
    region = orgs.region_by_code(code)
    if region is None or region.level != "village":
        raise Http404
    return region


def _list_modified(request, code: str, **kwargs):
    return PowerList.objects.filter(region__code=code).values_list("updated_at", flat=True).first()


def _old_code(region, code: str, name: str, **kwargs):
    """An old code printed on an old poster still works: redirect to the current one."""
    if region.code != code:
        return redirect(f"powers:{name}", code=region.code, permanent=True, **kwargs)
    return None


@cached_public_page
@require_safe
@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
@condition(last_modified_func=_list_modified)
def power_list(request, code: str):
    village = _village(code)
    if moved := _old_code(village, code, "list"):
        return moved
    power_list = selectors.public_list(village)
    items = list(power_list.items.all()) if power_list else []
    return render(
        request,
        "powers/public_list.html",
        {
            "village": village,
            "township": village.parent,
            "power_list": power_list,
            "categories": selectors.grouped(items),
            "item_count": len(items),
            "report_url": f"/v/{village.code}/report/",
        },
    )


@require_safe
@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
@condition(last_modified_func=_list_modified)
def power_item(request, code: str, pk: str):
    village = _village(code)
    item = selectors.public_item(village, int(pk))
    if item is None:
        raise Http404
    steps = [
        {**step, "number": n, "risks": item.risks_at(n)}
        for n, step in enumerate(item.steps, start=1)
    ]
    return render(
        request,
        "powers/public_item.html",
        {
            "village": village,
            "township": village.parent,
            "item": item,
            "steps": steps,
            "general_risks": item.risks_at(0),
            "svg": selectors.item_svg(item),
            "report_url": report_url(village.code, "power", item.pk),
        },
    )


@require_safe
@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
@condition(last_modified_func=_list_modified)
def flow_svg(request, code: str, pk: str):
    village = _village(code)
    item = selectors.public_item(village, int(pk))
    if item is None:
        raise Http404
    return HttpResponse(selectors.item_svg(item), content_type="image/svg+xml; charset=utf-8")


def village_url(request, village) -> str:
    return request.build_absolute_uri(f"/v/{village.code}/")


@require_safe
@cache_control(public=True, max_age=3600)
def qr_svg(request, code: str):
    village = _village(code)
    svg = qr.svg_document(village_url(request, village), scale=6, border=2, title=village.name)
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


@require_safe
@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
@condition(last_modified_func=_list_modified)
def poster_pdf(request, code: str):
    village = _village(code)
    size = request.GET.get("size", "A4").upper()
    if size not in poster.SIZES:
        raise Http404
    power_list = selectors.public_list(village)
    items = list(power_list.items.all()) if power_list else []
    township = village.parent
    contacts = [
        f"{u.name} {u.public_phone}" for u in orgs.public_units_for(village) if u.public_phone
    ]
    pdf = poster.render(
        village=village,
        township_name=f"{township.parent.name if township.parent else ''} {township.name}",
        items=items,
        url=village_url(request, village),
        size=size,
        contacts=contacts,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="poster-{village.code}-{size}.pdf"'
    return response
