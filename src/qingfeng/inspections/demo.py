"""Demo monitors and inspections in 示范县, through the real services: a duty plan, an integrity
monitor in each village of two townships with their visits (some missed last month), one
training, one finished and one open cross-village round with findings in the ledger.
Deterministic from the seed; the orchestrator makes it idempotent."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from qingfeng.inspections import monitoring, services
from qingfeng.inspections.models import (
    ChecklistTemplate,
    DutyPlan,
    MonitorEvaluation,
    MonitorVisit,
    Round,
    VisitGroup,
)
from qingfeng.orgs import monitors
from qingfeng.orgs import selectors as orgs

FINDINGS = [
    ("三资台账", "集体资产租赁合同到期未续签，租金 2 年未收取。"),
    ("村务公开台账", "第三季度财务公开栏未更新，缺少工程项目支出明细。"),
    ("惠民资金", "耕地地力保护补贴发放名单与实际种植户不一致 3 户。"),
    ("工程项目", "村道硬化工程未按规定公开招标，合同价款未公示。"),
]
PLACES = ["村委会", "低保户家中", "项目工地", "老党员家中", "村民小组"]


def build(*, seed: int, county_code: str) -> dict:
    rng = random.Random(seed + 15)  # noqa: S311  (demo data, not secrets)
    admin = orgs.user_named("admin")
    townships = list(orgs.public_townships().filter(code__startswith=county_code[:6])[:2])
    if admin is None or len(townships) < 2:
        return {}
    county = monitors.county_of(county_code)
    today = timezone.localdate()
    monitoring.duty_save(
        actor=admin,
        county=county,
        visits_per_month=2,
        groups=[g for g in VisitGroup.values if g != VisitGroup.OTHER],
    )
    made = {"monitors": 0, "visits": 0, "rounds": 0, "findings": 0}
    start = dt.date(today.year - 1, 1, 1)
    for township in townships[:1]:  # one township's monitors keeps seed-demo fast
        for village in orgs.public_villages(township):
            residents = list(orgs.village_residents(village)[:40])
            if not residents:
                continue
            person = residents[rng.randrange(len(residents))]
            m = monitors.monitor_appoint(
                actor=admin, person=person, village=village, kind="integrity", term_start=start
            )
            made["monitors"] += 1
            # Visits in the last three months; about a third miss last month's plan.
            year, month = monitoring.previous_month(today)
            for back in range(3):
                first = dt.date(year, month, 1)
                n = 2 if back or rng.random() > 0.35 else rng.randrange(2)
                for k in range(n):
                    groups = [g for g in VisitGroup.values if g != VisitGroup.OTHER]
                    monitoring.visit_log(
                        actor=admin,
                        monitor=m,
                        visited_on=first + dt.timedelta(days=3 + 9 * k),
                        place=PLACES[rng.randrange(len(PLACES))],
                        group=groups[rng.randrange(len(groups))],
                        heard="群众反映情况总体正常。",
                        findings=[],
                    )
                    made["visits"] += 1
                year, month = monitoring.previous_month(first)
    first_township = townships[0]
    villages = list(orgs.public_villages(first_township))[:8]
    for n, (days_ago, closed) in enumerate([(150, True), (10, False)]):
        begins = today - dt.timedelta(days=days_ago)
        round_ = services.round_create(
            actor=admin,
            region=first_township,
            kind="cross",
            name=f"{begins.year}年第{n + 1}轮跨村交叉检查",
            starts_on=begins,
            ends_on=begins + dt.timedelta(days=30),
            villages=villages,
            plan="村级纪检委员交叉检查各村台账，发现问题当场登记，转入问题台账。",
        )
        services.round_assign(actor=admin, round_=round_)
        made["rounds"] += 1
        for k, check in enumerate(round_.assignments.all()[: 3 if closed else 2]):
            category, text = FINDINGS[(k + n) % len(FINDINGS)]
            if category in round_.checklist:
                services.finding_raise(
                    actor=admin, assignment=check, category=category, description=text
                )
                made["findings"] += 1
        if closed:
            services.round_close(actor=admin, round_=round_, on=begins + dt.timedelta(days=35))
    return made


def clear() -> None:
    MonitorEvaluation.objects.all().delete()
    MonitorVisit.objects.all().delete()
    Round.objects.all().delete()
    DutyPlan.objects.all().delete()
    ChecklistTemplate.objects.all().delete()
