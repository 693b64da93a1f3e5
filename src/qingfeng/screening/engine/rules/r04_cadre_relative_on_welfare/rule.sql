-- R04: a relative of a village cadre (relatives table, or same household) on means-tested aid
WITH cadre AS (
    -- the cadre as resolved in cadres.py: by ID, by an ID one typo off, or by a unique name
    SELECT row_id, id_no, village_code, kind, probability FROM cadres
),
by_relatives AS (
    -- the cadre on one side of a relatives row (cadre_ties), the payee on the other (linked)
    SELECT c.row_id AS cadre_row, c.village_code, l.person_id,
           'relatives' AS src, r.row_id,
           CASE WHEN t.kind = 'exact' THEN l.kind ELSE t.kind END AS kind,
           least(l.probability, t.probability) AS probability
    FROM cadre_ties t
    JOIN relatives r ON r.row_id = t.relatives_row
    JOIN cadre c ON c.row_id = t.cadre_row
    JOIN links l ON l.src = 'relatives' AND l.row_id = r.row_id
                AND l.role = CASE WHEN t.side = 'person' THEN 'relative' ELSE 'person' END
),
household AS (
    SELECT c.row_id AS cadre_row, c.village_code, rq.id_no AS person_id,
           rc.row_id AS cadre_resident_row, rq.row_id AS relative_resident_row
    FROM cadre c
    JOIN residents rc ON rc.id_no = c.id_no
    JOIN (
        -- the cadres' households first: joined whole, residents to residents made 1.5M pairs
        SELECT row_id, id_no, household_no, village_code FROM residents
        WHERE household_no IN (
            SELECT r.household_no FROM residents r JOIN cadre c ON r.id_no = c.id_no)
    ) rq
      ON rq.household_no = rc.household_no
     AND rq.village_code = rc.village_code
     AND rq.id_no <> rc.id_no
),
tie AS (
    SELECT cadre_row, village_code, person_id, src, row_id, kind, probability FROM by_relatives
    UNION ALL
    SELECT cadre_row, village_code, person_id, 'residents', cadre_resident_row,
           CAST(NULL AS VARCHAR), CAST(NULL AS DOUBLE)
    FROM household
    UNION ALL
    SELECT cadre_row, village_code, person_id, 'residents', relative_resident_row,
           'exact', CAST(1.0 AS DOUBLE)
    FROM household
),
paid AS (
    SELECT DISTINCT p.id_no, p.village_code, p.row_id, t.cadre_row
    FROM payments p
    JOIN tie t ON t.person_id = p.id_no AND t.village_code = p.village_code
    WHERE p.program IN ${programs}
      -- a cadre paid is R03's case, whether the cadre's record matched exactly or fuzzily
      AND p.id_no NOT IN (SELECT id_no FROM cadre)
      AND p.id_no NOT IN (
          SELECT l.person_id FROM links l JOIN officials o ON o.row_id = l.row_id
          WHERE l.src = 'officials' AND regexp_replace(o.category, '\s+', '', 'g') = '村干部')
),
pair AS (
    SELECT DISTINCT id_no, village_code, cadre_row FROM paid
)
SELECT id_no AS subject, village_code, 'payments' AS src, row_id,
       CAST(NULL AS VARCHAR) AS link_kind, CAST(NULL AS DOUBLE) AS link_prob
FROM paid
UNION ALL
SELECT pair.id_no AS subject, pair.village_code, 'officials' AS src, cadre_row AS row_id,
       CASE WHEN c.kind = 'exact' THEN NULL ELSE c.kind END AS link_kind,
       CASE WHEN c.kind = 'exact' THEN NULL ELSE c.probability END AS link_prob
FROM pair JOIN cadre c ON c.row_id = pair.cadre_row
UNION ALL
SELECT t.person_id AS subject, t.village_code, t.src, t.row_id,
       t.kind AS link_kind, t.probability AS link_prob
FROM tie t
JOIN pair ON pair.id_no = t.person_id AND pair.cadre_row = t.cadre_row
