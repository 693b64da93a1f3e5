-- R07: a vehicle owner or company legal representative (from before the payment) on aid
WITH owner AS (
    SELECT l.person_id, 'vehicles' AS src, v.row_id, v.reg_date AS since, l.kind, l.probability
    FROM links l
    JOIN vehicles v ON v.row_id = l.row_id
    WHERE l.src = 'vehicles'
    UNION ALL
    SELECT l.person_id, 'companies' AS src, c.row_id, c.founded_date AS since,
           l.kind, l.probability
    FROM links l
    JOIN companies c ON c.row_id = l.row_id
    WHERE l.src = 'companies'
),
paid AS (
    SELECT p.id_no, p.village_code, p.row_id, o.src, o.row_id AS owner_row,
           o.kind, o.probability
    FROM payments p
    JOIN owner o ON o.person_id = p.id_no
    WHERE p.program IN ${programs}
      AND (o.since IS NULL OR o.since <= p.pay_date)
)
SELECT id_no AS subject, village_code, 'payments' AS src, row_id,
       CAST(NULL AS VARCHAR) AS link_kind, CAST(NULL AS DOUBLE) AS link_prob
FROM paid
UNION ALL
SELECT id_no AS subject, village_code, src, owner_row AS row_id,
       kind AS link_kind, probability AS link_prob
FROM paid
