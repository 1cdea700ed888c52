-- The same-party rule is not transitive ("police and organisers" shares a head word
-- with both "police" and "organisers", which are two parties), so one key per party
-- cannot carry its answers: linking stores the pairs it keeps apart instead.
ALTER TABLE claim_assignments DROP COLUMN party_key;

-- Pairs of attributions given to mentions of one claim in one article that the
-- same-party rule (warehouse/claims/attribution.py) keeps apart, both ways round.
CREATE TABLE party_splits (
    claim_id            VARCHAR NOT NULL,
    story_id            VARCHAR NOT NULL,
    party_a             VARCHAR NOT NULL,      -- claim_assignments.attributed_to
    party_b             VARCHAR NOT NULL,
    PRIMARY KEY (claim_id, party_a, party_b)
);
