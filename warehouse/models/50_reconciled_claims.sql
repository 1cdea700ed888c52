-- Reconciliation: for every claim, the value the evidence supports.
--
-- Each distinct stated value is a candidate; a figure restating another of its own
-- sentence in another unit ("2,000ft (609 metres)") counts towards the value it
-- restates (reading_value, decided by linking: warehouse/claims/decisions.py
-- readings). Its evidence, all listed:
--   * independent sources whose wording can hold with it (articles of one outlet, copies
--     of one agency story and near-identical texts count once);
--   * primary sources (manifest source_kind = 'primary') among them;
--   * whether any source states it exactly rather than approximately;
--   * consistency checks that pass or fail when the whole takes this value.
-- score = 3 x primary sources + independent sources + 0.5 if stated exactly
--         + 1 x checks passed - 1.5 x checks failed.
-- Majority vote over mentions is kept beside it as the baseline.
-- A claim whose values changed over time and that no same-moment conflict
-- disputes (an update, docs/claims.md) takes its latest value instead.

CREATE OR REPLACE VIEW claim_candidates AS
WITH stated AS (
    -- The interval, exactness and wording come from the value's own unit (the
    -- mentions stating it); the count and the parties from its restatements too.
    SELECT
        claim_id,
        reading_value                                          AS candidate_value,
        held_low(own_low, own_high)                            AS candidate_low,
        held_high(own_low, own_high)                           AS candidate_high,
        bool_or(qualifier = 'exact') FILTER (WHERE own)        AS stated_exactly,
        count(*) FILTER (WHERE own)                            AS n_stating,  -- one vote per statement
        arg_min(text, wording_order(qualifier, published, mention_id)) FILTER (WHERE own) AS wording,
        -- a measurement's own unit: "6 miles" may stand for a claim most of whose
        -- mentions say km (claim_mentions.reading_value)
        mode(unit ORDER BY unit) FILTER (WHERE own AND unit IN (SELECT unit FROM unit_conversions))
                                                               AS candidate_unit,
        string_agg(DISTINCT attributed_to, ' / ' ORDER BY attributed_to) AS attributed_to
    FROM (SELECT *, value = reading_value AS own,
                 CASE WHEN value = reading_value THEN low END  AS own_low,
                 CASE WHEN value = reading_value THEN high END AS own_high
          FROM claim_mentions)
    WHERE value IS NOT NULL  -- a vague amount ("tens of thousands") only supports values
    GROUP BY claim_id, reading_value
),
-- Wordings that cannot hold with some wording stating the candidate (the tolerance
-- rule's answers, stored by linking in wording_disagreements): they do not support it.
-- "£2.5m" does not support "£2m", though what "£2m" rounds from reaches £2.5m.
-- When one wording of a value is given by more sources than any other wording of it,
-- that wording stands for the value: "seven minutes" (four sources) is not undone by
-- "less than seven minutes" (one), which states seven too but cannot hold with it.
-- When no wording leads ("six" against "over six", one source each), every wording
-- of the value disputes the others and no mention supports it: unresolved. A bound
-- that excludes the value ("less than seven") never leads it: then nothing does.
value_wordings AS (
    SELECT claim_id, reading_value AS candidate_value, wording_id,
           count(DISTINCT source_group)                    AS n_sources,
           bool_or(qualifier IN ('more_than', 'less_than')) AS excludes_value
    FROM claim_mentions
    WHERE value IS NOT NULL AND value = reading_value
    GROUP BY claim_id, reading_value, wording_id
),
lead_wording AS (
    SELECT claim_id, candidate_value, any_value(wording_id) AS wording_id
    FROM (SELECT *, rank() OVER (PARTITION BY claim_id, candidate_value
                                 ORDER BY n_sources DESC) AS place
          FROM value_wordings)
    WHERE place = 1
    GROUP BY claim_id, candidate_value
    HAVING count(*) = 1 AND NOT bool_or(excludes_value)
),
disputing AS (
    SELECT DISTINCT m.claim_id, m.reading_value AS candidate_value, d.wording_b AS wording_id
    FROM claim_mentions AS m
    JOIN wording_disagreements AS d
      ON d.claim_id = m.claim_id AND d.wording_a = m.wording_id
    LEFT JOIN lead_wording AS l
      ON l.claim_id = m.claim_id AND l.candidate_value = m.reading_value
    WHERE m.value IS NOT NULL
      AND (l.wording_id IS NULL OR m.wording_id = l.wording_id)
),
supporting AS (
    SELECT s.*, m.mention_id, m.article_id, m.source_group, m.is_primary, m.outlet
    FROM stated AS s
    JOIN claim_mentions AS m ON m.claim_id = s.claim_id
    ANTI JOIN disputing AS x
      ON x.claim_id = s.claim_id AND x.candidate_value = s.candidate_value
     AND x.wording_id = m.wording_id
),
per_group AS (
    SELECT claim_id, candidate_value, source_group,
           bool_or(is_primary)                                 AS is_primary,
           string_agg(DISTINCT coalesce(outlet, 'unknown outlet'), ' / '
                      ORDER BY coalesce(outlet, 'unknown outlet')) AS outlets,
           count(DISTINCT article_id)                          AS n_articles
    FROM supporting
    GROUP BY ALL
),
sources AS (
    SELECT claim_id, candidate_value,
           count(*)                                            AS n_sources,
           count(*) FILTER (WHERE is_primary)                  AS n_primary,
           string_agg(
               outlets || CASE WHEN n_articles > 1
                               THEN format(' ({} articles, one source)', n_articles) ELSE '' END
                       || CASE WHEN is_primary THEN ' [primary]' ELSE '' END,
               '; ' ORDER BY is_primary DESC, n_articles DESC, outlets) AS sources_text
    FROM per_group
    GROUP BY ALL
),
support_counts AS (
    SELECT claim_id, candidate_value,
           count(DISTINCT mention_id)                          AS n_supporting_mentions,
           count(DISTINCT article_id)                          AS n_articles,
           list(DISTINCT mention_id ORDER BY mention_id)       AS supporting_mention_ids
    FROM supporting
    GROUP BY ALL
),
checks AS (
    SELECT tested_claim_id AS claim_id, candidate_value,
           count(*) FILTER (WHERE verdict = 'pass')            AS n_checks_passed,
           count(*) FILTER (WHERE verdict = 'fail')            AS n_checks_failed,
           string_agg(description, '; ' ORDER BY description) FILTER (WHERE verdict = 'pass') AS passed_checks,
           string_agg(description, '; ' ORDER BY description) FILTER (WHERE verdict = 'fail') AS failed_checks
    FROM consistency_checks
    GROUP BY ALL
)
SELECT
    s.claim_id,
    s.candidate_value,
    s.candidate_low,
    s.candidate_high,
    s.wording,
    s.candidate_unit,
    s.attributed_to,
    s.stated_exactly,
    s.n_stating,
    sc.n_supporting_mentions,
    sc.n_articles,
    so.n_sources,
    so.n_primary,
    so.sources_text,
    coalesce(c.n_checks_passed, 0)                             AS n_checks_passed,
    coalesce(c.n_checks_failed, 0)                             AS n_checks_failed,
    c.passed_checks,
    c.failed_checks,
    3.0 * so.n_primary + so.n_sources + CASE WHEN s.stated_exactly THEN 0.5 ELSE 0 END
        + coalesce(c.n_checks_passed, 0) - 1.5 * coalesce(c.n_checks_failed, 0) AS score,
    sc.supporting_mention_ids
FROM stated AS s
JOIN sources AS so USING (claim_id, candidate_value)
JOIN support_counts AS sc USING (claim_id, candidate_value)
LEFT JOIN checks AS c USING (claim_id, candidate_value);

CREATE OR REPLACE VIEW reconciled_claims AS
WITH ranked AS (
    SELECT *,
           row_number() OVER (PARTITION BY claim_id
                              ORDER BY score DESC, n_sources DESC, stated_exactly DESC,
                                       n_stating DESC, candidate_value) AS rank,
           row_number() OVER (PARTITION BY claim_id
                              ORDER BY n_stating DESC, stated_exactly DESC, candidate_value) AS majority_rank
    FROM claim_candidates
),
best AS (SELECT * FROM ranked WHERE rank = 1),
runner_up AS (SELECT * FROM ranked WHERE rank = 2),
majority AS (SELECT claim_id, candidate_value AS majority_value FROM ranked WHERE majority_rank = 1),
alternatives AS (
    SELECT claim_id,
           list({'value': candidate_value, 'wording': wording, 'score': score,
                 'sources': n_sources, 'primary_sources': n_primary,
                 'checks_passed': n_checks_passed, 'checks_failed': n_checks_failed,
                 'sources_text': sources_text} ORDER BY rank)                     AS candidates,
           string_agg(format('{}{} ({})', wording, coalesce(', said by ' || attributed_to, ''),
                             sources_text), ' vs ' ORDER BY rank)               AS positions,
           count(*)                                                              AS n_candidates
    FROM ranked
    GROUP BY claim_id
),
-- Checks whose verdict differs between the chosen value and the runner-up: the
-- arithmetic that decided between them.
decisive AS (
    SELECT b.claim_id,
           string_agg(cw.description, '; ' ORDER BY cw.description) AS for_best,
           string_agg(cr.description, '; ' ORDER BY cr.description) AS against_runner_up,
           count(*) FILTER (WHERE cw.verdict = 'pass')               AS n_for_best
    FROM best AS b
    JOIN runner_up AS r USING (claim_id)
    JOIN consistency_checks AS cw
      ON cw.tested_claim_id = b.claim_id AND cw.candidate_value = b.candidate_value
    JOIN consistency_checks AS cr
      ON cr.tested_claim_id = b.claim_id AND cr.candidate_value = r.candidate_value
     AND cr.relation_id = cw.relation_id AND cr.check_name = cw.check_name
     AND cr.compared = cw.compared
    WHERE cw.verdict <> cr.verdict
    GROUP BY b.claim_id
),
-- Claims whose two leading values one article gives to two named parties
-- ("organisers said 250,000 ..., police estimated 60,000"): estimates in dispute,
-- not outlets misreporting one figure. "Police" and "the Metropolitan Police"
-- are one party (the same-party rule's answers are stored by linking: party_splits).
-- A claim whose values changed over time (and that no same-moment conflict
-- disputes) is read at its latest moment; its timeline is in claim_timeline.
latest AS (
    SELECT claim_id, arg_max(value, step) AS value, arg_max(low, step) AS low,
           arg_max(high, step) AS high, arg_max(stated, step) AS stated,
           string_agg(format('{} ({}{})', stated, coalesce(outlet, 'unknown outlet'),
                             coalesce(', ' || CAST(as_of AS VARCHAR), '')
                             || coalesce(', worded as a ' || time_cue, '')), ' → ' ORDER BY step) AS path
    FROM claim_timeline
    GROUP BY claim_id
),
party_split AS (
    SELECT DISTINCT b.claim_id
    FROM best AS b
    JOIN runner_up AS r USING (claim_id)
    JOIN claim_mentions AS mb
      ON mb.claim_id = b.claim_id AND mb.reading_value = b.candidate_value
    JOIN claim_mentions AS mr
      ON mr.claim_id = b.claim_id AND mr.reading_value = r.candidate_value
     AND mr.article_id = mb.article_id
    JOIN party_splits AS ps
      ON ps.claim_id = b.claim_id AND ps.party_a = mb.attributed_to
     AND ps.party_b = mr.attributed_to
)
SELECT
    cl.claim_id,
    cl.story_id,
    cl.kind,
    CASE WHEN lt.claim_id IS NOT NULL AND NOT cl.is_conflicted THEN cl.unit
         ELSE coalesce(b.candidate_unit, cl.unit) END         AS unit,
    cl.counted_noun,
    cl.is_conflicted,
    cl.is_updated,
    CASE WHEN lt.claim_id IS NOT NULL AND NOT cl.is_conflicted THEN lt.value
         ELSE b.candidate_value END                            AS value,
    CASE WHEN cl.is_conflicted THEN b.candidate_low
         WHEN lt.claim_id IS NOT NULL THEN lt.low
         ELSE cl.agreed_low * unit_factor(cl.unit) / unit_factor(coalesce(b.candidate_unit, cl.unit))
         END                                                   AS value_low,
    CASE WHEN cl.is_conflicted THEN b.candidate_high
         WHEN lt.claim_id IS NOT NULL THEN lt.high
         ELSE cl.agreed_high * unit_factor(cl.unit) / unit_factor(coalesce(b.candidate_unit, cl.unit))
         END                                                   AS value_high,
    CASE WHEN lt.claim_id IS NOT NULL AND NOT cl.is_conflicted THEN lt.stated
         ELSE b.wording END                                    AS wording,
    round(CASE
        WHEN b.claim_id IS NULL THEN NULL
        WHEN NOT cl.is_conflicted THEN
            least(0.95, greatest(0.05, 0.55 + 0.1 * least(b.n_sources - 1, 3) + 0.1 * b.n_primary
                                      + 0.1 * least(b.n_checks_passed, 2) - 0.2 * b.n_checks_failed))
        ELSE least(0.9, greatest(0.5, 0.5 + 0.1 * (b.score - coalesce(r.score, 0))))
    END, 2)                                                    AS confidence,
    al.n_candidates,
    al.candidates                                              AS alternatives,
    m.majority_value,
    m.majority_value = CASE WHEN lt.claim_id IS NOT NULL AND NOT cl.is_conflicted THEN lt.value
                            ELSE b.candidate_value END         AS agrees_with_majority,
    -- No candidate: an update is still read at its latest moment; anything else is unresolved.
    CASE WHEN b.claim_id IS NULL AND (cl.is_conflicted OR lt.claim_id IS NULL) THEN
        format('Sources disagree: {}. Each value is disputed by another wording of the same'
               || ' value, so no mention supports any of them: unresolved.',
               array_to_string(cl.stated_as, ' vs '))
    WHEN lt.claim_id IS NOT NULL AND NOT cl.is_conflicted THEN
        format('The value changed over time, not between sources: {}. The latest, {}, is taken.',
               lt.path, lt.stated)
    WHEN NOT cl.is_conflicted THEN
        format('{} mention(s) in {} article(s) agree: {} independent source(s) ({}).{}{}',
               cl.n_mentions, cl.n_articles, b.n_sources, b.sources_text,
               CASE WHEN b.passed_checks IS NOT NULL THEN ' Fits: ' || b.passed_checks || '.' ELSE '' END,
               CASE WHEN b.failed_checks IS NOT NULL THEN ' Does not fit: ' || b.failed_checks || '.' ELSE '' END)
    ELSE
        format('Sources disagree: {}.{} {} is chosen because {}.{}',
               al.positions,
               CASE WHEN ps.claim_id IS NOT NULL
                    THEN format(' The values are estimates by different parties ({} and {}): outlets'
                                || ' reporting both confirm who said what, not which is right.',
                                b.attributed_to, r.attributed_to)
                    ELSE '' END,
               b.wording,
               coalesce(nullif(concat_ws('; ',
                   CASE WHEN b.n_primary > coalesce(r.n_primary, 0)
                        THEN 'a primary source states it' END,
                   CASE WHEN d.n_for_best > 0
                        THEN format('the arithmetic of related figures fits it ({}) and not {} ({})',
                                    d.for_best, r.wording, d.against_runner_up) END,
                   CASE WHEN b.n_sources > coalesce(r.n_sources, 0)
                        THEN format('{} independent sources state it against {}', b.n_sources,
                                    coalesce(r.n_sources, 0)) END,
                   CASE WHEN b.stated_exactly AND NOT coalesce(r.stated_exactly, false)
                        THEN 'it is stated exactly, the alternative only approximately' END
               ), ''), CASE WHEN b.score = r.score
                    THEN format('nothing listed tells the values apart (each has {} independent'
                                || ' source(s) and no related figure decides): it comes first only'
                                || ' by order, so treat the claim as unresolved', b.n_sources)
                    ELSE 'it ranks first on the listed evidence, without a decisive difference (low confidence)'
                    END),
               CASE WHEN m.majority_value <> b.candidate_value
                    THEN format(' A majority vote over mentions would have said {}.', num_text(m.majority_value))
                    ELSE '' END)
    END                                                        AS rationale,
    b.supporting_mention_ids
FROM claims AS cl
-- A claim can have no candidate: when every stated value is disputed by a wording of
-- that same value ("over six" against "six"), no mention supports any value. It keeps
-- its row, with no value and a rationale that says so (one row per claim).
LEFT JOIN best AS b USING (claim_id)
LEFT JOIN runner_up AS r USING (claim_id)
LEFT JOIN majority AS m USING (claim_id)
LEFT JOIN alternatives AS al USING (claim_id)
LEFT JOIN decisive AS d USING (claim_id)
LEFT JOIN party_split AS ps USING (claim_id)
LEFT JOIN latest AS lt USING (claim_id);
