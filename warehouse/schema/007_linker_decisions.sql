-- The linker's rules decided once, in Python (warehouse/claims/decisions.py), and
-- stored with the claims: the SQL models read these answers and restate no rule.

-- Mentions of one claim that the rules cannot tell apart share a wording_id; the
-- parties of a claim that the same-party rule joins share a party_key.
ALTER TABLE claim_assignments ADD COLUMN wording_id VARCHAR;
ALTER TABLE claim_assignments ADD COLUMN party_key VARCHAR;

-- Pairs of a claim's wordings that cannot both hold (the tolerance rule,
-- warehouse/claims/intervals.py agree), stored both ways round.
CREATE TABLE wording_disagreements (
    claim_id            VARCHAR NOT NULL,
    story_id            VARCHAR NOT NULL,
    wording_a           VARCHAR NOT NULL,
    wording_b           VARCHAR NOT NULL,
    times_differ        BOOLEAN NOT NULL,      -- their stated times are apart
    PRIMARY KEY (claim_id, wording_a, wording_b)
);

-- Units of one dimension on one scale (warehouse/claims/units.py, written by each
-- model build): value * factor is the value in base_unit.
CREATE TABLE unit_conversions (
    unit                VARCHAR PRIMARY KEY,
    base_unit           VARCHAR NOT NULL,
    factor              DOUBLE NOT NULL
);
