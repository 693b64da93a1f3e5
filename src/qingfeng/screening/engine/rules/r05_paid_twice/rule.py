from qingfeng.screening.engine.rules import HitFacts, Rule
from qingfeng.screening.engine.rules._text import listing, money, total, who


def summarize(f: HitFacts) -> str:
    pays = f.of("payments")
    months = listing(p["pay_date"].strftime("%Y年%m月") for p in pays)
    villages = sorted({p["village_code"] for p in pays if p.get("village_code")})
    where = f"由{len(villages)}个村（{'、'.join(villages)}）" if len(villages) > 1 else ""
    return (
        f"{who(pays)}在{months}{where}重复领取{listing(p['program'] for p in pays)}，"
        f"涉及{len(pays)}笔，共{money(total(pays))}。"
    )


RULE = Rule(
    code="R05",
    title="重复领取",
    description="同一人同一项目同一自然月发放两次及以上，或同一自然月由两个及以上村发放。",
    subject="领取人身份证号",
    increment="id_no",
    requires=("payments",),
    summarize=summarize,
)
