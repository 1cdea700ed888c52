-- How sure the pair model is that two disagreeing wordings of a claim state one
-- quantity (warehouse/claims/features.py strongest_links): a conflict rests on it.
-- Rows written before this column existed keep NULL until their story is relinked
-- (the linker's version changed with it, so the next run relinks every story).
ALTER TABLE wording_disagreements ADD COLUMN same_quantity DOUBLE;
