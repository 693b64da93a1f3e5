from qingfeng.screening.engine.params import Param
from qingfeng.screening.engine.rules import HitFacts, Rule
from qingfeng.screening.engine.rules._text import listing, money, span, total, who


def summarize(f: HitFacts) -> str:
    pays = f.of("payments")
    return (
        f"{who(pays)}在{span(pays)}未满{f.params['min_age']}周岁，"
        f"却领取{listing(p['program'] for p in pays)}{len(pays)}笔，共{money(total(pays))}。"
    )


RULE = Rule(
    new_records_matter=False,
    code="R12",
    title="未达年龄领取高龄津贴",
    description="发放日未满规定年龄（默认80周岁）的人领取高龄津贴。出生日期取自身份证号，"
    "号码无效时取户籍表。",
    subject="领取人身份证号",
    increment="row",
    requires=("payments",),
    uses=("residents",),
    params=(
        Param("min_age", int, 80, "最低年龄（周岁）"),
        Param("programs", tuple, ("高龄津贴",), "高龄津贴项目名称"),
    ),
    summarize=summarize,
)
