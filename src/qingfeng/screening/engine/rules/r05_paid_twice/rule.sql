-- R05: the same person paid twice for one programme in a month, or by two villages in a month.
-- A negative amount is a reversal (冲回): it takes back one payment of its month (and village),
-- so "paid, reversed, paid again" is one payment, not two.
WITH pay AS (
    SELECT id_no, village_code, row_id, program,
           CASE WHEN amount < 0 THEN -1 ELSE 1 END AS sign,
           year(pay_date) * 100 + month(pay_date) AS pay_month,
           year(pay_date) * 12 + month(pay_date) AS month_index
    FROM payments
    WHERE id_no IS NOT NULL
),
per_programme AS (
    -- months_seen: distinct months paid, exact while the months span at most 63
    -- (month mod 63 as one bit each)
    SELECT id_no, program, count(*) AS n, min(month_index) AS first_month,
           max(month_index) AS last_month,
           bit_count(bit_or(CAST(1 AS BIGINT) << CAST(month_index % 63 AS INTEGER)))
               AS months_seen,
           min(village_code) AS low_village, max(village_code) AS high_village
    FROM pay
    GROUP BY id_no, program
),
suspect AS (
    -- cheap first cut: a month with two rows (a repeat, or a reversal) makes more rows than
    -- months; undated rows count as rows and not as months
    SELECT id_no, program FROM per_programme
    WHERE n <> months_seen OR last_month - first_month >= 63
),
twice AS (
    SELECT p.id_no, p.pay_month, p.program
    FROM pay p
    JOIN suspect s ON s.id_no = p.id_no AND s.program = p.program
    GROUP BY p.id_no, p.pay_month, p.program
    HAVING sum(p.sign) >= 2
),
movers AS (
    -- cheap first cut: only people ever paid by two villages can be paid by two in one month
    -- (from the per-programme villages: one pass over the payments for both)
    SELECT id_no FROM per_programme GROUP BY id_no HAVING min(low_village) <> max(high_village)
),
village_month AS (
    -- what each village still paid the person in a month, reversals taken off
    SELECT p.id_no, p.pay_month, p.village_code
    FROM pay p
    JOIN movers m ON m.id_no = p.id_no
    GROUP BY p.id_no, p.pay_month, p.village_code
    HAVING sum(p.sign) > 0
),
two_villages AS (
    SELECT id_no, pay_month FROM village_month GROUP BY id_no, pay_month HAVING count(*) >= 2
),
flagged AS (
    SELECT p.id_no, p.village_code, p.row_id
    FROM pay p
    JOIN twice t ON t.id_no = p.id_no AND t.pay_month = p.pay_month AND t.program = p.program
    UNION
    SELECT p.id_no, p.village_code, p.row_id
    FROM pay p
    JOIN two_villages v ON v.id_no = p.id_no AND v.pay_month = p.pay_month
)
SELECT id_no AS subject, village_code, 'payments' AS src, row_id,
       CAST(NULL AS VARCHAR) AS link_kind, CAST(NULL AS DOUBLE) AS link_prob
FROM flagged
