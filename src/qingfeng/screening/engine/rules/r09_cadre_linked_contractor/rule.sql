-- R09: a contract whose contractor's legal representative is a cadre of the village or kin
WITH contractor AS (
    SELECT k.row_id AS contract_row, k.contract_no, k.village_code,
           c.row_id AS company_row, c.rep_id_no
    FROM contracts k
    JOIN companies c ON c.credit_code = k.contractor_credit_code
    WHERE c.rep_id_no IS NOT NULL
    UNION ALL
    SELECT k.row_id, k.contract_no, k.village_code, c.row_id, c.rep_id_no
    FROM contracts k
    JOIN companies c ON c.company_name = k.contractor_name
    WHERE k.contractor_credit_code IS NULL AND c.rep_id_no IS NOT NULL
),
cadre AS (
    -- the cadre as resolved in cadres.py: by ID, by an ID one typo off, or by a unique name
    SELECT row_id, id_no, village_code, kind, probability FROM cadres
),
tie AS (
    -- the representative is the cadre
    SELECT k.contract_row, k.contract_no, k.village_code, k.company_row, ca.row_id AS cadre_row,
           CAST(NULL AS VARCHAR) AS src, CAST(NULL AS BIGINT) AS row_id
    FROM contractor k
    JOIN cadre ca ON ca.id_no = k.rep_id_no AND ca.village_code = k.village_code
    UNION ALL
    -- a relative, recorded either way round; the cadre's side as in cadre_ties
    SELECT k.contract_row, k.contract_no, k.village_code, k.company_row, ca.row_id,
           'relatives', r.row_id
    FROM contractor k
    JOIN relatives r ON r.relative_id_no = k.rep_id_no
    JOIN cadre_ties t ON t.relatives_row = r.row_id AND t.side = 'person'
    JOIN cadre ca ON ca.row_id = t.cadre_row AND ca.village_code = k.village_code
    UNION ALL
    SELECT k.contract_row, k.contract_no, k.village_code, k.company_row, ca.row_id,
           'relatives', r.row_id
    FROM contractor k
    JOIN relatives r ON r.id_no = k.rep_id_no
    JOIN cadre_ties t ON t.relatives_row = r.row_id AND t.side = 'relative'
    JOIN cadre ca ON ca.row_id = t.cadre_row AND ca.village_code = k.village_code
    UNION ALL
    -- the same household register
    SELECT k.contract_row, k.contract_no, k.village_code, k.company_row, ca.row_id,
           'residents', rq.row_id
    FROM contractor k
    JOIN residents rq ON rq.id_no = k.rep_id_no
    JOIN residents rc
      ON rc.household_no = rq.household_no
     AND rc.village_code = rq.village_code
     AND rc.id_no <> rq.id_no
    JOIN cadre ca ON ca.id_no = rc.id_no AND ca.village_code = k.village_code
    UNION ALL
    SELECT k.contract_row, k.contract_no, k.village_code, k.company_row, ca.row_id,
           'residents', rc.row_id
    FROM contractor k
    JOIN residents rq ON rq.id_no = k.rep_id_no
    JOIN residents rc
      ON rc.household_no = rq.household_no
     AND rc.village_code = rq.village_code
     AND rc.id_no <> rq.id_no
    JOIN cadre ca ON ca.id_no = rc.id_no AND ca.village_code = k.village_code
),
evidence AS (
    SELECT contract_no, village_code, 'contracts' AS src, contract_row AS row_id,
           CAST(NULL AS VARCHAR) AS link_kind, CAST(NULL AS DOUBLE) AS link_prob
    FROM tie
    UNION ALL
    SELECT contract_no, village_code, 'companies', company_row, NULL, NULL FROM tie
    UNION ALL
    -- the cadre's record says how it was tied to the resident (when not by its own ID)
    SELECT t.contract_no, t.village_code, 'officials', t.cadre_row,
           CASE WHEN c.kind = 'exact' THEN NULL ELSE c.kind END,
           CASE WHEN c.kind = 'exact' THEN NULL ELSE c.probability END
    FROM tie t JOIN cadre c ON c.row_id = t.cadre_row
    UNION ALL
    SELECT t.contract_no, t.village_code, t.src, t.row_id,
           CASE WHEN ct.kind = 'fuzzy' THEN 'fuzzy' END,
           CASE WHEN ct.kind = 'fuzzy' THEN ct.probability END
    FROM tie t
    LEFT JOIN cadre_ties ct ON t.src = 'relatives' AND ct.relatives_row = t.row_id
                           AND ct.cadre_row = t.cadre_row
    WHERE t.src IS NOT NULL
)
SELECT DISTINCT contract_no AS subject, village_code, src, row_id, link_kind, link_prob
FROM evidence
