"""重点村: the ranked village risk list, one village's score parts with the records behind
them, and raising a village to 提级监督 (orgs.services.region_set_supervision)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from qingfeng.disclosure import figures as disclosure
from qingfeng.insights import access, areas, geojson, risk, selectors, services
from qingfeng.insights.views import period_choices, read_params
from qingfeng.ledger import figures as ledger
from qingfeng.office.feedback import attempt
from qingfeng.office.mixins import OfficeView, ScopedObjectMixin
from qingfeng.orgs import selectors as orgs
from qingfeng.orgs import services as orgs_services
from qingfeng.orgs.regions import prefix_of
from qingfeng.screening import figures as screening


def villages_for(user):
    return orgs.regions_for(user).filter(level="village")


class RiskListView(OfficeView, View):
    allowed_roles = access.READERS

    def get(self, request):
        area, period = read_params(request)
        ranked = risk.scores(request.user, area.prefixes, period)
        start, _end = risk.window(period)
        return render(
            request,
            "insights/risk.html",
            {
                "area": area,
                "period": period,
                "ranked": ranked,
                "parts": risk.PARTS,
                "window_first": start.date(),
                "window_last": period.last,
                "places": areas.choices(request.user),
                "period_choices": period_choices(period),
            },
        )


class VillageRiskView(OfficeView, ScopedObjectMixin, View):
    allowed_roles = access.READERS
    scope_selector = villages_for
    lookup = "code"

    def context(self, request, village):
        _area, period = read_params(request)
        score = risk.scores(request.user, (prefix_of(village.code),), period)[0]
        start, end = risk.window(period)
        code = village.code
        return {
            "village": village,
            "period": period,
            "area": _area,
            "score": score,
            "window_first": start.date(),
            "problems": ledger.village_records(request.user, code, start, end)[:100],
            "hits": screening.confirmed_hits(request.user, (code,), start, end)[:100],
            "tasks": ledger.unrectified_tasks(request.user, code)[:100],
            "late_batches": disclosure.late_batches(request.user, code, start, end)[:100],
            "tags": village.risk_tags.all(),
            "can_elevate": request.user.role in access.ELEVATORS,
        }

    def get(self, request, code):
        village = self.get_object()
        return render(request, "insights/village.html", self.context(request, village))

    def post(self, request, code):
        village = self.get_object()
        if request.user.role not in access.ELEVATORS:
            raise PermissionDenied
        reason = request.POST.get("reason", "").strip()
        done = attempt(
            request,
            lambda: orgs_services.region_set_supervision(
                actor=request.user,
                region=village,
                elevated=True,
                reason=reason,
                risk_tags=list(village.risk_tags.all()),
            ),
        )
        if done:
            messages.success(
                request, _("%(name)s is now under elevated supervision.") % {"name": village.name}
            )
        return redirect(request.get_full_path())


BANDS = (20, 40, 60, 80)  # colour bands of the map, by share of the highest value


def band(value: float | None, top: float) -> int:
    if value is None or top <= 0:
        return 0
    share = 100.0 * value / top
    return 1 + sum(share > b for b in BANDS)


class MapView(OfficeView, View):
    """一图成像 without map tiles: townships as boxes, their villages as cells coloured by the
    chosen measure (the risk score or one of its parts)."""

    allowed_roles = access.READERS

    def get(self, request):
        area, period = read_params(request)
        metric = request.GET.get("metric", "score")
        keys = ["score"] + [p.key for p in risk.PARTS]
        if metric not in keys:
            metric = "score"
        ranked = risk.scores(request.user, area.prefixes, period)

        def measure(s):
            if metric == "score":
                return s.score
            return next(pv.value for pv in s.parts if pv.part.key == metric)

        top = max((measure(s) or 0 for s in ranked), default=0)
        towns: dict[str, dict] = {}
        for s in sorted(ranked, key=lambda s: s.code):
            town = towns.setdefault(s.code[:9], {"name": s.township, "cells": []})
            value = measure(s)
            town["cells"].append({"s": s, "value": value, "band": band(value, top)})
        labels = [("score", _("Risk score"))] + [(p.key, p.label) for p in risk.PARTS]
        paths, height = geojson.svg_paths(
            selectors.boundaries_for(request.user, [s.code for s in ranked])
        )
        shapes = [
            {"s": c["s"], "value": c["value"], "band": c["band"], "d": paths[c["s"].code]}
            for town in towns.values()
            for c in town["cells"]
            if c["s"].code in paths
        ]
        return render(
            request,
            "insights/map.html",
            {
                "area": area,
                "period": period,
                "towns": list(towns.values()),
                "metric": metric,
                "metric_label": dict(labels)[metric],
                "metrics": labels,
                "top": top,
                "shapes": shapes,
                "svg_height": round(height, 1),
                "can_upload": request.user.role in access.ELEVATORS,
                "places": areas.choices(request.user),
                "period_choices": period_choices(period),
            },
        )

    def post(self, request):
        upload = request.FILES.get("boundaries")
        if upload is None:
            messages.error(request, _("Choose a GeoJSON file."))
        elif attempt(
            request, lambda: services.boundaries_upload(actor=request.user, data=upload.read())
        ):
            messages.success(request, _("The village boundaries are saved."))
        return redirect("office:insights:map")
