-- Claims layer: stories, claims and the mentions behind them. Built on the tables
-- that warehouse/claims.py writes (article_stories, source_groups,
-- claim_assignments, claim_relations).

-- An article's lead: its first sentence that reads as one (not a link, not a
-- stub), shortened for a title. Titles a story whose articles have no headline.
CREATE OR REPLACE MACRO short_title(x) AS
    CASE WHEN length(x) > 110 THEN rtrim(x[:107]) || '…' ELSE x END;

CREATE OR REPLACE VIEW article_leads AS
SELECT article_id, arg_min(quote, sentence_index) AS lead
FROM sentences
WHERE length(quote) >= 20 AND NOT regexp_matches(quote, '^\s*(https?://|www\.)')
GROUP BY article_id;

-- One row per story: articles about the same event, titled by the headline of
-- its first article that has one, else by the lead of its first article.
CREATE OR REPLACE VIEW stories AS
SELECT
    st.story_id,
    CASE WHEN bool_or(st.method = 'manifest') THEN 'manifest'
         WHEN count(*) = 1 THEN 'alone' ELSE 'inferred' END          AS method,
    count(*)                                                         AS n_articles,
    count(DISTINCT g.source_group)                                   AS n_sources,
    min(a.published)                                                 AS first_published,
    max(a.published)                                                 AS last_published,
    arg_min(coalesce(a.headline, short_title(l.lead), a.path),
            (a.headline IS NULL, coalesce(a.published, DATE '9999-12-31'), a.article_id)) AS headline,
    list(DISTINCT a.outlet ORDER BY a.outlet) FILTER (WHERE a.outlet IS NOT NULL) AS outlets,
    list(a.article_id ORDER BY a.published NULLS LAST, a.article_id) AS article_ids
FROM article_stories AS st
JOIN articles AS a USING (article_id)
JOIN source_groups AS g USING (article_id)
LEFT JOIN article_leads AS l USING (article_id)
GROUP BY st.story_id;

-- Whether a figure's own wording places it at a moment of a changing count: the
-- time rule of docs/claims.md ("Conflict, update or agreement"), in one place.
--   'change'   a verb of change brings the count to the figure: "rose to 24",
--              "bringing the death toll to 11", "turnout reached 93.87 percent";
--   'snapshot' the sentence dates the count as provisional: "so far", "to date",
--              "as of 4 p.m.", "at the time";
--   'phase'    a word ranks it among the count's versions: "earlier",
--              "initially", "preliminary", "revised" ("final" and "initial" are
--              time references already, see warehouse.claims.attribution).
-- NULL when the wording says nothing of time. ``before`` / ``after`` are the
-- sentence's text up to the figure and after it; a phase word counts only in the
-- figure's own clause ("Buckley, originally from Essex," dates nothing).
CREATE OR REPLACE MACRO time_cue(before, after) AS
    CASE
        WHEN regexp_matches(lower(right(before, 80)),
             '\b(rose|risen|rising|rises|climbed|climbing|climbs|increased|increasing|jumped|soared|'
             || 'grew|grown|revised|raised|lowered|upgraded|downgraded|updated|brought|bringing|brings)'
             || '\b[^.;:]{0,60}\bto\s*$')
          OR regexp_matches(lower(right(before, 30)), '\b(reached|reaching|reaches|now stands at|stood at)\s*$')
          OR regexp_matches(lower(left(after, 40)), '^[^.;:]{0,25}\b(up|down) from\b')
            THEN 'change'
        WHEN regexp_matches(lower(before || ' ' || after),
             '\b(so far|to date|as of|as at|by then|at the time|at last count|at the latest count)\b')
            THEN 'snapshot'
        WHEN regexp_matches(lower(regexp_extract(right(before, 60), '[^,;:()]*$') || ' '
                                  || regexp_extract(left(after, 40), '^[^,;:()]*')),
             '\b(earlier|initially|originally|preliminary|provisional|revised)\b')
            THEN 'phase'
    END;

-- One row per figure mention that belongs to a claim, with everything needed to
-- quote it: outlet, source group, sentence, offsets, and the interval its
-- wording allows.
CREATE OR REPLACE VIEW claim_mentions AS
SELECT
    ca.claim_id,
    ca.story_id,
    f.mention_id,
    f.article_id,
    a.outlet,
    a.url,
    a.published,
    g.source_group,
    g.is_primary,
    -- the figure as read (text to counted noun), in figure_mentions' own order
    f.* EXCLUDE (mention_id, article_id, sentence_id, start_char, end_char, subject, verb,
                 extractor_version),
    ca.low,
    ca.high,
    ca.interval_note,
    ca.attributed_to,
    ca.time_reference,
    ca.wording_id,
    -- rows an older linker wrote have none: the mention's own value, as they were read
    coalesce(ca.reading_value, f.value) AS reading_value,
    time_cue(s.text[:f.start_char - s.start_char], s.text[f.end_char - s.start_char + 1:]) AS time_cue,
    s.quote              AS sentence,
    f.sentence_id,
    f.start_char,
    f.end_char
FROM claim_assignments AS ca
JOIN figure_mentions AS f USING (mention_id)
JOIN articles AS a ON a.article_id = f.article_id
JOIN source_groups AS g ON g.article_id = f.article_id
JOIN sentences AS s ON s.sentence_id = f.sentence_id;

-- What a value in a unit of measure is multiplied by to be in its dimension's base
-- unit ("2,000ft" is 609.6 m): the table of warehouse/claims/units.py, which each
-- model build writes to unit_conversions. Any other unit compares as stated.
CREATE OR REPLACE MACRO unit_factor(u) AS
    coalesce((SELECT factor FROM unit_conversions AS uc WHERE uc.unit = u), 1.0);

-- Pairs of mentions of one claim whose wordings cannot both hold, each either a
-- conflict (sources disagree about one moment) or an update (the values belong to
-- different moments of a changing count). An update needs evidence of time:
--   * the figures' stated times differ ("by November 2015" / "in 2016"); or
--   * either figure's own wording places it in time (time_cue above); or
--   * the claim is a count that changes while it is reported (some mention of it
--     has a time cue: "so far", "earlier", "rose to") and the two come from
--     different articles, written at different times (a publication date has no
--     time of day: a death toll rises within one).
-- Without such evidence, different values are a conflict, whatever the dates.
CREATE OR REPLACE VIEW mention_pairs AS
WITH changing AS (
    SELECT claim_id, bool_or(time_cue IS NOT NULL) AS changes
    FROM claim_mentions GROUP BY claim_id
)
SELECT
    a.claim_id,
    a.story_id,
    a.mention_id AS mention_a,
    b.mention_id AS mention_b,
    CASE WHEN w.times_differ
              OR a.time_cue IS NOT NULL OR b.time_cue IS NOT NULL
              OR (c.changes AND a.article_id <> b.article_id)
         THEN 'update' ELSE 'conflict' END AS difference,
    concat_ws('; ',
        CASE WHEN w.times_differ
             THEN format('stated for different times ({} / {})', a.time_reference, b.time_reference) END,
        CASE WHEN a.time_cue IS NOT NULL THEN format('"{}" is worded as a {} ({})', a.text, a.time_cue,
                                                     coalesce(a.outlet, 'unknown outlet')) END,
        CASE WHEN b.time_cue IS NOT NULL THEN format('"{}" is worded as a {} ({})', b.text, b.time_cue,
                                                     coalesce(b.outlet, 'unknown outlet')) END,
        CASE WHEN c.changes AND a.article_id <> b.article_id
             THEN format('a changing count, reported in two articles ({}, {})',
                         coalesce(CAST(a.published AS VARCHAR), 'date unknown'),
                         coalesce(CAST(b.published AS VARCHAR), 'date unknown')) END
    ) AS time_evidence,
    w.same_quantity
FROM claim_mentions AS a
JOIN claim_mentions AS b
  ON a.claim_id = b.claim_id
 AND a.mention_id < b.mention_id
-- Which wordings cannot both hold is the tolerance rule's answer, stored by linking
-- (warehouse/claims/intervals.py agree, via decisions.py): not restated here.
JOIN wording_disagreements AS w
  ON w.claim_id = a.claim_id AND w.wording_a = a.wording_id AND w.wording_b = b.wording_id
JOIN changing AS c ON c.claim_id = a.claim_id;

-- One row per claim: a measurement stated by one or more mentions.
CREATE OR REPLACE VIEW claims AS
WITH differences AS (
    SELECT claim_id,
           bool_or(difference = 'conflict') AS is_conflicted,
           bool_or(difference = 'update')   AS is_updated,
           max(same_quantity) FILTER (WHERE difference = 'conflict') AS same_quantity
    FROM mention_pairs GROUP BY claim_id
),
grouped AS (
    SELECT
        m.claim_id,
        m.story_id,
        any_value(kind)                                          AS kind,
        -- Ties go to the first in alphabetical order: mode alone picks by scan order.
        mode(unit ORDER BY unit)                                 AS unit,
        mode(counted_noun ORDER BY counted_noun)                 AS counted_noun,
        arg_min(sentence, (coalesce(published, DATE '9999-12-31'), mention_id)) AS example_sentence,
        count(*)                                                 AS n_mentions,
        count(DISTINCT article_id)                               AS n_articles,
        count(DISTINCT source_group)                             AS n_sources,
        list(DISTINCT value ORDER BY value) FILTER (WHERE value IS NOT NULL) AS stated_values,
        list(DISTINCT text ORDER BY text)                        AS stated_as,
        -- In the base unit: "about 600m" and "2,000ft" agree on 600..640 m.
        max(low * unit_factor(unit))                             AS agreed_low_base,
        min(high * unit_factor(unit))                            AS agreed_high_base,
        coalesce(any_value(d.is_conflicted), false)              AS is_conflicted,
        coalesce(any_value(d.is_updated), false)                 AS is_updated,
        any_value(d.same_quantity)                               AS same_quantity
    FROM claim_mentions AS m
    LEFT JOIN differences AS d USING (claim_id)
    GROUP BY m.claim_id, m.story_id
)
SELECT
    claim_id, story_id, kind, unit, counted_noun, example_sentence, n_mentions,
    n_articles, n_sources, stated_values, stated_as,
    -- In the claim's unit: not 2000..640 but 600..640 m.
    agreed_low_base / unit_factor(unit)                          AS agreed_low,
    agreed_high_base / unit_factor(unit)                         AS agreed_high,
    is_conflicted,
    is_updated,
    same_quantity
FROM grouped;
