"""The public mobile portal: choose a township, then a village; the village page.

Public pages show no personal data: posts and names of cadres as on the notice board,
office phones, never an ID number, a private phone or a subsidy recipient's full name."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from qingfeng.core.extensions import village_sections
from qingfeng.core.pagecache import cached_public_page
from qingfeng.orgs import selectors


@cached_public_page
@require_safe
def home(request):
    townships = selectors.public_townships()
    return render(request, "portal/home.html", {"townships": townships})


@cached_public_page
@require_safe
def township(request, code: str):
    region = selectors.region_by_code(code)
    if region is None or region.level != "township":
        raise Http404
    if region.code != code:
        return redirect("portal:township", code=region.code, permanent=True)
    villages = selectors.public_villages(region)
    return render(request, "portal/township.html", {"township": region, "villages": villages})


@cached_public_page
@require_safe
def village(request, code: str):
    region = selectors.region_by_code(code)
    if region is None or region.level != "village":
        raise Http404
    if region.code != code:  # an old code printed on an old poster still works
        return redirect("portal:village", code=region.code, permanent=True)
    return render(
        request,
        "portal/village.html",
        {
            "village": region,
            "township": region.parent,
            "posts": selectors.public_village_posts(region),
            "units": selectors.public_units_for(region),
            "sections": village_sections(region),
        },
    )
