"""The Prefect flow end to end on the bundled corpus: real spaCy, Prefect and DuckDB."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from tests.conftest import CORPUS, noise_spans

pytestmark = pytest.mark.slow

MENTION_TABLES = ("figure_mentions", "entity_mentions", "date_mentions")
STABLE_TABLES = (
    "articles", "article_files", "sentences", "furniture_spans", "figure_mentions",
    "entity_mentions", "date_mentions", "entities", "schema_migrations",
)  # fmt: skip


def snapshot(db_path: str) -> dict[str, list[str]]:
    """Every row of every table a re-run must leave alone (runs and rejections grow)."""
    con = duckdb.connect(db_path, read_only=True)
    try:
        return {
            table: sorted(map(repr, con.execute(f"SELECT * FROM {table}").fetchall()))
            for table in STABLE_TABLES
        }
    finally:
        con.close()


def test_every_corpus_article_is_loaded(pipeline_run, warehouse):
    expected = sorted(p.name for p in (CORPUS / "articles").glob("*.txt"))
    assert pipeline_run.processed == len(expected)
    assert pipeline_run.rejected == []
    paths = [r[0] for r in warehouse.execute("SELECT path FROM articles ORDER BY path").fetchall()]
    assert paths == expected


def test_manifest_metadata_lands_in_articles(warehouse):
    row = warehouse.execute(
        "SELECT outlet, published FROM articles WHERE path LIKE '003_%'"
    ).fetchone()
    assert row[0].startswith("The Independent")
    assert str(row[1]) == "2016-11-25"


def test_every_kind_of_mention_is_extracted(warehouse):
    for table in MENTION_TABLES + ("sentences",):
        assert warehouse.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0, table


@pytest.mark.parametrize("table", MENTION_TABLES + ("sentences",))
def test_offsets_index_the_original_text_in_sql(warehouse, table):
    bad = warehouse.execute(
        f"SELECT m.text, m.start_char, m.end_char FROM {table} m JOIN articles a USING (article_id)"
        " WHERE substr(a.text, m.start_char + 1, m.end_char - m.start_char) <> m.text"
    ).fetchall()
    assert bad == []


@pytest.mark.parametrize("table", MENTION_TABLES)
def test_every_mention_lies_inside_its_sentence(warehouse, table):
    bad = warehouse.execute(
        f"SELECT m.text FROM {table} m JOIN sentences s USING (sentence_id)"
        " WHERE m.start_char < s.start_char OR m.end_char > s.end_char"
    ).fetchall()
    assert bad == []


@pytest.mark.parametrize("table", MENTION_TABLES)
def test_no_mention_comes_from_page_furniture(warehouse, noise_rows, table):
    # The gold's inline traps ("BBC Radio 4": the digit is part of a name) hold no
    # figure, but they are article text, and the name itself is a fair entity.
    if table != "figure_mentions":
        noise_rows = [r for r in noise_rows if "part of a name" not in r["why"]]
    spans = noise_spans(noise_rows)
    rows = warehouse.execute(
        f"SELECT a.path, m.start_char, m.end_char, m.text"
        f" FROM {table} m JOIN articles a USING (article_id)"
    ).fetchall()
    inside = [
        (path, text)
        for path, start, end, text in rows
        for s, e in spans.get(path, [])
        if start < e and s < end
    ]
    assert inside == []


def test_mentions_carry_their_extractor_version(warehouse):
    for table in MENTION_TABLES:
        versions = warehouse.execute(f"SELECT DISTINCT extractor_version FROM {table}").fetchall()
        assert versions and all(v[0] for v in versions), table


def test_runs_are_recorded(pipeline_run, warehouse):
    status, processed = warehouse.execute(
        "SELECT status, processed FROM pipeline_runs WHERE run_id = ?", [pipeline_run.run_id]
    ).fetchone()
    assert (status, processed) == ("completed", 5)


def test_report_is_written_with_every_article(pipeline_run, warehouse):
    html = Path(pipeline_run.report_path).read_text(encoding="utf-8")
    markdown = Path(pipeline_run.report_path).with_suffix(".md").read_text(encoding="utf-8")
    for (headline,) in warehouse.execute(
        "SELECT headline FROM articles WHERE headline IS NOT NULL"
    ).fetchall():
        escaped = headline.replace("&", "&amp;").replace("'", "&#39;").replace('"', "&#34;")
        assert escaped in html
        assert headline.replace("&", "&amp;") in markdown
    assert "<script" not in html


def test_a_second_run_changes_no_row(pipeline_run, corpus_copy, tmp_path):
    from flows.pipeline import newsfacts_pipeline

    db_path = tmp_path / "again.duckdb"
    shutil.copyfile(pipeline_run.db_path, db_path)
    before = snapshot(str(db_path))
    summary = newsfacts_pipeline(corpus_dir=str(corpus_copy), db_path=str(db_path))
    assert (summary.processed, summary.skipped_unchanged) == (0, 5)
    assert snapshot(str(db_path)) == before


def test_an_edited_article_replaces_its_facts_and_a_removed_one_goes(pipeline_run, tmp_path):
    from flows.pipeline import newsfacts_pipeline

    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    db_path = tmp_path / "edited.duckdb"
    shutil.copyfile(pipeline_run.db_path, db_path)
    edited = corpus / "articles" / "002_96ff4de5d6ca42e7.txt"
    edited.write_text(
        edited.read_text(encoding="utf-8") + "\n\nA later audit examined 512 cases.\n"
    )
    (corpus / "articles" / "001_62443a8ecca8ac4b.txt").unlink()

    summary = newsfacts_pipeline(corpus_dir=str(corpus), db_path=str(db_path))
    assert (summary.processed, summary.skipped_unchanged, summary.removed) == (1, 3, 1)
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        paths = [r[0] for r in con.execute("SELECT path FROM articles ORDER BY path").fetchall()]
        assert "001_62443a8ecca8ac4b.txt" not in paths and len(paths) == 4
        orphans = con.execute(
            "SELECT count(*) FROM figure_mentions"
            " WHERE article_id NOT IN (SELECT article_id FROM articles)"
        ).fetchone()[0]
        assert orphans == 0
        texts = [r[0] for r in con.execute(
            "SELECT m.text FROM figure_mentions m JOIN articles a USING (article_id)"
            " WHERE a.path = '002_96ff4de5d6ca42e7.txt'"
        ).fetchall()]  # fmt: skip
        assert any("512" in t for t in texts)
    finally:
        con.close()
