from qingfeng.screening.engine.params import Param
from qingfeng.screening.engine.rules import HitFacts, Rule
from qingfeng.screening.engine.rules._text import listing, money, span, total


def summarize(f: HitFacts) -> str:
    pays = f.of("payments")
    people = {p["id_no"] for p in pays if p.get("id_no")}
    names = listing(p.get("name") for p in pays)
    return (
        f"银行账号{f.subject}为{len(people)}人（{names}）收款{len(pays)}笔，共{money(total(pays))}"
        f"（{span(pays)}），这些人分属不同户，疑似一卡多人或代领。"
    )


RULE = Rule(
    new_records_matter=False,
    code="R10",
    title="一卡多人",
    description="同一银行账号为若干人收款，且这些人分属两户及以上（按户籍户号；"
    "不在户籍表中的人各算一户）。同一户共用一个账号不算。",
    subject="银行账号",
    increment="account",
    # who is paid into which account (rule.sql's holder)
    state=(
        "SELECT DISTINCT account, id_no FROM payments "
        "WHERE account IS NOT NULL AND id_no IS NOT NULL"
    ),
    state_merge="SELECT * FROM __qf_state_old UNION SELECT * FROM __qf_state_new",
    # an account's rows change only when it gets a new holder (it may become shared) or was
    # shared already (its new rows are flagged too): with the same holders, the same payees
    # and residents, an account not shared stays so (decision 0017)
    increment_keys=(
        "SELECT DISTINCT n.account AS k FROM __qf_new_payments n "
        "WHERE n.account IS NOT NULL AND n.id_no IS NOT NULL AND ("
        "n.account IN (SELECT k FROM __qf_previous_subjects) OR NOT EXISTS ("
        "SELECT 1 FROM __qf_state s WHERE s.account = n.account AND s.id_no = n.id_no))"
    ),
    requires=("payments",),
    uses=("residents",),
    params=(Param("min_people", int, 3, "最少人数"),),
    summarize=summarize,
)
