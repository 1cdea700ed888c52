-- Web archives and JSON Lines exports (issue 16). A WARC record's target URI and
-- capture date stay on its article; archive_files and archive_records remember
-- what each archive's scan found, so a re-run reads none of an unchanged
-- archive again and a grown one only from where the last scan ended.

ALTER TABLE articles ADD COLUMN warc_target_uri VARCHAR;
ALTER TABLE articles ADD COLUMN warc_date TIMESTAMP;
-- SHA-256 of what an archive record or an export line held (NULL for a plain
-- file): an unchanged record or line is recognised without reading it again.
ALTER TABLE article_files ADD COLUMN source_sha256 VARCHAR;
ALTER TABLE pipeline_runs ADD COLUMN skipped_records JSON;

CREATE TABLE archive_files (
    path                VARCHAR PRIMARY KEY,   -- the archive, relative to the corpus
    size_bytes          BIGINT NOT NULL,
    head_sha256         VARCHAR NOT NULL,      -- SHA-256 of its first 64 KiB
    scanned_to          BIGINT NOT NULL,       -- bytes scanned; records past it are new
    scanned_by_run      VARCHAR NOT NULL
);

CREATE TABLE archive_records (
    archive_path        VARCHAR NOT NULL,
    record_offset       BIGINT NOT NULL,       -- byte offset of the record (its gzip member)
    record_length       BIGINT NOT NULL,
    record_type         VARCHAR,               -- WARC-Type; NULL for a damaged stretch
    target_uri          VARCHAR,
    warc_date           VARCHAR,               -- WARC-Date as written (ISO 8601)
    http_status         INTEGER,
    content_type        VARCHAR,               -- of the HTTP payload
    payload_sha256      VARCHAR,
    outcome             VARCHAR NOT NULL,      -- article | skipped:<reason> | rejected:<reason>
    detail              VARCHAR,               -- for a rejection: file, offset and reason
    scanned_by_run      VARCHAR NOT NULL,
    -- set when extraction refused the page (no article text, unknown charset):
    -- it is tried again only with other extractor versions
    rejected_by_versions VARCHAR,
    PRIMARY KEY (archive_path, record_offset)
);
