-- R01: payments dated more than ${grace_days} days after the payee's death
WITH death AS (
    SELECT l.person_id, d.row_id, d.death_date, l.kind, l.probability
    FROM links l
    JOIN deaths d ON d.row_id = l.row_id
    WHERE l.src = 'deaths'
),
late AS (
    SELECT p.id_no AS subject, p.village_code, p.row_id AS pay_row,
           d.row_id AS death_row, d.kind, d.probability
    FROM payments p
    JOIN death d ON d.person_id = p.id_no
    WHERE date_diff('day', d.death_date, p.pay_date) > ${grace_days}
      AND p.amount > 0  -- a negative amount takes money back (冲回): not a payment
)
SELECT subject, village_code, 'payments' AS src, pay_row AS row_id,
       CAST(NULL AS VARCHAR) AS link_kind, CAST(NULL AS DOUBLE) AS link_prob
FROM late
UNION ALL
SELECT subject, village_code, 'deaths' AS src, death_row AS row_id,
       kind AS link_kind, probability AS link_prob
FROM late
