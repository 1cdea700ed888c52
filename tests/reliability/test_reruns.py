"""Re-runs and change: an unchanged corpus changes no row; edits, removals and version bumps.

Every test runs the real flow (in-process) on its own copy of a corpus that also
holds the awkward inputs (legacy encoding, HTML, a duplicate, a rejected file).
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb
import pytest

from tests.conftest import CORPUS
from tests.reliability.conftest import ARTICLE_TABLES, consistency_problems, snapshot

pytestmark = pytest.mark.slow

EDITED = "002_96ff4de5d6ca42e7.txt"
TWIN = "003_63c0137ee627a37e.txt"


def awkward_corpus(target: Path) -> Path:
    shutil.copytree(CORPUS, target)
    articles = target / "articles"
    (articles / "legacy.txt").write_bytes(
        "The café’s owners – 12 of them – paid £400 each in 2015.\n".encode("cp1252")
    )
    (articles / "page.html").write_text(
        "<html><body><article><p>The council approved 250 new homes on Tuesday.</p>"
        "<p>Officials said 40 of them would be affordable.</p></article></body></html>",
        encoding="utf-8",
    )
    shutil.copyfile(articles / TWIN, articles / "twin.txt")
    (articles / "empty.txt").write_bytes(b"")
    return target


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    """A warehouse loaded once from the awkward corpus; tests work on copies of both."""
    from flows.pipeline import newsfacts_pipeline

    root = tmp_path_factory.mktemp("reruns")
    corpus = awkward_corpus(root / "corpus")
    db = root / "newsfacts.duckdb"
    summary = newsfacts_pipeline(corpus_dir=str(corpus), db_path=str(db))
    assert summary.processed == 7 and summary.duplicates == 1  # 8 files, 7 texts
    return corpus, db


@pytest.fixture
def copies(first_run, tmp_path):
    corpus, db = first_run
    shutil.copytree(corpus, tmp_path / "corpus")
    shutil.copyfile(db, tmp_path / "newsfacts.duckdb")
    return tmp_path / "corpus", tmp_path / "newsfacts.duckdb"


def run(corpus: Path, db: Path):
    from flows.pipeline import newsfacts_pipeline

    return newsfacts_pipeline(corpus_dir=str(corpus), db_path=str(db))


def rows_of(db: Path, article_id: str) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            t: con.execute(
                f"SELECT count(*) FROM {t} WHERE article_id = ?", [article_id]
            ).fetchone()[0]
            for t in ARTICLE_TABLES
        }
    finally:
        con.close()


def article_id_of(db: Path, path: str) -> str | None:
    con = duckdb.connect(str(db), read_only=True)
    try:
        row = con.execute("SELECT article_id FROM article_files WHERE path = ?", [path]).fetchone()
        return row[0] if row else None
    finally:
        con.close()


def test_a_rerun_of_an_unchanged_corpus_changes_no_row(copies):
    corpus, db = copies
    before = snapshot(db)
    summary = run(corpus, db)
    assert (summary.processed, summary.skipped_unchanged) == (0, 8)
    assert snapshot(db) == before
    assert [r.path for r in summary.rejected] == ["empty.txt"]  # recorded again, for this run


def test_an_edited_article_replaces_all_its_facts(copies):
    corpus, db = copies
    old_id = article_id_of(db, EDITED)
    others_before = {k: v for k, v in snapshot(db).items() if k != "entities"}
    path = corpus / "articles" / EDITED
    path.write_text(path.read_text(encoding="utf-8") + "\nA later audit examined 512 cases.\n")

    summary = run(corpus, db)
    assert (summary.processed, summary.skipped_unchanged) == (1, 7)
    new_id = article_id_of(db, EDITED)
    assert new_id != old_id
    assert set(rows_of(db, old_id).values()) == {0}, "old facts left behind"
    assert rows_of(db, new_id)["figure_mentions"] > 0 and rows_of(db, new_id)["articles"] == 1
    # Nothing of any other article changed.
    after = snapshot(db)
    for table, rows in others_before.items():
        keep = lambda rs: [r for r in rs if old_id not in r and new_id not in r]  # noqa: E731
        assert keep(after[table]) == keep(rows), table
    assert consistency_problems(db) == []


def test_an_edited_manifest_row_re_extracts_that_article_only(copies):
    corpus, db = copies
    manifest = corpus / "manifest.csv"
    with manifest.open(encoding="utf-8", newline="") as handle:
        table = list(csv.DictReader(handle))
    row = next(r for r in table if r["file"] == EDITED)
    assert row["published"] != "2019-03-01"
    row["published"] = "2019-03-01"
    with manifest.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(table[0]))
        writer.writeheader()
        writer.writerows(table)
    article_id = article_id_of(db, EDITED)
    others_before = {k: v for k, v in snapshot(db).items() if k != "entities"}

    summary = run(corpus, db)
    assert (summary.processed, summary.skipped_unchanged) == (1, 7)
    con = duckdb.connect(str(db), read_only=True)
    try:
        published = con.execute(
            "SELECT published FROM articles WHERE article_id = ?", [article_id]
        ).fetchone()[0]
    finally:
        con.close()
    assert str(published) == "2019-03-01"
    after = snapshot(db)
    for table, rows in others_before.items():
        keep = lambda rs: [r for r in rs if article_id not in r]  # noqa: E731
        assert keep(after[table]) == keep(rows), table
    again = run(corpus, db)
    assert (again.processed, again.skipped_unchanged) == (0, 8)


def test_a_removed_article_takes_its_facts_but_a_twin_keeps_the_shared_article(copies):
    corpus, db = copies
    removed_id = article_id_of(db, "001_62443a8ecca8ac4b.txt")
    twin_id = article_id_of(db, TWIN)
    (corpus / "articles" / "001_62443a8ecca8ac4b.txt").unlink()
    (corpus / "articles" / TWIN).unlink()  # "twin.txt" still holds the same text

    summary = run(corpus, db)
    assert summary.removed == 2 and summary.processed == 0
    assert set(rows_of(db, removed_id).values()) == {0}
    assert rows_of(db, twin_id)["articles"] == 1 and article_id_of(db, "twin.txt") == twin_id
    assert consistency_problems(db) == []


def test_a_file_that_turns_bad_is_rejected_and_its_facts_go(copies):
    corpus, db = copies
    old_id = article_id_of(db, "legacy.txt")
    (corpus / "articles" / "legacy.txt").write_bytes(b"\x00\x01binary now" * 50)

    summary = run(corpus, db)
    assert {r.path: r.reason for r in summary.rejected}["legacy.txt"] == "binary"
    assert set(rows_of(db, old_id).values()) == {0}
    assert consistency_problems(db) == []


def test_an_extractor_version_change_re_extracts_and_then_settles(copies, monkeypatch):
    from extractors import figures

    corpus, db = copies
    untouched = ("sentences", "furniture_spans", "entity_mentions", "date_mentions")
    before_bump = {t: rows for t, rows in snapshot(db).items() if t in untouched}
    monkeypatch.setattr(figures, "VERSION", figures.VERSION + "-bumped")
    summary = run(corpus, db)
    # Every article is parsed again (the parse is what all extractors share), but
    # only the bumped extractor's rows differ.
    assert {t: rows for t, rows in snapshot(db).items() if t in untouched} == before_bump
    assert summary.processed == 7 and summary.skipped_unchanged == 0
    con = duckdb.connect(str(db), read_only=True)
    try:
        versions = con.execute("SELECT DISTINCT extractor_version FROM figure_mentions").fetchall()
        assert versions == [(figures.VERSION,)]
        stale = con.execute(
            "SELECT count(*) FROM articles WHERE extractor_versions NOT LIKE ?",
            [f"%figures={figures.VERSION};%"],
        ).fetchone()[0]
        assert stale == 0
    finally:
        con.close()
    assert consistency_problems(db) == []
    before = snapshot(db)
    again = run(corpus, db)
    assert (again.processed, again.skipped_unchanged) == (0, 8)
    assert snapshot(db) == before


def test_a_refitted_pair_model_relinks_an_unchanged_corpus_and_then_settles(
    tmp_path, monkeypatch
):
    """The claim links depend on the fitted model files too: after a refit, with no
    article changed and no version bump, the next run relinks every story (a run of an
    unchanged corpus otherwise skips linking), then settles."""
    from dataclasses import replace

    from warehouse.claims import features, link

    corpus, db = tmp_path / "corpus", tmp_path / "newsfacts.duckdb"
    shutil.copytree(CORPUS, corpus)
    run(corpus, db)
    assert not run(corpus, db).claims_relinked  # unchanged: the link stage is skipped
    refitted = replace(features.load_model(), version="refit-in-test", exclusive_floor=0.1)
    monkeypatch.setattr(features, "load_model", lambda: refitted)
    monkeypatch.setattr(link, "load_model", lambda: refitted)
    summary = run(corpus, db)
    assert summary.claims_relinked
    assert summary.stories_relinked == summary.stories_total > 0
    assert consistency_problems(db) == []
    assert not run(corpus, db).claims_relinked
