from qingfeng.screening.engine.rules import HitFacts, Rule
from qingfeng.screening.engine.rules._text import listing, money, total, who

# rule.sql's first cuts (suspect programmes, movers) only narrow the search: a month is flagged
# from its own rows alone. So a person's hits change only when new rows (a) are undated, (b)
# fall in a month no later than the person's last month paid before (they may join an old
# month's rows), or (c) make a month of two rows or two villages among themselves. Otherwise
# every new month is one row of one village and every old month keeps its rows, so the person's
# rows are last month's (decision 0017). The kept state is each person's last month paid.
KEYS = """
WITH new AS (
    SELECT id_no, program, village_code, year(pay_date) * 12 + month(pay_date) AS m
    FROM __qf_new_payments WHERE id_no IS NOT NULL
)
SELECT id_no AS k FROM new WHERE m IS NULL
UNION SELECT n.id_no FROM new n JOIN __qf_state o ON o.id_no = n.id_no
      WHERE o.last_month IS NULL OR n.m <= o.last_month
UNION SELECT id_no FROM new GROUP BY id_no, program, m HAVING count(*) >= 2
UNION SELECT id_no FROM new GROUP BY id_no, m HAVING min(village_code) <> max(village_code)
"""


def summarize(f: HitFacts) -> str:
    pays = f.of("payments")
    paid = [p for p in pays if p.get("amount") is None or p["amount"] >= 0]
    back = [p for p in pays if p.get("amount") is not None and p["amount"] < 0]
    months = listing(p["pay_date"].strftime("%Y年%m月") for p in pays if p.get("pay_date"))
    villages = sorted({p["village_code"] for p in paid if p.get("village_code")})
    where = f"由{len(villages)}个村（{'、'.join(villages)}）" if len(villages) > 1 else ""
    amount = f"，其中冲回{len(back)}笔，净额" if back else "，共"
    return (
        f"{who(pays)}在{months}{where}重复领取{listing(p['program'] for p in pays)}，"
        f"涉及{len(pays)}笔{amount}{money(total(pays))}。"
    )


RULE = Rule(
    code="R05",
    title="重复领取",
    description="同一人同一项目同一自然月发放两次及以上，或同一自然月由两个及以上村发放。"
    "金额为负数的冲回记录抵消同月的一笔发放。",
    subject="领取人身份证号",
    increment="id_no",
    # per person: the last month paid (KEYS above)
    state=(
        "SELECT id_no, max(year(pay_date) * 12 + month(pay_date)) AS last_month "
        "FROM payments WHERE id_no IS NOT NULL GROUP BY id_no"
    ),
    state_merge=(
        "SELECT id_no, max(last_month) AS last_month FROM (SELECT * FROM __qf_state_old "
        "UNION ALL SELECT * FROM __qf_state_new) GROUP BY id_no"
    ),
    increment_keys=KEYS,
    requires=("payments",),
    summarize=summarize,
)
