-- Consistency checks: related claims tested against each other, once for every
-- value stated for the whole. Parts and shares use their claim's own reading:
-- the most stated value for a part, the agreed interval for a share.
-- One row per (relation, check, candidate value of the whole[, part]).

CREATE OR REPLACE VIEW claim_readings AS
WITH typical AS (
    SELECT claim_id, mode(reading_value ORDER BY reading_value) AS typical_value  -- ties: the lowest
    FROM claim_mentions
    GROUP BY claim_id
),
-- In a claim whose wordings cannot all hold (wording_disagreements, the tolerance
-- rule's answers), the reading is its typical value's own: two intervals may overlap
-- and still be values the rule keeps apart ("£2m" reaches £2.5m), and their overlap
-- is a reading no source gave.
reading_mentions AS (
    SELECT m.*, t.typical_value
    FROM claim_mentions AS m
    JOIN typical AS t USING (claim_id)
    WHERE m.reading_value = t.typical_value AND m.value = m.reading_value
       OR m.claim_id NOT IN (SELECT claim_id FROM wording_disagreements)
)
SELECT
    claim_id,
    any_value(kind)                                 AS kind,
    any_value(typical_value)                        AS typical_value,
    held_low(low, high)                             AS low,
    held_high(low, high)                            AS high,
    arg_min(text, wording_order(qualifier, published, mention_id))    AS wording
FROM reading_mentions
GROUP BY claim_id;

-- The values reconciliation weighs: a restatement in another unit is not one of its own.
CREATE OR REPLACE VIEW whole_candidates AS
SELECT DISTINCT claim_id, reading_value AS candidate_value
FROM claim_mentions
WHERE value IS NOT NULL;  -- a vague amount ("tens of thousands") states no value

CREATE OR REPLACE VIEW consistency_checks AS
WITH relation_parts AS (
    SELECT r.relation_id, r.story_id, r.relation, r.whole_claim_id, r.share_claim_id, r.evidence,
           unnest(r.part_claim_ids) AS part_claim_id
    FROM claim_relations AS r
),
part_sums AS (
    SELECT rp.relation_id,
           sum(p.typical_value)                                  AS parts_total,
           string_agg(num_text(p.typical_value), ' + ' ORDER BY p.typical_value DESC) AS parts_wording,
           count(*)                                              AS n_parts,
           sum(p.low)                                            AS parts_low,
           sum(p.high)                                           AS parts_high
    FROM relation_parts AS rp
    JOIN claim_readings AS p ON p.claim_id = rp.part_claim_id
    GROUP BY rp.relation_id
),
part_checks AS (
    SELECT rp.relation_id, rp.story_id, rp.relation, 'part_within_whole' AS check_name,
           rp.part_claim_id AS compared,
           rp.whole_claim_id AS tested_claim_id, w.candidate_value,
           format('{} of {}', num_text(p.typical_value), num_text(w.candidate_value)) AS inputs,
           format('at most {}', num_text(w.candidate_value))        AS expected,
           p.typical_value                                           AS observed,
           p.typical_value <= w.candidate_value                      AS passed,
           rp.evidence
    FROM relation_parts AS rp
    JOIN claim_readings AS p ON p.claim_id = rp.part_claim_id
    JOIN whole_candidates AS w ON w.claim_id = rp.whole_claim_id
    WHERE rp.relation = 'part_of'
),
share_checks AS (
    SELECT r.relation_id, r.story_id, r.relation, 'share_is_part_over_whole' AS check_name,
           ps.parts_wording AS compared,
           r.whole_claim_id AS tested_claim_id, w.candidate_value,
           format('{} of {}', ps.parts_wording, num_text(w.candidate_value)) AS inputs,
           format('"{}" allows {}..{}{}', s.wording, num_text(round(s.low, 4)),
                  num_text(round(s.high, 4)), CASE s.kind WHEN 'percent' THEN '%' ELSE '' END) AS expected,
           ps.parts_total / w.candidate_value
               * CASE s.kind WHEN 'percent' THEN 100 ELSE 1 END       AS observed,
           ps.parts_total / w.candidate_value
               * CASE s.kind WHEN 'percent' THEN 100 ELSE 1 END
               BETWEEN s.low AND s.high                               AS passed,
           r.evidence
    FROM claim_relations AS r
    JOIN part_sums AS ps USING (relation_id)
    JOIN claim_readings AS s ON s.claim_id = r.share_claim_id
    JOIN whole_candidates AS w ON w.claim_id = r.whole_claim_id
    WHERE r.relation = 'share_of' AND w.candidate_value <> 0
),
category_checks AS (
    SELECT r.relation_id, r.story_id, r.relation, 'categories_sum_to_whole' AS check_name,
           ps.parts_wording AS compared,
           r.whole_claim_id AS tested_claim_id, w.candidate_value,
           ps.parts_wording                                           AS inputs,
           format('the whole, {}', num_text(w.candidate_value))      AS expected,
           ps.parts_total                                             AS observed,
           abs(ps.parts_total - w.candidate_value) <= 0.5             AS passed,
           r.evidence
    FROM claim_relations AS r
    JOIN part_sums AS ps USING (relation_id)
    JOIN whole_candidates AS w ON w.claim_id = r.whole_claim_id
    WHERE r.relation = 'categories_of'
),
-- A change ("rose by 120 to 520 from 400"): the larger value is the smaller plus the
-- difference, each read with the spread its wording allows.
difference_checks AS (
    SELECT r.relation_id, r.story_id, r.relation, 'change_adds_up' AS check_name,
           ps.parts_wording AS compared,
           r.whole_claim_id AS tested_claim_id, w.candidate_value,
           ps.parts_wording                                           AS inputs,
           format('the larger value, {}', num_text(w.candidate_value)) AS expected,
           ps.parts_total                                             AS observed,
           w.candidate_value BETWEEN ps.parts_low - 0.5 AND ps.parts_high + 0.5 AS passed,
           r.evidence
    FROM claim_relations AS r
    JOIN part_sums AS ps USING (relation_id)
    JOIN whole_candidates AS w ON w.claim_id = r.whole_claim_id
    WHERE r.relation = 'difference_of' AND ps.n_parts = 2
),
all_checks AS (
    SELECT * FROM part_checks
    UNION ALL SELECT * FROM share_checks
    UNION ALL SELECT * FROM category_checks
    UNION ALL SELECT * FROM difference_checks
)
SELECT
    md5(concat_ws('|', relation_id, check_name, candidate_value, inputs))[:16] AS check_id,
    story_id,
    relation_id,
    relation,
    check_name,
    compared,               -- what the whole is tested against (the same across candidates)
    tested_claim_id,
    candidate_value,
    inputs,
    expected,
    observed,
    CASE WHEN passed THEN 'pass' ELSE 'fail' END                AS verdict,
    CASE WHEN check_name = 'part_within_whole'
         THEN format('{} is within the whole, {}: {}', num_text(observed), num_text(candidate_value),
                     CASE WHEN passed THEN 'consistent' ELSE 'inconsistent' END)
    ELSE format('{} = {}; {}: {}', inputs,
           CASE WHEN check_name <> 'share_is_part_over_whole' THEN num_text(observed)
                WHEN observed > 1.5 THEN printf('%.1f%%', observed)
                ELSE printf('%.3f', observed) END,
           expected, CASE WHEN passed THEN 'consistent' ELSE 'inconsistent' END) END AS description,
    evidence
FROM all_checks;
