-- R05: the same person paid twice for one programme in a month, or by two villages in a month
WITH pay AS (
    SELECT id_no, village_code, row_id, program,
           year(pay_date) * 100 + month(pay_date) AS pay_month,
           year(pay_date) * 12 + month(pay_date) AS month_index
    FROM payments
    WHERE id_no IS NOT NULL
),
per_programme AS (
    SELECT id_no, program, count(*) AS n, min(month_index) AS first_month,
           max(month_index) AS last_month,
           min(village_code) AS low_village, max(village_code) AS high_village
    FROM pay
    GROUP BY id_no, program
),
suspect AS (
    -- more payments than months spanned means a repeat; fewer means gaps that could hide one
    SELECT id_no, program FROM per_programme WHERE n <> last_month - first_month + 1
),
twice AS (
    SELECT p.id_no, p.pay_month, p.program
    FROM pay p
    JOIN suspect s ON s.id_no = p.id_no AND s.program = p.program
    GROUP BY p.id_no, p.pay_month, p.program
    HAVING count(*) >= 2
),
movers AS (
    -- cheap first cut: only people ever paid by two villages can be paid by two in one month
    -- (from the per-programme villages: one pass over the payments for both)
    SELECT id_no FROM per_programme GROUP BY id_no HAVING min(low_village) <> max(high_village)
),
two_villages AS (
    SELECT p.id_no, p.pay_month
    FROM pay p
    JOIN movers m ON m.id_no = p.id_no
    GROUP BY p.id_no, p.pay_month
    HAVING min(p.village_code) <> max(p.village_code)
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
