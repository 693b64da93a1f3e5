"""The place a statistic covers (county, zone, township, village), always inside the viewer's
scope (orgs.scope): `scope` is "" (everything the viewer sees), a 12-digit region code or
"zone-<id>". A place out of scope is unknown (Http404), whatever the URL."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from qingfeng.orgs import regions
from qingfeng.orgs import selectors as orgs
from qingfeng.orgs.scope import code_in_scope, scope_prefixes


@dataclass(frozen=True)
class Area:
    param: str
    name: str
    level: str  # "mine", "county", "zone", "township", "village"
    prefixes: tuple[str, ...]
    code: str = ""

    @property
    def compare_digits(self) -> int:
        """Compare the parts of this area: townships (9 digits) or villages (12)."""
        return 12 if self.level in ("township", "village") else 9


def resolve(user, value: str | None) -> Area:
    value = (value or "").strip()
    mine = scope_prefixes(user)
    if not value:
        name = _("All in my scope")
        if len(mine) == 1:  # one region: call it by its name
            only = orgs.regions_for(user).filter(code=mine[0].ljust(12, "0")).first()
            name = only.name if only else name
        return Area("", name, "mine", mine)
    if value.startswith("zone-") and value[5:].isdigit():
        zone = orgs.zones_for(user).filter(pk=int(value[5:])).first()
        if zone is None:
            raise Http404
        prefixes = tuple(
            sorted(
                regions.prefix_of(t.code)
                for t in zone.townships.all()
                if code_in_scope(user, t.code)
            )
        )
        return Area(value, zone.name, "zone", prefixes)
    region = orgs.regions_for(user).filter(code=value).first()
    if region is None:
        raise Http404
    return Area(value, region.name, region.level, (regions.prefix_of(region.code),), region.code)


def choices(user) -> dict[str, list[tuple[str, str]]]:
    """What the scope switcher offers: the county, zones, townships (villages are chosen from
    the comparison table and the risk list)."""
    places = orgs.regions_for(user).exclude(level="village").order_by("code")
    return {
        "regions": [(r.code, r.name) for r in places],
        "zones": [(f"zone-{z.pk}", z.name) for z in orgs.zones_for(user)],
    }


def names(user, codes) -> dict[str, str]:
    """Names of regions in scope by code (padded to 12 digits for 9-digit township prefixes)."""
    full = {c: c.ljust(12, "0") for c in codes}
    found = dict(
        orgs.regions_for(user).filter(code__in=set(full.values())).values_list("code", "name")
    )
    return {c: found.get(f, c) for c, f in full.items()}


def parts(user, area: Area) -> dict[str, str]:
    """The places an area is compared by: {9- or 12-digit prefix: name}, in the viewer's scope."""
    level = "village" if area.compare_digits == 12 else "township"
    q = Q()
    for prefix in area.prefixes:
        q |= Q(code__startswith=prefix)
    rows = orgs.regions_for(user).filter(q, level=level).values_list("code", "name")
    return {code[: area.compare_digits]: name for code, name in rows} if area.prefixes else {}
