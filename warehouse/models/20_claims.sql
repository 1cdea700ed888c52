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
-- unit: the table of warehouse/claims/units.py (tests/unit/test_units.py holds the two
-- to one table). Lengths, areas, volumes, masses and speeds compare on one scale
-- ("2,000ft" is 609.6 m); any other unit compares as stated.
CREATE OR REPLACE MACRO unit_factor(u) AS
    CASE u
         WHEN 'm' THEN 1.0
         WHEN 'km' THEN 1000.0
         WHEN 'cm' THEN 0.01
         WHEN 'mm' THEN 0.001
         WHEN 'mi' THEN 1609.344
         WHEN 'ft' THEN 0.3048
         WHEN 'in' THEN 0.0254
         WHEN 'yd' THEN 0.9144
         WHEN 'nmi' THEN 1852.0
         WHEN 'm²' THEN 1.0
         WHEN 'km²' THEN 1000000.0
         WHEN 'ft²' THEN 0.09290304
         WHEN 'mi²' THEN 2589988.110336
         WHEN 'ha' THEN 10000.0
         WHEN 'acres' THEN 4046.8564224
         WHEN 'l' THEN 1.0
         WHEN 'ml' THEN 0.001
         WHEN 'm³' THEN 1000.0
         WHEN 'ft³' THEN 28.316846592
         WHEN 'gal' THEN 3.785411784
         WHEN 'kg' THEN 1.0
         WHEN 't' THEN 1000.0
         WHEN 'g' THEN 0.001
         WHEN 'mg' THEN 1e-06
         WHEN 'lb' THEN 0.45359237
         WHEN 'oz' THEN 0.028349523125
         WHEN 'st' THEN 6.35029318
         WHEN 'm/s' THEN 1.0
         WHEN 'km/h' THEN 0.2777777777777778
         WHEN 'mph' THEN 0.44704
         WHEN 'knots' THEN 0.5144444444444445
         ELSE 1.0 END;
-- The base unit of a unit's dimension (NULL: compared as stated).
CREATE OR REPLACE MACRO unit_base(u) AS
    CASE u
         WHEN 'm' THEN 'm'
         WHEN 'km' THEN 'm'
         WHEN 'cm' THEN 'm'
         WHEN 'mm' THEN 'm'
         WHEN 'mi' THEN 'm'
         WHEN 'ft' THEN 'm'
         WHEN 'in' THEN 'm'
         WHEN 'yd' THEN 'm'
         WHEN 'nmi' THEN 'm'
         WHEN 'm²' THEN 'm²'
         WHEN 'km²' THEN 'm²'
         WHEN 'ft²' THEN 'm²'
         WHEN 'mi²' THEN 'm²'
         WHEN 'ha' THEN 'm²'
         WHEN 'acres' THEN 'm²'
         WHEN 'l' THEN 'l'
         WHEN 'ml' THEN 'l'
         WHEN 'm³' THEN 'l'
         WHEN 'ft³' THEN 'l'
         WHEN 'gal' THEN 'l'
         WHEN 'kg' THEN 'kg'
         WHEN 't' THEN 'kg'
         WHEN 'g' THEN 'kg'
         WHEN 'mg' THEN 'kg'
         WHEN 'lb' THEN 'kg'
         WHEN 'oz' THEN 'kg'
         WHEN 'st' THEN 'kg'
         WHEN 'm/s' THEN 'm/s'
         WHEN 'km/h' THEN 'm/s'
         WHEN 'mph' THEN 'm/s'
         WHEN 'knots' THEN 'm/s'
         END;
-- intervals.CONVERSION_RELATIVE between two different units of one dimension (a
-- value restated in another unit is a rounded conversion), else 0.
CREATE OR REPLACE MACRO conversion_slack(ua, ub) AS
    CASE WHEN ua <> ub AND unit_base(ua) = unit_base(ub) THEN 0.05 ELSE 0.0 END;

-- The tolerance rule of warehouse.claims.intervals.agree, on stored intervals.
-- What a wording states: its own value when unhedged (not a range, not a spoken
-- fraction), else its whole interval; what it stands for: its interval (for an
-- unhedged figure, all that rounds to it as written). Two wordings agree when
-- what either states fits what the other stands for: "£2.41m" rounds to "£2.4m",
-- "£2.5m" does not round to "£2m" (tests/unit/test_tolerance.py holds the two
-- sides to one table).
CREATE OR REPLACE MACRO stated_low(qualifier, value, value_high, kind, low) AS
    CASE WHEN qualifier = 'exact' AND value IS NOT NULL AND value_high IS NULL
              AND kind <> 'fraction' THEN value ELSE low END;
CREATE OR REPLACE MACRO stated_high(qualifier, value, value_high, kind, high) AS
    CASE WHEN qualifier = 'exact' AND value IS NOT NULL AND value_high IS NULL
              AND kind <> 'fraction' THEN value ELSE high END;
CREATE OR REPLACE MACRO wordings_agree(qa, va, vha, ka, la, ha, qb, vb, vhb, kb, lb, hb) AS
    (stated_low(qa, va, vha, ka, la) <= hb AND lb <= stated_high(qa, va, vha, ka, ha))
    OR (stated_low(qb, vb, vhb, kb, lb) <= ha AND la <= stated_high(qb, vb, vhb, kb, hb));

-- wordings_agree on one scale: each figure in its dimension's base unit, and what
-- each stands for widened by conversion_slack when one is a conversion of the other.
CREATE OR REPLACE MACRO figures_agree(qa, va, vha, ka, ua, la, ha, qb, vb, vhb, kb, ub, lb, hb) AS
    wordings_agree(qa, va * unit_factor(ua), vha * unit_factor(ua), ka,
                   la * unit_factor(ua) * (1 - conversion_slack(ua, ub)),
                   ha * unit_factor(ua) * (1 + conversion_slack(ua, ub)),
                   qb, vb * unit_factor(ub), vhb * unit_factor(ub), kb,
                   lb * unit_factor(ub) * (1 - conversion_slack(ua, ub)),
                   hb * unit_factor(ub) * (1 + conversion_slack(ua, ub)));

-- Two times are apart when both are stated and differ (date ranges that do not
-- overlap, or two different tags such as 'initial' and 'final').
CREATE OR REPLACE MACRO times_differ(a, b) AS
    a IS NOT NULL AND b IS NOT NULL AND a <> b
    AND (NOT (contains(a, '..') AND contains(b, '..'))
         OR split_part(a, '..', 2) < split_part(b, '..', 1)
         OR split_part(b, '..', 2) < split_part(a, '..', 1));

-- Pairs of mentions of one claim whose intervals cannot both hold, each either a
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
    CASE WHEN times_differ(a.time_reference, b.time_reference)
              OR a.time_cue IS NOT NULL OR b.time_cue IS NOT NULL
              OR (c.changes AND a.article_id <> b.article_id)
         THEN 'update' ELSE 'conflict' END AS difference,
    concat_ws('; ',
        CASE WHEN times_differ(a.time_reference, b.time_reference)
             THEN format('stated for different times ({} / {})', a.time_reference, b.time_reference) END,
        CASE WHEN a.time_cue IS NOT NULL THEN format('"{}" is worded as a {} ({})', a.text, a.time_cue,
                                                     coalesce(a.outlet, 'unknown outlet')) END,
        CASE WHEN b.time_cue IS NOT NULL THEN format('"{}" is worded as a {} ({})', b.text, b.time_cue,
                                                     coalesce(b.outlet, 'unknown outlet')) END,
        CASE WHEN c.changes AND a.article_id <> b.article_id
             THEN format('a changing count, reported in two articles ({}, {})',
                         coalesce(CAST(a.published AS VARCHAR), 'date unknown'),
                         coalesce(CAST(b.published AS VARCHAR), 'date unknown')) END
    ) AS time_evidence
FROM claim_mentions AS a
JOIN claim_mentions AS b
  ON a.claim_id = b.claim_id
 AND a.mention_id < b.mention_id
 AND NOT figures_agree(a.qualifier, a.value, a.value_high, a.kind, a.unit, a.low, a.high,
                       b.qualifier, b.value, b.value_high, b.kind, b.unit, b.low, b.high)
JOIN changing AS c ON c.claim_id = a.claim_id;

-- One row per claim: a measurement stated by one or more mentions.
CREATE OR REPLACE VIEW claims AS
WITH differences AS (
    SELECT claim_id,
           bool_or(difference = 'conflict') AS is_conflicted,
           bool_or(difference = 'update')   AS is_updated
    FROM mention_pairs GROUP BY claim_id
)
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
    -- In the claim's unit: "about 600m" and "2,000ft" agree on 600..640 m, not 2000..640.
    max(low * unit_factor(unit)) / unit_factor(mode(unit ORDER BY unit))  AS agreed_low,
    min(high * unit_factor(unit)) / unit_factor(mode(unit ORDER BY unit)) AS agreed_high,
    coalesce(any_value(d.is_conflicted), false)              AS is_conflicted,
    coalesce(any_value(d.is_updated), false)                 AS is_updated
FROM claim_mentions AS m
LEFT JOIN differences AS d USING (claim_id)
GROUP BY m.claim_id, m.story_id;
