"""Foundation inbox sections: villages that need closer watching, in the user's scope."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from qingfeng.core.extensions import InboxSection
from qingfeng.core.extensions import register_inbox as register
from qingfeng.orgs.selectors import regions_for


@register
def elevated_villages(user) -> InboxSection:
    villages = regions_for(user).filter(level="village", elevated_supervision=True)
    items = [
        {
            "title": v.name,
            "detail": v.elevated_reason,
            "url": reverse("office:region", kwargs={"code": v.code}),
        }
        for v in villages.select_related("parent")[:50]
    ]
    return InboxSection(
        _("Villages under elevated supervision"),
        items,
        _("No village is under elevated supervision."),
        50,
    )


@register
def risk_villages(user) -> InboxSection:
    villages = (
        regions_for(user)
        .filter(level="village", risk_tags__isnull=False)
        .distinct()
        .prefetch_related("risk_tags")
    )
    items = [
        {
            "title": v.name,
            "detail": "、".join(t.name for t in v.risk_tags.all()),
            "url": reverse("office:region", kwargs={"code": v.code}),
        }
        for v in villages[:50]
    ]
    return InboxSection(
        _("Villages with risk tags"), items, _("No village carries a risk tag."), 60
    )
