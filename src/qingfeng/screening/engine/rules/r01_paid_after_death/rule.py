from qingfeng.screening.engine.params import Param
from qingfeng.screening.engine.rules import HitFacts, Rule
from qingfeng.screening.engine.rules._text import day, link_note, listing, money, span, total, who


def summarize(f: HitFacts) -> str:
    pays, deaths = f.of("payments"), f.of("deaths")
    death = min((d["death_date"] for d in deaths), default=None)
    return (
        f"{who(pays)}于{day(death)}死亡，死亡{f.params['grace_days']}天后仍领取"
        f"{listing(p['program'] for p in pays)}{len(pays)}笔，共{money(total(pays))}"
        f"（{span(pays)}）{link_note(deaths, {'领取人': pays})}。"
    )


RULE = Rule(
    new_records_matter=False,
    code="R01",
    title="死亡后仍领取补贴",
    description="领取人死亡超过宽限天数后仍有发放记录（死亡冒领）。死亡记录按身份证号关联，"
    "身份证号缺失或有一两位差错时按姓名、出生日期、村模糊匹配。",
    subject="领取人身份证号",
    increment="row",
    requires=("payments", "deaths"),
    params=(Param("grace_days", int, 31, "死亡后宽限天数"),),
    summarize=summarize,
)
