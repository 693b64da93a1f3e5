-- R03: an official (any category) paid from a means-tested programme
WITH official AS (
    SELECT l.person_id, o.row_id, l.kind, l.probability
    FROM links l
    JOIN officials o ON o.row_id = l.row_id
    WHERE l.src = 'officials'
),
paid AS (
    SELECT p.id_no, p.village_code, p.row_id
    FROM payments p
    WHERE p.program IN ${programs}
      AND p.id_no IN (SELECT person_id FROM official)
)
SELECT id_no AS subject, village_code, 'payments' AS src, row_id,
       CAST(NULL AS VARCHAR) AS link_kind, CAST(NULL AS DOUBLE) AS link_prob
FROM paid
UNION ALL
SELECT o.person_id AS subject, v.village_code, 'officials' AS src, o.row_id,
       o.kind AS link_kind, o.probability AS link_prob
FROM official o
JOIN (SELECT id_no, min(village_code) AS village_code FROM paid GROUP BY id_no) v
  ON v.id_no = o.person_id
