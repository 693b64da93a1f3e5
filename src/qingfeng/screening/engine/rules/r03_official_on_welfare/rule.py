from qingfeng.screening.engine.params import Param
from qingfeng.screening.engine.rules import HitFacts, Rule
from qingfeng.screening.engine.rules._text import link_note, listing, money, span, total, who

MEANS_TESTED = ("低保金", "特困供养金")


def summarize(f: HitFacts) -> str:
    pays, officials = f.of("payments"), f.of("officials")
    roles = listing(
        f"{o.get('unit') or ''}{o.get('position') or ''}（{o.get('category') or '类别不详'}）"
        for o in officials
    )
    return (
        f"{who(pays)}登记为{roles}，却领取{listing(p['program'] for p in pays)}"
        f"{len(pays)}笔，共{money(total(pays))}（{span(pays)}）"
        f"{link_note(officials, {'领取人': pays})}。"
    )


RULE = Rule(
    new_records_matter=False,
    code="R03",
    title="公职人员领取低保特困",
    description="公职人员名单（财政供养人员、村干部等任何类别）中的人领取低保金、特困供养金等"
    "经济状况核查类补贴。名单身份证号缺失或有差错时按姓名、出生日期、村模糊匹配。",
    subject="领取人身份证号",
    increment="id_no",
    increment_keys=(
        # only a payee linked to an official's record can be an official on welfare
        "SELECT DISTINCT n.id_no AS k FROM __qf_new_payments n "
        "JOIN links l ON l.person_id = n.id_no AND l.src = 'officials'"
    ),
    requires=("payments", "officials"),
    params=(Param("programs", tuple, MEANS_TESTED, "经济状况核查类项目"),),
    summarize=summarize,
)
