"""Demo monitors and inspections in 示范县, through the real services: a duty plan, an integrity
monitor in each village of two townships with their visits (some missed last month), one
training, one finished and one open cross-village round with findings in the ledger.
Deterministic from the seed; the orchestrator makes it idempotent."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from qingfeng.inspections import monitoring, projects, services
from qingfeng.inspections.models import (
    Cadence,
    ChecklistTemplate,
    DutyPlan,
    MonitorEvaluation,
    MonitorVisit,
    Round,
    SupervisionProject,
    VisitGroup,
)
from qingfeng.orgs import monitors
from qingfeng.orgs import selectors as orgs
from qingfeng.orgs.services import region_set_supervision

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
            # Visits in the last two months; about a third miss last month's plan.
            year, month = monitoring.previous_month(today)
            for back in range(2):
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
    made.update(_projects(admin, county, townships, today))
    return made


def _projects(admin, county, townships, today) -> dict:
    villages = list(orgs.public_villages(townships[1]))[:4]
    closed = projects.project_create(
        actor=admin,
        region=county,
        kind="project",
        title="农村集体“三资”立项监督",
        survey="摸底发现部分村集体资产台账不全、租赁合同到期未续。",
        scope="第二个镇 4 个村；农业农村局；集体资产租赁",
        method="查阅台账、实地核查、走访群众",
        villages=villages,
    )
    task = projects.task_add(
        actor=admin,
        project=closed,
        title="清查集体资产台账",
        owner="农业农村局",
        started_on=today - dt.timedelta(days=120),
    )
    projects.task_done(actor=admin, task=task, on=today - dt.timedelta(days=100))
    projects.report_add(
        actor=admin,
        project=closed,
        text="4 个村台账全部清查，补登资产 37 项。",
        on=today - dt.timedelta(days=95),
    )
    projects.finding_add(
        actor=admin,
        project=closed,
        village=villages[0],
        description="集体鱼塘租赁合同到期 2 年未续签，租金未收取。",
    )
    projects.project_close(
        actor=admin,
        project=closed,
        on=today - dt.timedelta(days=60),
        evaluation="完成清查，追缴租金 4.2 万元，建立合同到期提醒。",
    )
    running = projects.project_create(
        actor=admin,
        region=county,
        kind="special",
        title="惠民惠农补贴专项监督",
        survey="群众反映补贴发放名单与实际不符。",
        scope="全县；民政局、农业农村局",
        method="数据比对、入户核实",
    )
    projects.task_add(
        actor=admin,
        project=running,
        title="比对补贴发放名单",
        owner="民政局",
        started_on=today - dt.timedelta(days=45),
    )
    projects.task_add(
        actor=admin,
        project=running,
        title="入户核实疑点",
        owner="各乡镇纪委",
        started_on=today - dt.timedelta(days=5),
    )
    village = villages[1]
    region_set_supervision(
        actor=admin,
        region=village,
        elevated=True,
        reason="信访举报集中，村务管理混乱",
        risk_tags=[],
    )
    cadence = projects.cadence_set(
        actor=admin, village=village, every="week", since=today - dt.timedelta(days=35)
    )
    for weeks_ago in (4, 3, 1):
        projects.check_in(
            actor=admin,
            cadence=cadence,
            note="调度整改进度，核查村务公开。",
            on=today - dt.timedelta(days=7 * weeks_ago),
        )
    return {"projects": 2, "elevated": 1}


def clear() -> None:
    Cadence.objects.all().delete()
    SupervisionProject.objects.all().delete()
    MonitorEvaluation.objects.all().delete()
    MonitorVisit.objects.all().delete()
    Round.objects.all().delete()
    DutyPlan.objects.all().delete()
    ChecklistTemplate.objects.all().delete()
