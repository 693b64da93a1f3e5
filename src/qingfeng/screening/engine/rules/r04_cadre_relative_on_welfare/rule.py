from qingfeng.screening.engine.params import Param
from qingfeng.screening.engine.rules import HitFacts, Rule
from qingfeng.screening.engine.rules._text import link_note, listing, money, total, who

MEANS_TESTED = ("低保金", "特困供养金")


def summarize(f: HitFacts) -> str:
    pays, cadres = f.of("payments"), f.of("officials")
    tied = [*f.of("relatives"), *cadres, *f.of("residents")]
    relations = [r["relation"] for r in f.of("relatives") if r.get("relation")]
    if f.of("residents"):
        relations.append("同户")
    return (
        f"{who(pays)}是本村村干部{listing(c.get('name') for c in cadres)}"
        f"（{listing(c.get('position') for c in cadres)}）的亲属（{listing(relations)}），"
        f"领取{listing(p['program'] for p in pays)}{len(pays)}笔，共{money(total(pays))}，"
        f"疑似优亲厚友，需核查{link_note(tied, {'领取人': pays, '村干部': cadres})}。"
    )


RULE = Rule(
    new_records_matter=False,
    code="R04",
    title="村干部亲属领取低保特困",
    description="本村村干部的亲属（亲属关系表，或户籍同一户号）领取低保金、特困供养金（优亲厚友，"
    "供核查）。村干部本人领取见 R03。亲属身份证号有一两位差错时模糊匹配；村干部的记录缺身份证号或"
    "有一位差错（含亲属关系表中村干部的身份证号）时，按本村户籍人口匹配。",
    subject="领取人身份证号",
    increment="row",
    requires=("payments", "officials"),
    uses=("relatives", "residents"),
    params=(Param("programs", tuple, MEANS_TESTED, "经济状况核查类项目"),),
    summarize=summarize,
)
