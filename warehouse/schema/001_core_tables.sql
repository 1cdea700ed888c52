-- Raw layer: what the pipeline read and extracted. One row per thing found; every
-- mention points at its article, its sentence and a character span of the
-- article's original decoded text (start_char inclusive, end_char exclusive).

CREATE TABLE articles (
    article_id          VARCHAR PRIMARY KEY,   -- first 16 hex of sha256(text): content identity
    path                VARCHAR NOT NULL,      -- first file seen with this content, relative to the corpus
    content_sha256      VARCHAR NOT NULL,
    outlet              VARCHAR,
    headline            VARCHAR,
    url                 VARCHAR,
    published           DATE,
    story               VARCHAR,               -- manifest story id, when given
    source_kind         VARCHAR,               -- 'primary' | 'secondary' | NULL (manifest)
    agency              VARCHAR,               -- wire service of a syndicated copy (manifest)
    metadata_evidence   JSON,                  -- [{field, value, source, detail}]
    encoding            VARCHAR,               -- how the bytes were decoded
    decode_note         VARCHAR,               -- set when decoding needed detection or repair
    n_chars             INTEGER NOT NULL,
    n_furniture_chars   INTEGER NOT NULL,
    text                VARCHAR NOT NULL,      -- the original decoded text; offsets index into it
    extractor_versions  VARCHAR NOT NULL,
    loaded_by_run       VARCHAR NOT NULL
);

CREATE TABLE article_files (
    path                VARCHAR PRIMARY KEY,   -- relative to the corpus
    article_id          VARCHAR NOT NULL,      -- several files may hold one article
    content_sha256      VARCHAR NOT NULL,
    size_bytes          BIGINT NOT NULL,
    loaded_by_run       VARCHAR NOT NULL
);

CREATE TABLE sentences (
    sentence_id         VARCHAR PRIMARY KEY,   -- article_id || ':s' || sentence_index
    article_id          VARCHAR NOT NULL,
    sentence_index      INTEGER NOT NULL,
    start_char          INTEGER NOT NULL,
    end_char            INTEGER NOT NULL,
    text                VARCHAR NOT NULL,      -- original[start_char:end_char]
    quote               VARCHAR NOT NULL       -- the same with furniture removed, one line: for reading
);

CREATE TABLE furniture_spans (
    article_id          VARCHAR NOT NULL,
    start_char          INTEGER NOT NULL,
    end_char            INTEGER NOT NULL,
    reason              VARCHAR NOT NULL,
    PRIMARY KEY (article_id, start_char)
);

CREATE TABLE figure_mentions (
    mention_id          VARCHAR PRIMARY KEY,   -- article_id || ':figure:' || start || '-' || end
    article_id          VARCHAR NOT NULL,
    sentence_id         VARCHAR NOT NULL,
    start_char          INTEGER NOT NULL,
    end_char            INTEGER NOT NULL,
    text                VARCHAR NOT NULL,
    value               DOUBLE,
    value_high          DOUBLE,
    kind                VARCHAR NOT NULL,
    unit                VARCHAR,
    qualifier           VARCHAR NOT NULL,
    counted_noun        VARCHAR,
    subject             VARCHAR,
    verb                VARCHAR,
    extractor_version   VARCHAR NOT NULL
);

CREATE TABLE entity_mentions (
    mention_id          VARCHAR PRIMARY KEY,
    article_id          VARCHAR NOT NULL,
    sentence_id         VARCHAR NOT NULL,
    start_char          INTEGER NOT NULL,
    end_char            INTEGER NOT NULL,
    text                VARCHAR NOT NULL,
    label               VARCHAR NOT NULL,      -- PERSON | ORG
    canonical           VARCHAR NOT NULL,
    entity_id           VARCHAR NOT NULL,      -- label || ':' || canonical
    role                VARCHAR,
    extractor_version   VARCHAR NOT NULL
);

CREATE TABLE date_mentions (
    mention_id          VARCHAR PRIMARY KEY,
    article_id          VARCHAR NOT NULL,
    sentence_id         VARCHAR NOT NULL,
    start_char          INTEGER NOT NULL,
    end_char            INTEGER NOT NULL,
    text                VARCHAR NOT NULL,
    value               VARCHAR,               -- ISO partial: 2016-11-25, 2016-11, 2016, 2016-W47, 2016-Q3
    granularity         VARCHAR,
    reason              VARCHAR,               -- why value is NULL
    date_start          DATE,                  -- first day the value covers
    date_end            DATE,                  -- last day the value covers
    extractor_version   VARCHAR NOT NULL
);

CREATE TABLE rejected_inputs (
    run_id              VARCHAR NOT NULL,
    path                VARCHAR NOT NULL,
    reason              VARCHAR NOT NULL,      -- short category: empty, binary, too_large, ...
    detail              VARCHAR NOT NULL,      -- the full message shown to the user
    PRIMARY KEY (run_id, path)
);

CREATE TABLE pipeline_runs (
    run_id              VARCHAR PRIMARY KEY,
    started_at          TIMESTAMP NOT NULL,
    finished_at         TIMESTAMP,
    status              VARCHAR NOT NULL,      -- running | completed | failed
    corpus              VARCHAR NOT NULL,
    discovered          INTEGER,
    processed           INTEGER,
    skipped_unchanged   INTEGER,
    duplicates          INTEGER,
    removed             INTEGER,
    rejected            INTEGER,
    extractor_versions  VARCHAR,
    error               VARCHAR
);
