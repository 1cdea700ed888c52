-- Conflicts: pairs of mentions of one claim whose intervals cannot both hold at
-- one moment. "about 384" and "384" agree; "384" and "374" do not; "three-quarters"
-- (a rounded share, 0.70-0.80) and 74.3% agree. Values that belong to different
-- moments ("at least 5 dead" in the morning, "bringing the toll to 11" the next day)
-- are an update (mention_pairs.difference), shown in claim_timeline instead.
-- One row per conflicting pair of mentions.

-- The values a mention allows, as the reason reads them; beside a mention in another
-- unit, with its unit and its span in the base unit the two are compared in
-- ("190..210 ft = 57.91..64.01 m" beside "180..220 m"); one value when it allows one.
-- units_differ is a.unit <> b.unit: NULL, so no unit is named, when either has none.
CREATE OR REPLACE MACRO value_span(lo, hi) AS
    CASE WHEN lo = hi THEN num_text(lo) ELSE num_text(lo) || '..' || num_text(hi) END;

CREATE OR REPLACE MACRO span_text(lo, hi, u, units_differ) AS
    value_span(lo, hi)
    || CASE WHEN units_differ THEN
           ' ' || u
           || coalesce((SELECT ' = ' || value_span(lo * factor, hi * factor) || ' ' || base_unit
                        FROM unit_conversions AS uc
                        WHERE uc.unit = u AND uc.unit <> uc.base_unit), '')
       ELSE '' END;

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
    p.same_quantity,
    format('{}{} ({}) allows {}; {}{} ({}) allows {}',
           a.text, coalesce(', said by ' || a.attributed_to, ''),
           coalesce(a.outlet, 'unknown outlet'), span_text(a.low, a.high, a.unit, a.unit <> b.unit),
           b.text, coalesce(', said by ' || b.attributed_to, ''),
           coalesce(b.outlet, 'unknown outlet'), span_text(b.low, b.high, b.unit, a.unit <> b.unit)) AS why
FROM mention_pairs AS p
JOIN claim_mentions AS a ON a.mention_id = p.mention_a
JOIN claim_mentions AS b ON b.mention_id = p.mention_b
WHERE p.difference = 'conflict';

-- The timeline of a claim whose values changed over time (an update): one row per
-- mention, in the order of the moments they describe. A moment is the figure's
-- stated time, else its article's publication date; undated mentions come after
-- dated ones, and among mentions of one moment the wording ranks them (an
-- "earlier" or "initial" figure first, a "final" one last), then the value
-- (a running count, such as a death toll, only grows).
CREATE OR REPLACE VIEW claim_timeline AS
WITH updated AS (
    SELECT DISTINCT claim_id FROM mention_pairs WHERE difference = 'update'
),
placed AS (
    SELECT m.*,
           coalesce(try_cast(nullif(split_part(m.time_reference, '..', 1), '') AS DATE),
                    m.published)                              AS as_of,
           CASE WHEN m.time_reference = 'initial'
                  OR regexp_matches(lower(m.sentence), '\b(earlier|initially|originally|preliminary|provisional)\b')
                THEN 0
                WHEN m.time_reference = 'final'
                  OR regexp_matches(lower(m.sentence), '\b(final|finally|eventually)\b')
                THEN 2
                ELSE 1 END                                    AS phase
    FROM claim_mentions AS m
    JOIN updated USING (claim_id)
    WHERE m.value IS NOT NULL
)
SELECT
    claim_id,
    story_id,
    row_number() OVER (PARTITION BY claim_id
                       ORDER BY as_of NULLS LAST, phase, value, published NULLS LAST, mention_id) AS step,
    as_of,
    published,
    time_reference,
    time_cue,
    value,
    low,
    high,
    text                                                      AS stated,
    outlet,
    attributed_to,
    sentence,
    url,
    mention_id
FROM placed;
