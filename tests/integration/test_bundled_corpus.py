"""The bundled corpus end to end, no browser needed: the fact a fact-checker comes for."""

from __future__ import annotations


def test_384_against_374_is_one_conflicted_claim_reconciled_to_374_by_arithmetic(warehouse):
    rows = warehouse.execute(
        "SELECT r.value, r.rationale, list(DISTINCT m.value ORDER BY m.value)"
        " FROM reconciled_claims r JOIN claim_mentions m USING (claim_id)"
        " WHERE r.is_conflicted GROUP BY r.claim_id, r.value, r.rationale"
        " HAVING bool_or(m.value = 374) OR bool_or(m.value = 384)"
    ).fetchall()
    assert len(rows) == 1, rows
    value, rationale, stated = rows[0]
    assert value == 374
    assert {374, 384} <= set(stated)
    # The decisive evidence is arithmetic: 38 referred back is more than 10% of 374, not of 384.
    assert "38" in rationale and "10" in rationale, rationale
