"""Demo reports in 示范县 through the real intake path (the codes are not kept)."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from qingfeng.intake import services
from qingfeng.intake.models import Report
from qingfeng.orgs import selectors as orgs
from qingfeng.orgs.services import DEMO_COUNTY_CODE

TEXTS = [
    ("livelihood", "我家的低保金这个月没有发，问了村里说不清楚。"),
    ("accusation", "村主任把村里的工程给了自己的小舅子做，没有公开招标。"),
    ("suggestion", "希望村里的财务公开能写得更细一些，把每一笔支出都列出来。"),
    ("livelihood", "路灯坏了两个月了，晚上出门很不安全。"),
]


def build(*, seed: int, county_code: str) -> dict:
    rng = random.Random(seed + 7)  # noqa: S311  (demo data, not secrets)
    villages = []
    for township in orgs.public_townships().filter(code__startswith=county_code[:6]):
        villages.extend(orgs.public_villages(township))
    if not villages:
        return {}
    base = timezone.make_aware(dt.datetime(2026, 11, 2, 10, 0))
    for n in range(12):
        kind, text = TEXTS[n % len(TEXTS)]
        services.report_submit(
            village=villages[rng.randrange(len(villages))],
            kind=kind,
            description=text,
            anonymous=n % 3 != 0,
            name="王小明" if n % 3 == 0 else "",
            phone=f"1380000{n:04d}" if n % 3 == 0 else "",
            now=base + dt.timedelta(days=n, hours=rng.randrange(0, 8)),
        )
    return {"reports": 12}


def clear() -> None:
    Report.objects.filter(village__code__startswith=DEMO_COUNTY_CODE[:6]).delete()
