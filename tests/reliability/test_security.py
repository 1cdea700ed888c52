"""Hostile input: article text is escaped in the report, data never becomes SQL,
``newsfacts sql`` cannot write, and no file outside the corpus is read.

(The report's rendering in a real browser is tested in
``tests/integration/test_report_browser.py``; here the written HTML is checked.)
"""

from __future__ import annotations

import csv
import os
import shutil

import duckdb
import pytest

from tests.conftest import CORPUS
from tests.reliability.conftest import consistency_problems, snapshot

pytestmark = pytest.mark.slow

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
HOSTILE_TEXT = (
    f"Officials said 45 children were at risk {SCRIPT} according to the report.\n\n"
    f"The council spent £2m on {IMG} new services in 2016.\n\n"
    "Campaigners said 3 in 10 cases were never reviewed'); DROP TABLE articles; --\n"
)
ODD_NAME = 'o\'brien "quoted"; DROP TABLE articles;--.txt'
SECRET = "TOKEN-7f3a-outside-the-corpus"


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    from flows.pipeline import newsfacts_pipeline

    root = tmp_path_factory.mktemp("hostile")
    corpus = root / "corpus"
    shutil.copytree(CORPUS, corpus)
    articles = corpus / "articles"
    (articles / "hostile.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    (articles / ODD_NAME).write_text(
        "The inquiry heard from 12 witnesses over 3 days.\n", encoding="utf-8"
    )
    (root / "secret.txt").write_text(f"{SECRET}: 99 secrets.\n", encoding="utf-8")
    os.symlink(root / "secret.txt", articles / "innocent.txt")
    with (corpus / "manifest.csv").open("a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["hostile.txt", f"Outlet {IMG}", f"Headline {SCRIPT}", "", "2016-11-25"])
        writer.writerow([ODD_NAME, "O'Brien & Sons", 'A "quoted" headline', "", ""])
        writer.writerow(["../secret.txt", "Thief", "", "", ""])
    db = root / "newsfacts.duckdb"
    summary = newsfacts_pipeline(corpus_dir=str(corpus), db_path=str(db))
    return summary, db


def test_the_html_report_escapes_article_text_and_metadata(hostile_run):
    summary, _ = hostile_run
    html = open(summary.report_path, encoding="utf-8").read()
    assert "<script" not in html.lower()
    assert "<img" not in html.lower() and "onerror=alert(1)>" not in html
    assert "&lt;script&gt;" in html  # the text is shown, as text


def test_the_markdown_report_carries_no_raw_html(hostile_run):
    summary, _ = hostile_run
    markdown = open(summary.report_path.replace(".html", ".md"), encoding="utf-8").read()
    assert "<script" not in markdown.lower() and "<img" not in markdown.lower()


def test_quotes_and_sql_in_names_and_text_are_stored_verbatim(hostile_run):
    _, db = hostile_run
    con = duckdb.connect(str(db), read_only=True)
    try:
        outlet, text = con.execute(
            "SELECT a.outlet, a.text FROM articles a JOIN article_files f USING (article_id)"
            " WHERE f.path = ?",
            [ODD_NAME],
        ).fetchone()
        assert outlet == "O'Brien & Sons"
        hostile = con.execute("SELECT text FROM articles WHERE path = 'hostile.txt'").fetchone()
        assert hostile == (HOSTILE_TEXT,)
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 7
    finally:
        con.close()
    assert consistency_problems(db) == []


def test_no_file_outside_the_corpus_is_read(hostile_run):
    summary, db = hostile_run
    reasons = {r.reason for r in summary.rejected}
    assert reasons == {"outside_corpus"} and len(summary.rejected) == 2
    con = duckdb.connect(str(db), read_only=True)
    try:
        for table, column in [("articles", "text"), ("sentences", "text"), ("articles", "path")]:
            found = con.execute(
                f"SELECT count(*) FROM {table} WHERE {column} LIKE ?", [f"%{SECRET}%"]
            ).fetchone()[0]
            assert found == 0, table
    finally:
        con.close()


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO articles (article_id) VALUES ('x')",
        "UPDATE articles SET outlet = 'x'",
        "DELETE FROM articles",
        "DROP TABLE articles",
        "CREATE TABLE stolen AS SELECT * FROM articles",
        "SELECT 1; DELETE FROM articles",
        "COPY articles TO '/tmp/newsfacts-stolen.csv'",
        "SELECT * FROM read_text('/etc/passwd')",
        "ATTACH '/tmp/newsfacts-other.duckdb' AS other",
        "SET enable_external_access = true",
        "INSTALL httpfs",
    ],
)
def test_newsfacts_sql_refuses_writes_and_file_access(hostile_run, statement):
    from warehouse.query import QueryError, run_query

    _, db = hostile_run
    before = snapshot(db)
    with pytest.raises(QueryError):
        run_query(db, statement)
    assert snapshot(db) == before
    assert not os.path.exists("/tmp/newsfacts-stolen.csv")
    assert not os.path.exists("/tmp/newsfacts-other.duckdb")


def test_newsfacts_sql_binds_values_instead_of_pasting_them(hostile_run):
    from warehouse.query import run_query

    _, db = hostile_run
    result = run_query(db, "SELECT count(*) FROM articles WHERE outlet = $o", {"o": "x' OR '1'='1"})
    assert result.rows == [(0,)]
