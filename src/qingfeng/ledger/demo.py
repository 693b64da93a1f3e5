"""Demo content for 示范县: problems from every source, visits, rectification, letters.
Deterministic from the seed; the orchestrator makes it idempotent."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from qingfeng.ledger import services
from qingfeng.ledger.models import Notification, Problem, Visit
from qingfeng.orgs import selectors as orgs
from qingfeng.orgs.services import DEMO_COUNTY_CODE

SAMPLES = [
    ("accusation", "村干部", "低保", "反映村主任将亲属违规纳入低保，家里有车还在领低保金。"),
    ("accusation", "村会计", "集体资金", "村集体鱼塘承包费去向不明，账目没有公开。"),
    ("livelihood", "", "道路", "村口道路坑洼积水，下雨天学生上学不便，希望尽快修补。"),
    ("livelihood", "", "饮水", "自来水断断续续，已经一个多星期，老人挑水困难。"),
    ("livelihood", "", "补贴", "高龄津贴连续两个月没有到账，不知道什么原因。"),
    ("suggestion", "", "村务公开", "建议村务公开栏按月更新，并把工程项目的合同金额写清楚。"),
    ("accusation", "镇干部", "工程", "镇里某干部插手村道硬化工程，指定亲戚承包。"),
    ("livelihood", "", "环境", "垃圾清运不及时，村东头垃圾点已经堆了很多天。"),
]
SOURCES = ["visit", "inspection", "screening", "audit", "assigned"]


def build(*, seed: int, county_code: str) -> dict:
    rng = random.Random(seed + 5)  # noqa: S311  (demo data, not secrets)
    villages = []
    for township in orgs.public_townships().filter(code__startswith=county_code[:6]):
        villages.extend(orgs.public_villages(township))
    if not villages:
        return {}
    base = timezone.make_aware(dt.datetime(2026, 10, 8, 9, 0))
    made = 0
    for n in range(40):
        village = villages[rng.randrange(len(villages))]
        kind, subject, category, text = SAMPLES[n % len(SAMPLES)]
        when = base + dt.timedelta(days=rng.randrange(0, 40), hours=rng.randrange(0, 8))
        problem = services.problem_create(
            actor=None,
            region=village,
            kind=kind,
            source=SOURCES[n % len(SOURCES)],
            title=text[:20],
            description=text,
            subject_text=subject,
            subject_level="township_cadre"
            if subject == "镇干部"
            else "village_cadre"
            if subject
            else "other",
            category=category,
            now=when,
        )
        made += 1
        step = n % 4
        if step >= 1:
            services.problem_accept(actor=None, problem=problem, now=when + dt.timedelta(days=1))
        if step >= 2:
            services.problem_reply(
                actor=None,
                problem=problem,
                reply="经核查，已责成村委会整改，并将结果在村务公开栏公示。",
                now=when + dt.timedelta(days=6),
            )
        if step == 3:
            services.problem_close(actor=None, problem=problem, now=when + dt.timedelta(days=8))
    services.check_deadlines(now=base + dt.timedelta(days=45))
    return {"problems": made}


def clear() -> None:
    Notification.objects.filter(problem__region__code__startswith=DEMO_COUNTY_CODE[:6]).delete()
    Visit.objects.filter(region__code__startswith=DEMO_COUNTY_CODE[:6]).delete()
    Problem.objects.filter(region__code__startswith=DEMO_COUNTY_CODE[:6]).delete()
