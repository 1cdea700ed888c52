-- Staging layer: the raw mention tables joined to the context a reader needs
-- (outlet, publication date, the sentence). One row per mention, as in raw; each
-- view keeps its mention table's own columns, in their order, after the context
-- (`m.* EXCLUDE`), so a mention's columns are listed once, in its migration.

CREATE OR REPLACE VIEW stg_figures AS
SELECT
    f.mention_id,
    f.article_id,
    a.outlet,
    a.published,
    a.url,
    a.story              AS manifest_story,
    f.sentence_id,
    s.sentence_index,
    s.quote              AS sentence,
    f.* EXCLUDE (mention_id, article_id, sentence_id)
FROM figure_mentions AS f
JOIN articles AS a USING (article_id)
JOIN sentences AS s USING (sentence_id);

-- Entity and date mentions: the same context, without the extractor version.
CREATE OR REPLACE MACRO staged_mentions(mentions) AS TABLE
SELECT
    m.mention_id,
    m.article_id,
    a.outlet,
    a.published,
    m.sentence_id,
    s.quote              AS sentence,
    m.* EXCLUDE (mention_id, article_id, sentence_id, extractor_version)
FROM query_table(mentions) AS m
JOIN articles AS a USING (article_id)
JOIN sentences AS s USING (sentence_id);

CREATE OR REPLACE VIEW stg_entities AS SELECT * FROM staged_mentions('entity_mentions');

CREATE OR REPLACE VIEW stg_dates AS SELECT * FROM staged_mentions('date_mentions');

-- One row per canonical entity: every name it was written as, and how often.
CREATE OR REPLACE TABLE entities AS
SELECT
    entity_id,
    any_value(canonical)                        AS canonical,
    any_value(label)                            AS label,
    list(DISTINCT text ORDER BY text)           AS aliases,
    list(DISTINCT role ORDER BY role) FILTER (WHERE role IS NOT NULL) AS roles,
    count(*)                                    AS mention_count,
    count(DISTINCT article_id)                  AS article_count
FROM entity_mentions
GROUP BY entity_id;

-- How a number reads in a rationale: 384, 0.743, 2,500,000.
CREATE OR REPLACE MACRO num_text(x) AS
    CASE WHEN x IS NULL THEN 'unknown'
         WHEN x = trunc(x) AND abs(x) < 1e15 THEN format('{:,}', CAST(x AS BIGINT))
         ELSE printf('%.4g', x) END;

-- The interval a group of wordings of one value allows (aggregates over its rows): where
-- their intervals meet, the part they share; where they do not ("about 2,000" and
-- "more than 2,500"), the span from the lowest to the highest, so no wording is lost.
CREATE OR REPLACE MACRO held_low(low, high) AS
    CASE WHEN max(low) <= min(high) THEN max(low) ELSE min(low) END;
CREATE OR REPLACE MACRO held_high(low, high) AS
    CASE WHEN max(low) <= min(high) THEN min(high) ELSE max(high) END;

-- Which mention's words speak for a value: exact wording first, then the earliest
-- published, then the first mention id, so that ties never depend on scan order.
CREATE OR REPLACE MACRO wording_order(qualifier, published, mention_id) AS
    (CASE qualifier WHEN 'exact' THEN 0 ELSE 1 END,
     coalesce(published, DATE '9999-12-31'),
     mention_id);
