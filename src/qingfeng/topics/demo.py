"""Demo 点题整治 in 示范县 through the real services: residents' and officials' proposals,
four adopted topics (one closed with its evaluation, one late in reporting), a candidate
waiting for the decision, quarterly reports and ratings. Deterministic from the seed; the
orchestrator makes it idempotent."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.utils import timezone

from qingfeng.orgs import selectors as orgs
from qingfeng.orgs.services import DEMO_COUNTY_CODE
from qingfeng.topics import services, voter
from qingfeng.topics.models import Proposal, Topic


@dataclass
class Spec:
    category: str
    department: str  # the end of the unit's name
    title: str
    problem: str
    goal: str
    proposals: list[tuple[str, str]]
    adopted: dt.date | None
    period: tuple[dt.date, dt.date] | None = None
    whole_county: bool = False
    updates: list[tuple[dt.date, str, int | None, int | None]] = field(default_factory=list)
    closed: tuple[dt.date, str] | None = None
    ratings: int = 0


def _d(y, m, d) -> dt.date:
    return dt.date(y, m, d)


SPECS = [
    Spec(
        "water",
        "住房和城乡建设局",
        "农村饮水时断时续",
        "部分山区村自来水夏季经常停水，管网老化漏损严重，群众反映多年未解决。",
        "完成 12 个村的管网改造，保障旱季每日供水不少于 12 小时。",
        [
            ("自来水经常停", "夏天一停就是好几天，老人只能去山脚挑水。"),
            ("水管漏水没人修", "村里主水管漏了半年，报给村里说没钱修。"),
        ],
        _d(2025, 3, 3),
        (_d(2025, 1, 1), _d(2025, 12, 31)),
        updates=[
            (_d(2025, 5, 30), "完成 5 个村管网排查，更换漏损主管 3.2 公里。", 5, None),
            (_d(2025, 8, 28), "新建蓄水池 2 座，旱季供水时长恢复到每日 14 小时。", 9, 1),
            (_d(2025, 11, 26), "12 个村管网改造全部完工并通过验收。", 12, 1),
        ],
        closed=(
            _d(2026, 1, 15),
            "全年一评估：12 个村管网改造全部完成，旱季供水达标；建立供水管护长效机制 1 项。",
        ),
        ratings=14,
    ),
    Spec(
        "elderly",
        "民政局",
        "高龄津贴漏发、迟发",
        "部分 80 岁以上老人高龄津贴未按月到账，新满 80 岁的老人申领周期长。",
        "年底前全面排查漏发、错发，新满 80 岁老人做到次月自动发放。",
        [
            ("高龄津贴两个月没到账", "我父亲 82 岁，高龄津贴连续两个月没有收到。"),
            ("满 80 岁后津贴申请太慢", "老人满了 80 岁，跑了三趟还没批下来。"),
            ("津贴发放名单不公开", "希望把高龄津贴发放名单按月公示。"),
        ],
        _d(2026, 4, 10),
        (_d(2026, 1, 1), _d(2026, 12, 31)),
        whole_county=True,
        updates=[
            (_d(2026, 6, 28), "比对户籍与发放名单，发现漏发 37 人，已全部补发。", 37, None),
            (
                _d(2026, 9, 26),
                "与公安户籍数据按月比对，实现满 80 岁次月自动发放；修订发放办法。",
                52,
                1,
            ),
        ],
        ratings=18,
    ),
    Spec(
        "farm_subsidies",
        "农业农村局",
        "耕地地力保护补贴发放不透明",
        "部分村耕地地力保护补贴面积核定不公开，存在多报、漏报面积的反映。",
        "核定面积逐户公示，补贴资金一卡通发放到户，群众可在村务公开栏查询。",
        [
            ("种粮补贴面积不对", "我家承包地 6 亩，补贴只按 4 亩发。"),
            ("补贴名单没公示", "村里从来没公示过补贴面积和名单。"),
        ],
        _d(2026, 3, 16),
        (_d(2026, 1, 1), _d(2026, 12, 31)),
        updates=[
            (_d(2026, 5, 20), "完成 2 个乡镇补贴面积复核，纠正面积核定错误 21 户。", 21, None)
        ],
        ratings=9,
    ),
    Spec(
        "social_security",
        "人力资源和社会保障局",
        "养老保险待遇资格认证难",
        "行动不便的老人每年需到镇里认证领取养老金资格，往返不便。",
        "推行上门认证和手机认证，本季度内实现行动不便老人认证不出村。",
        [
            ("老人认证要跑镇里", "我母亲瘫痪在床，每年认证都要抬到镇上去。"),
            ("手机认证不会用", "希望村里有人帮老人做养老金认证。"),
        ],
        _d(2026, 10, 9),
        (_d(2026, 10, 1), _d(2026, 12, 31)),
        updates=[(_d(2026, 11, 12), "组织上门认证 126 人次，培训村级代办员 30 名。", 12, None)],
        ratings=6,
    ),
    Spec(
        "education",
        "",
        "农村学生上下学交通安全",
        "部分偏远村学生上下学乘坐无资质车辆。",
        "",
        [
            ("孩子坐黑车上学", "村里没有校车，孩子每天坐三轮车上学，很不安全。"),
            ("希望开通校车", "建议教育部门给我们村开通校车。"),
        ],
        None,
    ),
]
NEW_PROPOSALS = [
    ("roads", "村道坑洼多年没修", "通往镇上的村道坑坑洼洼，下雨天电动车经常摔倒。"),
    ("medical", "村卫生室经常没人", "村卫生室医生一周只来两天，看病要去镇上。"),
    ("collective_assets", "村集体山林承包不公开", "村里的山林承包给谁、多少钱，从来没公开过。"),
    ("housing", "危房改造补助迟迟不到", "去年批的危房改造补助，到现在还没拿到。"),
]
DECLINED = [
    (
        "other",
        "希望镇上多建一个广场",
        "镇上缺少跳广场舞的地方。",
        "不属于纪检监察机关点题整治范围，已转镇政府研究。",
    ),
    (
        "other",
        "邻居占用我家宅基地",
        "邻居建房占了我家半米宅基地，村里调解不成。",
        "属于个人之间的民事纠纷，不列为点题整治题目；已告知可申请人民调解或向法院起诉。",
    ),
]
LAST_DAY = dt.date(2026, 11, 20)  # nothing in the demo happens after this day
RATING_WEIGHTS = [("satisfied", 6), ("basically", 3), ("unsatisfied", 1)]


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, 0))


def build(*, seed: int, county_code: str) -> dict:
    rng = random.Random(seed + 11)  # noqa: S311  (demo data, not secrets)
    leader = orgs.user_named("leader1")
    stationed = orgs.user_named("stationed1")
    villages = list(orgs.villages_under(county_code).order_by("code"))
    if leader is None or stationed is None or not villages:
        return {}
    townships = list(orgs.public_townships().filter(code__startswith=county_code[:6]))
    units = {u.name: u for u in orgs.units_at(county_code, ["department"])}
    counts = {"proposals": 0, "topics": 0, "updates": 0, "ratings": 0}
    rated = 0
    for n, spec in enumerate(SPECS):
        start = spec.adopted or _d(2026, 11, 10)
        topic, proposal_villages = None, []
        for k, (title, text) in enumerate(spec.proposals):
            village = villages[rng.randrange(len(villages))]
            proposal_villages.append(village)
            proposal = services.proposal_submit(
                village=village,
                category=spec.category,
                title=title,
                description=text,
                phone=f"1390000{n:02d}{k:02d}" if k == 0 else "",
                now=_at(start - dt.timedelta(days=30 - 5 * k), 9 + k),
            )
            counts["proposals"] += 1
            topic = services.proposal_merge(
                actor=leader, proposal=proposal, topic=topic, now=_at(start - dt.timedelta(days=7))
            )
        counts["topics"] += 1
        if spec.adopted is None:
            continue
        unit = next(u for name, u in units.items() if name.endswith(spec.department))
        if spec.whole_county:
            regions = []
        elif spec.category == "farm_subsidies":
            regions = townships[:2]
        else:
            regions = proposal_villages
        topic = services.topic_adopt(
            actor=leader,
            topic=topic,
            title=spec.title,
            problem=spec.problem,
            goal=spec.goal,
            lead_unit=unit,
            period_start=spec.period[0],
            period_end=spec.period[1],
            regions=regions,
            now=_at(spec.adopted, 15),
        )
        staff = orgs.unit_members(unit).order_by("username").first()
        for on, text, resolved, rules_made in spec.updates:
            services.topic_report(
                actor=staff,
                topic=topic,
                text=text,
                on=on,
                resolved_count=resolved,
                rules_count=rules_made,
                now=_at(on, 16),
            )
            counts["updates"] += 1
        if spec.closed:
            services.topic_close(
                actor=leader, topic=topic, summary=spec.closed[1], now=_at(spec.closed[0])
            )
        for _k in range(spec.ratings):
            rated += 1
            rating = rng.choices([r for r, _w in RATING_WEIGHTS], [w for _r, w in RATING_WEIGHTS])[
                0
            ]
            services.topic_rate(
                topic=topic,
                rating=rating,
                voter=voter.voter_key(f"demo{seed:08d}{rated:020d}"),
                now=_at(min(spec.updates[-1][0] + dt.timedelta(days=1 + rated % 8), LAST_DAY)),
            )
            counts["ratings"] += 1
    services.proposal_create(
        actor=stationed,
        region=townships[0],
        category="elderly",
        title="养老服务补贴发放对象核查",
        description="派驻组日常监督发现，养老服务补贴发放对象中有已去世人员，建议列题整治。",
        now=_at(_d(2026, 11, 6)),
    )
    counts["proposals"] += 1
    for k, (category, title, text) in enumerate(NEW_PROPOSALS):
        services.proposal_submit(
            village=villages[rng.randrange(len(villages))],
            category=category,
            title=title,
            description=text,
            now=_at(_d(2026, 11, 12 + k), 20),
        )
        counts["proposals"] += 1
    for k, (category, title, text, reason) in enumerate(DECLINED):
        proposal = services.proposal_submit(
            village=villages[rng.randrange(len(villages))],
            category=category,
            title=title,
            description=text,
            now=_at(_d(2026, 10, 20 + k), 19),
        )
        services.proposal_decline(
            actor=leader, proposal=proposal, reason=reason, now=_at(_d(2026, 10, 28))
        )
        counts["proposals"] += 1
    return counts


def clear() -> None:
    prefix = DEMO_COUNTY_CODE[:6]
    Proposal.objects.filter(region__code__startswith=prefix).delete()
    Topic.objects.filter(county__code__startswith=prefix).delete()
