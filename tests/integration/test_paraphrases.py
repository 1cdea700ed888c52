"""Metamorphic tests: the bundled corpus reworded gives the same claims, conflicts and values.

``tests/fixtures/paraphrases.json`` holds every sentence of the bundled corpus that
carries a figure, each reworded two ways (the same facts in another structure).
Each test swaps one set of rewordings into a copy of the corpus and runs the real
extractors, loader, linking and SQL models on it; what a fact-checker reads (which
values are one claim, which claims conflict, the reconciled value) must not move.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from tests.conftest import CORPUS
from tests.integration.test_claims import warehouse_of

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "paraphrases.json"
SENTENCES = json.loads(FIXTURE.read_text(encoding="utf-8"))["sentences"]


def _warehouse(tmp_path: Path, variant: int | None) -> duckdb.DuckDBPyConnection:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    if variant is not None:
        for row in SENTENCES:
            path = corpus / "articles" / row["file"]
            text = path.read_text(encoding="utf-8")
            assert text.count(row["original"]) >= 1, (row["file"], row["original"][:60])
            path.write_text(text.replace(row["original"], row["rewordings"][variant]), "utf-8")
    return warehouse_of(corpus, tmp_path / "w.duckdb")


def _reading(con: duckdb.DuckDBPyConnection) -> dict:
    """What the report tells a reader: claims several articles state, conflicts, values."""
    shared = con.execute(
        "SELECT list_sort(list_distinct(c.stated_values)), c.is_conflicted, r.value"
        " FROM claims c JOIN reconciled_claims r USING (claim_id)"
        " JOIN (SELECT claim_id FROM claim_assignments JOIN figure_mentions USING (mention_id)"
        "       GROUP BY claim_id HAVING count(DISTINCT article_id) > 1) USING (claim_id)"
    ).fetchall()
    return {
        "claims": sorted((tuple(values), conflicted) for values, conflicted, _ in shared),
        "conflicts": sorted(tuple(v) for v, conflicted, _ in shared if conflicted),
        "reconciled": sorted((tuple(v), value) for v, _, value in shared),
    }


@pytest.fixture(scope="module")
def original(tmp_path_factory) -> dict:
    return _reading(_warehouse(tmp_path_factory.mktemp("original"), None))


def test_every_figure_sentence_of_the_corpus_has_two_rewordings():
    texts = {p.name: p.read_text(encoding="utf-8") for p in (CORPUS / "articles").iterdir()}
    assert {row["file"] for row in SENTENCES} == set(texts)
    for row in SENTENCES:
        assert row["original"] in texts[row["file"]]
        assert len(row["rewordings"]) >= 2
        assert row["original"] not in row["rewordings"]


def test_the_corpus_shows_384_against_374_as_one_conflicted_claim(original):
    assert ((374.0, 384.0), True) in original["claims"]
    assert ((374.0, 384.0), 374.0) in original["reconciled"]


@pytest.mark.parametrize("variant", [0, 1])
def test_reworded_seeds_give_the_same_claims_conflicts_and_values(tmp_path, original, variant):
    reworded = _reading(_warehouse(tmp_path, variant))
    assert reworded["claims"] == original["claims"]
    assert reworded["conflicts"] == original["conflicts"]
    assert reworded["reconciled"] == original["reconciled"]
