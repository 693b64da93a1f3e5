"""What disclosure adds to the shell: a menu entry, a village-page block, an inbox section of
late villages, the "disclosure" reference kind and the demo county's publications."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qingfeng.core import extensions as ext
from qingfeng.disclosure import demo, selectors
from qingfeng.disclosure.models import Batch
from qingfeng.orgs import selectors as orgs
from qingfeng.orgs.roles import ALL_ROLES, SUPERVISORS, Role


def village_section(village) -> ext.VillageSection:
    url = reverse("disclosure:list", kwargs={"code": village.code})
    latest = list(selectors.public_batches(village)[:4])
    if not latest:
        return ext.VillageSection(
            _("Village affairs disclosure"), url, _("Nothing published here yet."), order=20
        )
    lines = [
        ext.SectionLine(
            f"{timezone.localtime(b.published_at):%Y-%m-%d} {b.title}",
            reverse("disclosure:batch", kwargs={"code": village.code, "pk": b.pk}),
        )
        for b in latest
    ]
    summary = _("Finances, benefit payments, projects, assets and decisions, with their history.")
    return ext.VillageSection(_("Village affairs disclosure"), url, summary, lines, order=20)


def late_inbox(user) -> ext.InboxSection | None:
    if user.role not in SUPERVISORS | {Role.VILLAGE_SUPERVISOR}:
        return None
    villages = orgs.regions_for(user).filter(level="village").select_related("parent")
    late = selectors.late(villages, timezone.localdate())
    items = [
        {
            "title": f"{item.village.parent.name} {item.village.name} · {item.kind_label} "
            f"{item.period}",
            "detail": _("not published") if item.published is None else _("published late"),
            "url": reverse("office:disclosure:dashboard"),
        }
        for item in late[:20]
    ]
    return ext.InboxSection(
        _("Late disclosures"), items, _("Every village in your scope is on time."), 40
    )


def resolve_disclosure(key: str) -> ext.Reference | None:
    """ "<batch id>" for a publication, "<batch id>-<line>" for one of its lines."""
    batch_id, _sep, line = key.partition("-")
    if not batch_id.isdigit() or (line and not line.isdigit()):
        return None
    batch = Batch.objects.filter(pk=int(batch_id)).select_related("village").first()
    if batch is None:
        return None
    url = reverse("disclosure:batch", kwargs={"code": batch.village.code, "pk": batch.pk})
    title = f"{batch.village.name} · {batch.title}"
    if line:
        if not batch.rows.filter(line=int(line)).exists():
            return None
        page = (int(line) - 1) // 50 + 1
        url += (f"?page={page}" if page > 1 else "") + f"#line-{line}"
        title += " · " + _("line %(n)s") % {"n": line}
    return ext.Reference("disclosure", key, title, url)


def _demo_build(*, seed: int, county_code: str) -> dict:
    return demo.build(seed=seed, county_code=county_code)


def _demo_clear() -> None:
    from qingfeng.orgs.services import DEMO_COUNTY_CODE

    demo.clear(DEMO_COUNTY_CODE)


def register() -> None:
    ext.register_nav(
        ext.NavItem(
            gettext_lazy("Disclosure"), "office:disclosure:dashboard", ALL_ROLES, 31, ext.NAV_PUBLIC
        )
    )
    ext.register_village_section(village_section)
    ext.register_inbox(late_inbox)
    ext.register_reference("disclosure", resolve_disclosure)
    ext.register_demo_step(
        ext.DemoStep("disclosure", build=_demo_build, clear=_demo_clear, order=21)
    )
