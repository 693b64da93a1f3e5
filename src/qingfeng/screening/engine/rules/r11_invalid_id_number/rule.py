from qingfeng.screening.engine.idnumbers import id_problem
from qingfeng.screening.engine.rules import HitFacts, Rule
from qingfeng.screening.engine.rules._text import listing, money, total, who


def summarize(f: HitFacts) -> str:
    pays = f.of("payments")
    raw = None if f.subject == "(空)" else f.subject
    return (
        f"领取人{who(pays)}的身份证号不符合国家标准（{id_problem(raw)}），"
        f"涉及{listing(p['program'] for p in pays)}{len(pays)}笔，共{money(total(pays))}。"
    )


RULE = Rule(
    new_records_matter=False,
    code="R11",
    title="身份证号不合规",
    description="发放记录中的领取人身份证号不符合 GB 11643（长度、出生日期、校验码），"
    "或为空、为15位旧号码。主体为文件中原样的号码。",
    subject="身份证号（原样）",
    increment="row",
    requires=("payments",),
    summarize=summarize,
)
