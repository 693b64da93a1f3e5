from qingfeng.screening.engine.params import Param
from qingfeng.screening.engine.rules import HitFacts, Rule
from qingfeng.screening.engine.rules._text import day, link_note, listing, money, total, who

MEANS_TESTED = ("低保金", "特困供养金")


def summarize(f: HitFacts) -> str:
    pays, vehicles, companies = f.of("payments"), f.of("vehicles"), f.of("companies")
    owns = [f"车辆{v.get('plate') or ''}（{day(v.get('reg_date'))}登记）" for v in vehicles]
    owns += [
        f"{c.get('company_name') or '企业'}法定代表人（{day(c.get('founded_date'))}成立）"
        for c in companies
    ]
    return (
        f"{who(pays)}名下有{listing(owns)}，其后仍领取{listing(p['program'] for p in pays)}"
        f"{len(pays)}笔，共{money(total(pays))}"
        f"{link_note(vehicles + companies, {'领取人': pays})}。"
    )


RULE = Rule(
    new_records_matter=False,
    code="R07",
    title="有车有企领取低保特困",
    description="机动车登记在发放日或之前的车主，或成立在发放日或之前的企业的法定代表人，"
    "领取低保金、特困供养金。登记记录身份证号有差错时模糊匹配。",
    subject="领取人身份证号",
    increment="row",
    requires=("payments",),
    uses=("vehicles", "companies"),
    params=(Param("programs", tuple, MEANS_TESTED, "经济状况核查类项目"),),
    summarize=summarize,
)
