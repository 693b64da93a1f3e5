"""The public mobile portal: choose a township, then a village; the village page.

Public pages show no personal data: posts and names of cadres as on the notice board,
office phones, never an ID number, a private phone or a subsidy recipient's full name."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

from qingfeng.core.extensions import village_sections
from qingfeng.core.pagecache import cached_public_page
from qingfeng.orgs import selectors
from qingfeng.portal.context import ELDER_COOKIE

ELDER_COOKIE_DAYS = 400  # browsers cap cookies at about 400 days


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
    units = selectors.public_units_for(region)
    # 我要反映 and 查询进度 come first, as the two big entries (长辈模式 draws them as buttons)
    first = {
        reverse("intake:village_report", kwargs={"code": region.code}),
        reverse("intake:track"),
    }
    sections = village_sections(region)
    return render(
        request,
        "portal/village.html",
        {
            "village": region,
            "township": region.parent,
            "posts": selectors.public_village_posts(region),
            "units": units,
            "essentials": [s for s in sections if s.url in first],
            "sections": [s for s in sections if s.url not in first],
            "phone_unit": next((u for u in units if u.public_phone), None),
        },
    )


@require_safe
def elder(request):
    """Turn 长辈模式 on (?on=1) or off and go back to the page it was switched from: a plain
    link, so it works without JavaScript. Only a same-site `next` is followed."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("portal:home")
    response = HttpResponseRedirect(target)
    if request.GET.get("on") == "1":
        response.set_cookie(
            ELDER_COOKIE,
            "1",
            max_age=ELDER_COOKIE_DAYS * 86400,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
        )
    else:
        response.delete_cookie(ELDER_COOKIE, samesite="Lax")
    response["Cache-Control"] = "no-store"
    return response
