-- R12: longevity allowance paid to someone under ${min_age} on the payment date
WITH young AS (
    SELECT p.id_no, p.village_code, p.row_id
    FROM payments p
    JOIN people pe ON pe.id_no = p.id_no
    WHERE p.program IN ${programs}
      AND pe.birth_date IS NOT NULL
      -- full years of age on the payment date
      AND year(p.pay_date) - year(pe.birth_date)
          - CASE WHEN month(p.pay_date) * 100 + day(p.pay_date)
                      < month(pe.birth_date) * 100 + day(pe.birth_date)
                 THEN 1 ELSE 0 END < ${min_age}
)
SELECT id_no AS subject, village_code, 'payments' AS src, row_id,
       CAST(NULL AS VARCHAR) AS link_kind, CAST(NULL AS DOUBLE) AS link_prob
FROM young
UNION ALL
SELECT y.id_no AS subject, y.village_code, 'residents' AS src, r.row_id,
       CAST(NULL AS VARCHAR) AS link_kind, CAST(NULL AS DOUBLE) AS link_prob
FROM young y
JOIN residents r ON r.id_no = y.id_no
