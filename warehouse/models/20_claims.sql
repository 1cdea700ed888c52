-- Claims layer: stories, claims and the mentions behind them. Built on the tables
-- that warehouse/claims.py writes (article_stories, source_groups,
-- claim_assignments, claim_relations).

-- One row per story: articles about the same event.
CREATE OR REPLACE VIEW stories AS
SELECT
    st.story_id,
    CASE WHEN bool_or(st.method = 'manifest') THEN 'manifest'
         WHEN count(*) = 1 THEN 'alone' ELSE 'inferred' END          AS method,
    count(*)                                                         AS n_articles,
    count(DISTINCT g.source_group)                                   AS n_sources,
    min(a.published)                                                 AS first_published,
    max(a.published)                                                 AS last_published,
    arg_min(coalesce(a.headline, a.path), (coalesce(a.published, DATE '9999-12-31'), a.article_id)) AS headline,
    list(DISTINCT a.outlet ORDER BY a.outlet) FILTER (WHERE a.outlet IS NOT NULL) AS outlets,
    list(a.article_id ORDER BY a.published NULLS LAST, a.article_id) AS article_ids
FROM article_stories AS st
JOIN articles AS a USING (article_id)
JOIN source_groups AS g USING (article_id)
GROUP BY st.story_id;

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
    f.text,
    f.value,
    f.value_high,
    f.kind,
    f.unit,
    f.qualifier,
    f.counted_noun,
    ca.low,
    ca.high,
    ca.interval_note,
    ca.attributed_to,
    ca.time_reference,
    s.quote              AS sentence,
    f.sentence_id,
    f.start_char,
    f.end_char
FROM claim_assignments AS ca
JOIN figure_mentions AS f USING (mention_id)
JOIN articles AS a ON a.article_id = f.article_id
JOIN source_groups AS g ON g.article_id = f.article_id
JOIN sentences AS s ON s.sentence_id = f.sentence_id;

-- One row per claim: a measurement stated by one or more mentions.
CREATE OR REPLACE VIEW claims AS
SELECT
    claim_id,
    story_id,
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
    max(low)                                                 AS agreed_low,
    min(high)                                                AS agreed_high,
    max(low) > min(high)                                     AS is_conflicted
FROM claim_mentions
GROUP BY claim_id, story_id;
