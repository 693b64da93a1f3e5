-- R02: after death + ${grace_days} days, one programme stopped and another still paid
WITH death AS (
    SELECT l.person_id, d.row_id, d.death_date, l.kind, l.probability
    FROM links l
    JOIN deaths d ON d.row_id = l.row_id
    WHERE l.src = 'deaths'
),
first_death AS (
    SELECT person_id, min(death_date) AS death_date FROM death GROUP BY person_id
),
pay AS (
    SELECT p.id_no, p.village_code, p.row_id, p.program, p.pay_date, f.death_date,
           CASE WHEN date_diff('day', f.death_date, p.pay_date) > ${grace_days}
                THEN 1 ELSE 0 END AS after_cutoff
    FROM payments p
    JOIN first_death f ON f.person_id = p.id_no
    WHERE p.amount > 0  -- reversals (冲回, negative amounts) neither pay nor stop anything
),
programme AS (
    SELECT id_no, program, max(after_cutoff) AS paid_after,
           max(CASE WHEN after_cutoff = 0 THEN pay_date END) AS last_before,
           min(death_date) AS death_date
    FROM pay
    GROUP BY id_no, program
),
stopped AS (
    -- a programme that was being paid around the death and then stopped
    SELECT id_no, program FROM programme
    WHERE paid_after = 0 AND date_diff('day', last_before, death_date) <= ${active_days}
),
person AS (
    SELECT g.id_no
    FROM programme g
    WHERE g.paid_after = 1 AND g.id_no IN (SELECT id_no FROM stopped)
    GROUP BY g.id_no
),
evidence AS (
    SELECT p.id_no, p.village_code, p.row_id
    FROM pay p
    JOIN person s ON s.id_no = p.id_no
    WHERE p.after_cutoff = 1
    UNION ALL
    SELECT id_no, village_code, row_id
    FROM (
        SELECT p.id_no, p.village_code, p.row_id,
               row_number() OVER (PARTITION BY p.id_no, p.program
                                  ORDER BY p.pay_date DESC, p.row_id DESC) AS rn
        FROM pay p
        JOIN person s ON s.id_no = p.id_no
        JOIN stopped t ON t.id_no = p.id_no AND t.program = p.program
    ) last_payment
    WHERE rn = 1
)
SELECT id_no AS subject, village_code, 'payments' AS src, row_id,
       CAST(NULL AS VARCHAR) AS link_kind, CAST(NULL AS DOUBLE) AS link_prob
FROM evidence
UNION ALL
SELECT d.person_id AS subject, e.village_code, 'deaths' AS src, d.row_id,
       d.kind AS link_kind, d.probability AS link_prob
FROM death d
JOIN (SELECT id_no, min(village_code) AS village_code FROM evidence GROUP BY id_no) e
  ON e.id_no = d.person_id
