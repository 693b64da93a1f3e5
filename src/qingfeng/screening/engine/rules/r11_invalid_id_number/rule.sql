-- R11: payee ID numbers that fail GB 11643; id_checks holds python-stdnum's verdicts
SELECT CASE WHEN p.id_raw IS NULL THEN '(空)' ELSE p.id_raw END AS subject,
       p.village_code, 'payments' AS src, p.row_id,
       CAST(NULL AS VARCHAR) AS link_kind, CAST(NULL AS DOUBLE) AS link_prob
FROM payments p
JOIN id_checks c ON c.id_key = coalesce(p.id_raw, '')
