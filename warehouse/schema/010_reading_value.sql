-- The value reconciliation weighs a mention as: its own, or, for a figure restating
-- another of its sentence in another unit ("2,000ft (609 metres)"), the value of the
-- figure it restates (warehouse/claims/decisions.py readings). Rows written before
-- this column existed keep NULL until their story is relinked (the linker's version
-- changed with it).
ALTER TABLE claim_assignments ADD COLUMN reading_value DOUBLE;
