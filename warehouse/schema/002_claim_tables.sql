-- Claim linking: written by warehouse/claims.py after every load (it needs text
-- heuristics that are clumsy in SQL); the SQL models build on these tables.

CREATE TABLE article_stories (
    article_id          VARCHAR PRIMARY KEY,
    story_id            VARCHAR NOT NULL,
    method              VARCHAR NOT NULL,      -- manifest | inferred | alone
    evidence            VARCHAR                -- why it joined the story
);

CREATE TABLE source_groups (
    article_id          VARCHAR PRIMARY KEY,
    source_group        VARCHAR NOT NULL,      -- articles in one group count as one source
    method              VARCHAR NOT NULL,      -- agency | outlet | near_duplicate | unknown_outlet
    is_primary          BOOLEAN NOT NULL       -- manifest source_kind = 'primary'
);

CREATE TABLE claim_assignments (
    mention_id          VARCHAR PRIMARY KEY,   -- figure_mentions.mention_id
    claim_id            VARCHAR NOT NULL,
    story_id            VARCHAR NOT NULL,
    low                 DOUBLE,                -- the interval the figure's wording allows
    high                DOUBLE,
    interval_note       VARCHAR,               -- how the interval was read
    attributed_to       VARCHAR,               -- who the sentence says gave the figure
    time_reference      VARCHAR                -- the time the figure describes, when stated
);

CREATE TABLE claim_relations (
    relation_id         VARCHAR PRIMARY KEY,
    story_id            VARCHAR NOT NULL,
    relation            VARCHAR NOT NULL,      -- part_of | share_of | categories_of
    whole_claim_id      VARCHAR NOT NULL,
    part_claim_ids      VARCHAR[] NOT NULL,    -- the parts (empty for a share with no stated part)
    share_claim_id      VARCHAR,               -- for share_of
    evidence            VARCHAR NOT NULL       -- the wording that links them
);
