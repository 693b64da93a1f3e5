"""What 大数据比对 adds to the shell: its menu entry and the "screening:<hit>" reference."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy

from qingfeng.core import extensions as ext
from qingfeng.screening.access import UPLOADERS


def resolve_hit(key: str) -> ext.Reference | None:
    """ "screening:42" -> the hit's office page (its title names the rule and village only)."""
    from qingfeng.screening.engine.rules import all_rules
    from qingfeng.screening.models import Hit

    if not key.isdigit():
        return None
    hit = Hit.objects.select_related("village").filter(pk=int(key)).first()
    if hit is None:
        return None
    rule = all_rules().get(hit.rule)
    title = f"{hit.rule} {rule.title if rule else ''}"
    if hit.village:
        title += f" · {hit.village.name}"
    return ext.Reference("screening", key, title, reverse("office:screening:hit", args=[hit.pk]))


def register() -> None:
    from qingfeng.exports import registry
    from qingfeng.screening import export

    registry.register(export.HITS)
    ext.register_nav(
        ext.NavItem(gettext_lazy("Data screening"), "office:screening:index", UPLOADERS, order=40)
    )
    ext.register_reference("screening", resolve_hit)
    from qingfeng.screening import demo

    ext.register_demo_step(
        ext.DemoStep("screening", build=demo.build_demo, clear=demo.clear_demo, order=60)
    )
