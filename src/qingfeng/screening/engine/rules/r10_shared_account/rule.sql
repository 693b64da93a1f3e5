-- R10: one bank account paid for ${min_people} or more people from two or more households
WITH holder AS (
    -- who is paid into which account: a few rows per person, not one per payment
    SELECT account, id_no
    FROM payments
    WHERE account IS NOT NULL AND id_no IS NOT NULL
    GROUP BY account, id_no
),
shared AS (
    SELECT h.account
    FROM holder h
    JOIN people pe ON pe.id_no = h.id_no
    GROUP BY h.account
    HAVING count(*) >= ${min_people} AND count(DISTINCT pe.household) >= 2
),
flagged AS (
    SELECT p.account, p.id_no, p.village_code, p.row_id
    FROM payments p
    JOIN shared s ON s.account = p.account
    WHERE p.id_no IS NOT NULL
)
SELECT account AS subject, village_code, 'payments' AS src, row_id,
       CAST(NULL AS VARCHAR) AS link_kind, CAST(NULL AS DOUBLE) AS link_prob
FROM flagged
UNION ALL
SELECT f.account AS subject, f.village_code, 'residents' AS src, r.row_id,
       CAST(NULL AS VARCHAR) AS link_kind, CAST(NULL AS DOUBLE) AS link_prob
FROM flagged f
JOIN residents r ON r.id_no = f.id_no
