from qingfeng.screening.engine.rules import HitFacts, Rule
from qingfeng.screening.engine.rules._text import listing, money, total, who

# A person's rows change only when the new rows (a) are undated, (b) fall in a month no later
# than the person's last month paid before (they may join an old month's group), (c) make a
# month's group of two rows or two villages among themselves, or (d) turn a programme from
# "as many payments as months spanned" to not, or back. Otherwise every old group keeps its
# rows, every new group is one row of one village, and each programme stays as suspect as it
# was, so the person's rows are last month's (decision 0017).
KEYS = """
WITH new AS (
    SELECT id_no, program, village_code, year(pay_date) * 12 + month(pay_date) AS m
    FROM __qf_new_payments WHERE id_no IS NOT NULL
),
pair AS (
    SELECT id_no, program, count(*) AS n, min(m) AS first_month, max(m) AS last_month
    FROM new GROUP BY id_no, program
),
merged AS (
    SELECT p.id_no,
           coalesce(o.n <> o.last_month - o.first_month + 1, false) AS was_suspect,
           coalesce(coalesce(o.n, 0) + p.n <> greatest(o.last_month, p.last_month)
                    - least(o.first_month, p.first_month) + 1, false) AS is_suspect,
           o.id_no IS NOT NULL AND (o.last_month IS NULL OR p.first_month <= o.last_month)
               AS joins_old
    FROM pair p
    LEFT JOIN __qf_state o ON o.id_no = p.id_no AND o.program IS NOT DISTINCT FROM p.program
),
person AS (
    SELECT id_no, max(last_month) AS last_month FROM __qf_state GROUP BY id_no
)
SELECT id_no AS k FROM new WHERE m IS NULL
UNION SELECT n.id_no FROM new n JOIN person o ON o.id_no = n.id_no WHERE n.m <= o.last_month
UNION SELECT id_no FROM new GROUP BY id_no, program, m HAVING count(*) >= 2
UNION SELECT id_no FROM new GROUP BY id_no, m HAVING min(village_code) <> max(village_code)
UNION SELECT id_no FROM merged WHERE joins_old OR was_suspect <> is_suspect
"""


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
    # per person and programme: payments, first and last month (rule.sql's per_programme)
    state=(
        "SELECT id_no, program, count(*) AS n, "
        "min(year(pay_date) * 12 + month(pay_date)) AS first_month, "
        "max(year(pay_date) * 12 + month(pay_date)) AS last_month "
        "FROM payments WHERE id_no IS NOT NULL GROUP BY id_no, program"
    ),
    state_merge=(
        "SELECT id_no, program, CAST(sum(n) AS BIGINT) AS n, min(first_month) AS first_month, "
        "max(last_month) AS last_month FROM (SELECT * FROM __qf_state_old UNION ALL "
        "SELECT * FROM __qf_state_new) GROUP BY id_no, program"
    ),
    increment_keys=KEYS,
    requires=("payments",),
    summarize=summarize,
)
