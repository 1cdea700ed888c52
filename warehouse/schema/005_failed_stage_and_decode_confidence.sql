-- A run whose late stage (claim linking, SQL models, report) fails still publishes
-- the articles it extracted and loaded; these columns say which stage failed and
-- which file the error concerns, so the next run knows what to redo.
ALTER TABLE pipeline_runs ADD COLUMN failed_stage VARCHAR;
ALTER TABLE pipeline_runs ADD COLUMN error_file VARCHAR;

-- How sure encoding detection was of the encoding it chose (1.0 when the bytes
-- said it themselves: valid UTF-8, a byte-order mark, a declared charset).
ALTER TABLE articles ADD COLUMN decode_confidence DOUBLE;
