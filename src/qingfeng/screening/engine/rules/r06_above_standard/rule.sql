-- R06: amount above the standard for that programme on that date
WITH applies AS (
    SELECT p.id_no, p.village_code, p.row_id, p.amount, p.program, p.pay_date,
           s.row_id AS standard_row, s.amount AS standard_amount
    FROM payments p
    JOIN standards s
      ON s.program = p.program
     AND p.pay_date >= s.start_date
     AND (s.end_date IS NULL OR p.pay_date <= s.end_date)
),
above AS (
    SELECT * FROM applies WHERE amount > standard_amount
),
top AS (
    -- where standards overlap, a payment is held to the highest of them
    SELECT x.row_id, max(x.standard_amount) AS top_standard
    FROM applies x
    WHERE x.row_id IN (SELECT row_id FROM above)
    GROUP BY x.row_id
),
over AS (
    SELECT DISTINCT a.row_id
    FROM above a
    JOIN top t ON t.row_id = a.row_id
    WHERE a.amount > t.top_standard
)
SELECT m.id_no AS subject, m.village_code, 'payments' AS src, m.row_id,
       CAST(NULL AS VARCHAR) AS link_kind, CAST(NULL AS DOUBLE) AS link_prob
FROM applies m
JOIN over o ON o.row_id = m.row_id
UNION ALL
SELECT m.id_no AS subject, m.village_code, 'standards' AS src, m.standard_row AS row_id,
       CAST(NULL AS VARCHAR) AS link_kind, CAST(NULL AS DOUBLE) AS link_prob
FROM applies m
JOIN over o ON o.row_id = m.row_id
