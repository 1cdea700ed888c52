-- Conflicts: pairs of mentions of one claim whose intervals cannot both hold.
-- "about 384" and "384" agree; "384" and "374" do not; "three-quarters" (a rounded
-- share, 0.70-0.80) and 74.3% agree. One row per conflicting pair of mentions.
CREATE OR REPLACE VIEW conflicts AS
SELECT
    a.claim_id,
    a.story_id,
    a.mention_id         AS mention_a,
    a.outlet             AS outlet_a,
    a.text               AS stated_a,
    a.value              AS value_a,
    a.qualifier          AS qualifier_a,
    a.attributed_to      AS attributed_a,
    a.sentence           AS sentence_a,
    a.url                AS url_a,
    b.mention_id         AS mention_b,
    b.outlet             AS outlet_b,
    b.text               AS stated_b,
    b.value              AS value_b,
    b.qualifier          AS qualifier_b,
    b.attributed_to      AS attributed_b,
    b.sentence           AS sentence_b,
    b.url                AS url_b,
    a.source_group = b.source_group AS same_source,
    format('{}{} ({}) allows {}..{}; {}{} ({}) allows {}..{}',
           a.text, coalesce(', said by ' || a.attributed_to, ''),
           coalesce(a.outlet, 'unknown outlet'), a.low, a.high,
           b.text, coalesce(', said by ' || b.attributed_to, ''),
           coalesce(b.outlet, 'unknown outlet'), b.low, b.high) AS why
FROM claim_mentions AS a
JOIN claim_mentions AS b
  ON a.claim_id = b.claim_id
 AND a.mention_id < b.mention_id
 AND (a.high < b.low OR b.high < a.low);
