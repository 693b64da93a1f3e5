"""What powers adds to the shell: a menu entry, a block on the village page, the "power"
reference kind and the demo county's template and village lists."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qingfeng.core import extensions as ext
from qingfeng.orgs import selectors as orgs
from qingfeng.orgs.roles import ALL_ROLES
from qingfeng.powers import selectors, services
from qingfeng.powers.models import PowerItem, PowerList


def village_section(village) -> ext.VillageSection:
    power_list = PowerList.objects.filter(region=village).first()
    url = reverse("powers:list", kwargs={"code": village.code})
    if power_list is None:
        return ext.VillageSection(
            _("Micro-power list"),
            url,
            _("This village has not published its power list yet."),
            order=10,
        )
    # The same grouping as the list page, so the n-th anchor there is the n-th category here.
    seen = [c.name for c in selectors.grouped(power_list.items.order_by("position"))]
    count = power_list.items.count()
    summary = _(
        "%(n)d items in %(c)d categories, each with its steps, time limits and risk points."
    ) % {
        "n": count,
        "c": len(seen),
    }
    lines = [ext.SectionLine(name, f"{url}#cat-{n}") for n, name in enumerate(seen, 1)]
    return ext.VillageSection(_("Micro-power list"), url, summary, lines, order=10)


def resolve_power(key: str) -> ext.Reference | None:
    if not key.isdigit():
        return None
    item = PowerItem.objects.filter(pk=int(key)).select_related("power_list__region").first()
    if item is None or item.power_list.region.level != "village":
        return None
    village = item.power_list.region
    return ext.Reference(
        "power",
        key,
        f"{village.name} · {_('Micro-power list')} · {item.name}",
        reverse("powers:item", kwargs={"code": village.code, "pk": item.pk}),
    )


def demo_build(*, seed: int, county_code: str) -> dict:
    county = orgs.region_by_code(county_code)
    villages = list(orgs.villages_under(county_code))
    return services.demo_build(county=county, villages=villages)


def register() -> None:
    ext.register_nav(
        ext.NavItem(
            gettext_lazy("Power lists"), "office:powers:index", ALL_ROLES, 30, ext.NAV_PUBLIC
        )
    )
    ext.register_village_section(village_section)
    ext.register_reference("power", resolve_power)
    ext.register_demo_step(
        ext.DemoStep(
            "powers",
            build=demo_build,
            clear=lambda: services.demo_clear(orgs_demo_code()),
            order=20,
        )
    )
    ext.register_county_step(
        ext.CountyStep(
            "powers",
            on_county=services.county_template_load,
            on_villages=services.villages_adopt_template,
        )
    )


def orgs_demo_code() -> str:
    from qingfeng.orgs.services import DEMO_COUNTY_CODE

    return DEMO_COUNTY_CODE
