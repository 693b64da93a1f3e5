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
    SELECT row_id, id_no, village_code
    FROM officials
    WHERE category = '村干部' AND id_no IS NOT NULL
),
tie AS (
    -- the representative is the cadre
    SELECT k.contract_row, k.contract_no, k.village_code, k.company_row, ca.row_id AS cadre_row,
           CAST(NULL AS VARCHAR) AS src, CAST(NULL AS BIGINT) AS row_id
    FROM contractor k
    JOIN cadre ca ON ca.id_no = k.rep_id_no AND ca.village_code = k.village_code
    UNION ALL
    -- a relative, recorded either way round
    SELECT k.contract_row, k.contract_no, k.village_code, k.company_row, ca.row_id,
           'relatives', r.row_id
    FROM contractor k
    JOIN relatives r ON r.relative_id_no = k.rep_id_no
    JOIN cadre ca ON ca.id_no = r.id_no AND ca.village_code = k.village_code
    UNION ALL
    SELECT k.contract_row, k.contract_no, k.village_code, k.company_row, ca.row_id,
           'relatives', r.row_id
    FROM contractor k
    JOIN relatives r ON r.id_no = k.rep_id_no
    JOIN cadre ca ON ca.id_no = r.relative_id_no AND ca.village_code = k.village_code
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
    SELECT contract_no, village_code, 'contracts' AS src, contract_row AS row_id FROM tie
    UNION ALL
    SELECT contract_no, village_code, 'companies', company_row FROM tie
    UNION ALL
    SELECT contract_no, village_code, 'officials', cadre_row FROM tie
    UNION ALL
    SELECT contract_no, village_code, src, row_id FROM tie WHERE src IS NOT NULL
)
SELECT DISTINCT contract_no AS subject, village_code, src, row_id,
       CAST(NULL AS VARCHAR) AS link_kind, CAST(NULL AS DOUBLE) AS link_prob
FROM evidence
