"""The village page's two entries: 我要反映 and 查询进度."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from qingfeng.core.extensions import VillageSection


def report_section(village) -> VillageSection:
    return VillageSection(
        title=_("Report a problem"),
        url=reverse("intake:village_report", kwargs={"code": village.code}),
        summary=_(
            "Tell us what is wrong, with photos, voice or video, under your name or anonymously. "
            "You get a tracking code."
        ),
        order=1,
    )


def track_section(village) -> VillageSection:
    return VillageSection(
        title=_("Track my report"),
        url=reverse("intake:track"),
        summary=_("Enter your 16-digit tracking code to see the progress and the reply."),
        order=2,
    )
