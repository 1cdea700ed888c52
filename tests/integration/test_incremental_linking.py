"""Incremental claim linking: a re-run relinks only the stories whose articles changed,
and its warehouse equals, row for row, a run from scratch on the same corpus.

Real flow, real spaCy, real DuckDB, on three ECB+ stories of the test fixture (real
news, CC BY 3.0, see tests/fixtures/ecbplus/README.md) with stories inferred from
the texts: an article is edited, one is added to an existing story, one removed.
"""

from __future__ import annotations

import shutil
from collections import defaultdict
from pathlib import Path

import duckdb
import pytest

from tests.conftest import ECBPLUS_ARTICLES, THREE_STORIES, warehouse_rows

pytestmark = pytest.mark.slow

FIXTURE = ECBPLUS_ARTICLES
FIRST = THREE_STORIES
ADDED = "3_7ecb.txt"  # held back, then added: it joins its story
EDITED = "33_2ecb.txt"
REMOVED = "41_3ecb.txt"
# Tables and views whose rows depend on when or by which run they were written.
RUN_LOG = {"pipeline_runs", "rejected_inputs", "schema_migrations", "article_files"}


def run(corpus: Path, db_path: Path):
    from flows.pipeline import newsfacts_pipeline

    return newsfacts_pipeline(
        corpus_dir=str(corpus), db_path=str(db_path), report_dir=str(db_path.parent / "r")
    )


def everything(db_path: Path) -> dict[str, list[tuple]]:
    """Every row of every table and view the corpus decides (run bookkeeping left out)."""
    with duckdb.connect(str(db_path), read_only=True) as con:
        return warehouse_rows(con, leave_out=RUN_LOG)


def story_state(db_path: Path) -> tuple[dict[str, frozenset[str]], dict[str, str]]:
    """(story -> its articles' paths, story -> the run that last linked it)."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        members: dict[str, set[str]] = defaultdict(set)
        for story, path in con.execute(
            "SELECT s.story_id, f.path FROM article_stories s JOIN article_files f USING (article_id)"
        ).fetchall():
            members[story].add(path)
        linked = dict(
            con.execute("SELECT story_id, linked_by_run FROM story_link_fingerprints").fetchall()
        )
        return {s: frozenset(m) for s, m in members.items()}, linked
    finally:
        con.close()


def last_run_counts(db_path: Path) -> tuple[int | None, int | None]:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return con.execute(
            "SELECT stories_relinked, stories_total FROM pipeline_runs"
            " ORDER BY finished_at DESC LIMIT 1"
        ).fetchone()
    finally:
        con.close()


def check_step(corpus: Path, db_path: Path, fresh: Path, touched: set[str]) -> None:
    """Re-run on ``db_path``; only stories holding a ``touched`` path (now or before) are
    relinked; the warehouse equals a run from scratch into ``fresh``."""
    before, linked_before = story_state(db_path)
    summary = run(corpus, db_path)
    after, linked_after = story_state(db_path)
    relinked = {s for s, by in linked_after.items() if by == summary.run_id}
    assert summary.stories_relinked == len(relinked)
    assert last_run_counts(db_path) == (len(relinked), len(after))
    assert summary.stories_total == len(after) == len(linked_after)
    # A story keeps its rows exactly when it has the same articles as before and
    # none of them changed; every other story is relinked.
    untouched = {s for s, m in after.items() if before.get(s) == m and not m & touched}
    assert relinked == set(after) - untouched
    assert untouched, "the step touched every story: it shows nothing about incrementality"
    for story in untouched:
        assert linked_after[story] == linked_before[story]
    run(corpus, fresh)
    incremental, scratch = everything(db_path), everything(fresh)
    assert incremental.keys() == scratch.keys()
    for name in scratch:
        assert incremental[name] == scratch[name], f"{name} differs from a run from scratch"


def test_a_rerun_relinks_only_changed_stories_and_equals_a_run_from_scratch(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "articles").mkdir(parents=True)
    for name in FIRST:
        shutil.copyfile(FIXTURE / name, corpus / "articles" / name)
    db_path = tmp_path / "w" / "newsfacts.duckdb"
    db_path.parent.mkdir()
    first = run(corpus, db_path)
    stories, linked = story_state(db_path)
    assert first.stories_relinked == first.stories_total == len(stories) >= 3
    assert set(linked.values()) == {first.run_id}
    story_of = {path: s for s, paths in stories.items() for path in paths}
    assert story_of[EDITED] != story_of[REMOVED]  # the steps touch different stories

    # 1. One article's text changes: a figure in it, and a new sentence with one.
    edited = corpus / "articles" / EDITED
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text + "\nPolice said 14 people were questioned.\n", encoding="utf-8")
    check_step(corpus, db_path, tmp_path / "f1" / "newsfacts.duckdb", {EDITED})

    # 2. An article of an existing story arrives: it joins that story.
    shutil.copyfile(FIXTURE / ADDED, corpus / "articles" / ADDED)
    check_step(corpus, db_path, tmp_path / "f2" / "newsfacts.duckdb", {ADDED})
    stories, _ = story_state(db_path)
    joined = next(m for m in stories.values() if ADDED in m)
    assert len(joined) > 1 and any(p.startswith("3_") for p in joined - {ADDED})

    # 3. An article leaves the corpus.
    (corpus / "articles" / REMOVED).unlink()
    check_step(corpus, db_path, tmp_path / "f3" / "newsfacts.duckdb", {REMOVED})

    # Nothing changed: linking does not run at all.
    again = run(corpus, db_path)
    assert (again.claims_relinked, again.stories_relinked) == (False, None)


CLAIM_TABLES = {
    "article_stories": "*",
    "source_groups": "*",
    "claim_assignments": "*",
    "claim_relations": "*",
    "wording_disagreements": "*",
    "party_splits": "*",
    "story_link_fingerprints": "story_id, fingerprint, n_articles, n_mentions",
}


def claim_rows(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    return {
        table: sorted(map(repr, con.execute(f"SELECT {columns} FROM {table}").fetchall()))
        for table, columns in CLAIM_TABLES.items()
    }


def from_scratch(con: duckdb.DuckDBPyConnection, db_path: Path, model=None) -> dict:
    """The claim tables a whole relink makes of the same warehouse rows (on a copy)."""
    from warehouse.claims import link_claims

    con.execute("CHECKPOINT")
    copy = db_path.with_name("scratch.duckdb")
    shutil.copyfile(db_path, copy)
    other = duckdb.connect(str(copy))
    try:
        done = link_claims(other, model, full=True)
        assert len(done.relinked) == done.stories
        return claim_rows(other)
    finally:
        other.close()
        copy.unlink()


STORIES = {
    "leeds-1.txt": ({"story": "leeds-march", "outlet": "Leeds Post"},
                    "Police said 120 people were arrested in Leeds on Saturday after the march."
                    " Organisers said 5,000 people took part.\n"),
    "leeds-2.txt": ({"story": "leeds-march", "outlet": "Yorkshire Daily"},
                    "About 120 people were arrested in Leeds, police said. Some 6,000 people"
                    " marched through the city, organisers said.\n"),
    "exeter-1.txt": ({"story": "exeter-bridge", "outlet": "Devon News"},
                     "The new bridge in Exeter will cost £2.5m, the council said. Building"
                     " will take 18 months.\n"),
    "exeter-2.txt": ({"story": "exeter-bridge", "outlet": "West Country Times"},
                     "Exeter's new bridge will cost £2m, the council said. Work on it will"
                     " take 18 months.\n"),
}  # fmt: skip


def test_a_story_whose_mentions_change_is_relinked_alone_and_equals_a_whole_relink(tmp_path):
    """Mentions read differently under the same article id (an extractor change), a
    different pair model, a story that goes: each relinks what it should, no more."""
    from dataclasses import replace

    from tests.integration.test_claims import build_warehouse
    from warehouse import db
    from warehouse.claims import link_claims
    from warehouse.claims.features import load_model

    con = build_warehouse(tmp_path, STORIES)  # linked once already
    assert link_claims(con).relinked == []  # nothing changed since
    # The extractor now reads one Leeds figure as another value.
    con.execute(
        "UPDATE figure_mentions SET value = 130 WHERE mention_id = (SELECT min(mention_id)"
        " FROM figure_mentions f JOIN articles a USING (article_id)"
        " WHERE a.path = 'leeds-1.txt' AND f.value = 120)"
    )
    before = claim_rows(con)
    done = link_claims(con)
    assert done.relinked == ["leeds-march"] and done.stories == 2
    after = claim_rows(con)
    assert after == from_scratch(con, tmp_path / "w.duckdb")
    exeter = [r for r in before["claim_assignments"] if "exeter-bridge" in r]
    assert exeter and set(exeter) <= set(after["claim_assignments"])
    assert after["claim_assignments"] != before["claim_assignments"]

    # Another pair model: every story's links depend on it.
    model = replace(load_model(), threshold=load_model().threshold + 0.01)
    assert link_claims(con, model).relinked == ["exeter-bridge", "leeds-march"]
    assert link_claims(con).relinked == ["exeter-bridge", "leeds-march"]  # and back

    # A story whose articles all leave: its rows go, the other story's stay.
    for table in db.ARTICLE_TABLES:
        con.execute(
            f"DELETE FROM {table} WHERE article_id IN"
            " (SELECT article_id FROM articles WHERE story = 'exeter-bridge')"
        )
    done = link_claims(con)
    assert (done.relinked, done.stories) == ([], 1)
    rows = claim_rows(con)
    assert rows == from_scratch(con, tmp_path / "w.duckdb")
    assert not [r for table in rows.values() for r in table if "exeter-bridge" in r]
