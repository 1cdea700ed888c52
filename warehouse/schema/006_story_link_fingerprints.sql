-- Incremental claim linking: a story's claims and relations depend only on its own
-- articles' figures (with their sentences, names and dates), the linker's version and
-- the pair model. Each linked story keeps a fingerprint of those inputs; a run relinks
-- only the stories whose fingerprint changed (or that are new), keeps the rows of the
-- others as they are, and deletes the rows of stories that no longer exist.
CREATE TABLE story_link_fingerprints (
    story_id            VARCHAR PRIMARY KEY,
    fingerprint         VARCHAR NOT NULL,      -- SHA-256 of what the story's links read
    n_articles          INTEGER NOT NULL,
    n_mentions          INTEGER NOT NULL,      -- figure mentions linking read for the story
    linked_by_run       VARCHAR                -- pipeline run that last relinked it (NULL outside a run)
);

-- How many stories a run relinked, of how many (NULL when the run did not link).
ALTER TABLE pipeline_runs ADD COLUMN stories_relinked INTEGER;
ALTER TABLE pipeline_runs ADD COLUMN stories_total INTEGER;
