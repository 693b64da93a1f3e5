-- R08: contracts split under the ${threshold} tender threshold within ${window_days} days
WITH small AS (
    -- without a credit code, the name, blanks inside it taken out (永安 水电 = 永安水电)
    SELECT row_id, village_code,
           coalesce(contractor_credit_code, regexp_replace(contractor_name, '\s+', '', 'g'))
               AS contractor,
           amount, signed_date, coalesce(procurement_method, '') AS method
    FROM contracts
    WHERE amount < ${threshold}
      AND village_code IS NOT NULL
      AND coalesce(contractor_credit_code, contractor_name) IS NOT NULL
),
window_rows AS (
    -- every contract signed within the window that starts at each contract
    SELECT a.row_id AS anchor, b.village_code, b.contractor, b.row_id, b.amount, b.method
    FROM small a
    JOIN small b
      ON b.village_code = a.village_code
     AND b.contractor = a.contractor
     AND b.signed_date >= a.signed_date
     AND date_diff('day', a.signed_date, b.signed_date) <= ${window_days}
),
split AS (
    SELECT anchor
    FROM window_rows
    GROUP BY anchor
    HAVING count(*) >= 2
       AND sum(amount) >= ${threshold}
       AND sum(CASE WHEN method = '公开招标' THEN 1 ELSE 0 END) = 0
)
SELECT DISTINCT w.contractor AS subject, w.village_code, 'contracts' AS src, w.row_id,
       CAST(NULL AS VARCHAR) AS link_kind, CAST(NULL AS DOUBLE) AS link_prob
FROM window_rows w
JOIN split s ON s.anchor = w.anchor
