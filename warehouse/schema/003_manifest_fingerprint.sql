-- A file is re-extracted when its manifest row changes, not only its text: the
-- row sets the publication date that dates resolve against, the outlet and the
-- story. Files loaded before this migration have no fingerprint and are
-- re-extracted once by the next run.
ALTER TABLE article_files ADD COLUMN manifest_sha256 VARCHAR;
