from decimal import Decimal

from qingfeng.screening.engine.params import Param
from qingfeng.screening.engine.rules import HitFacts, Rule
from qingfeng.screening.engine.rules._text import listing, money, span, total


def summarize(f: HitFacts) -> str:
    contracts = f.of("contracts")
    name = listing(c.get("contractor_name") for c in contracts)
    return (
        f"村{f.village_code}在{span(contracts, 'signed_date')}与{name}签订{len(contracts)}份合同"
        f"（{listing(c['contract_no'] for c in contracts)}），"
        f"每份低于{money(f.params['threshold'])}，"
        f"合计{money(total(contracts))}，均未公开招标，疑似拆分发包。"
    )


RULE = Rule(
    code="R08",
    title="拆分发包",
    description="同一村与同一承包方（按信用代码，缺失时按名称）在若干天内签订两份及以上合同，"
    "每份低于公开招标限额而合计达到限额，且都未公开招标。",
    subject="承包方信用代码（缺失时为名称）",
    requires=("contracts",),
    params=(
        Param("threshold", Decimal, Decimal(100000), "公开招标限额（元）"),
        Param("window_days", int, 90, "时间窗口（天）"),
    ),
    per_village=True,
    summarize=summarize,
)
