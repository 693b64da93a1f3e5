from decimal import Decimal

from qingfeng.screening.engine.rules import HitFacts, Rule
from qingfeng.screening.engine.rules._text import listing, money, span, total, who


def summarize(f: HitFacts) -> str:
    pays, standards = f.of("payments"), f.of("standards")
    top = max((Decimal(str(s["amount"])) for s in standards), default=Decimal(0))
    return (
        f"{who(pays)}领取的{listing(p['program'] for p in pays)}有{len(pays)}笔高于当期标准"
        f"（标准{money(top) if len(standards) == 1 else '见证据'}），"
        f"共发放{money(total(pays))}（{span(pays)}）。"
    )


RULE = Rule(
    new_records_matter=False,
    code="R06",
    title="超标准发放",
    description="发放金额高于该项目在发放日期适用的标准金额（标准时段重叠时按其中最高者）。",
    subject="领取人身份证号",
    increment="row",
    requires=("payments", "standards"),
    summarize=summarize,
)
