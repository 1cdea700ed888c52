"""A corpus of web archives, a JSON Lines export and a saved page, through the real pipeline.

Real Prefect, warcio, trafilatura, spaCy and DuckDB. The archives are written here
from the bundled corpus's texts wrapped in news-site HTML (tests/webpages.py).
Runs in order on one warehouse: a first run, a re-run with nothing changed, then
a run with a second archive that re-captures pages; the Dask path is compared
with the first run row for row.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from tests.conftest import CORPUS, warehouse_rows
from tests.webpages import Page, page_html, write_html_records, write_warc

pytestmark = pytest.mark.slow

TEXTS = [p.read_text(encoding="utf-8") for p in sorted((CORPUS / "articles").glob("*.txt"))]
SITE = "https://www.northern-courier.example/news/2016/nov/25"


def courier(i: int, text: str, captured: str = "2016-11-26T08:00:00Z") -> Page:
    return Page(f"{SITE}/met-story-{i}", text, f"Met police report, part {i}",
                "The Northern Courier", "2016-11-25", "Jo Bloggs", captured)  # fmt: skip


def build_corpus(root: Path) -> dict:
    articles = root / "articles"
    articles.mkdir(parents=True)
    offsets = write_warc(articles / "crawl-1.warc.gz", [courier(i, TEXTS[i]) for i in range(3)])
    damaged = [courier(10 + i, TEXTS[i] + f"\n\nArchived copy number {i}.\n") for i in range(3)]
    cut = write_warc(articles / "damaged.warc", damaged, compress=False, extras=False)
    data = (articles / "damaged.warc").read_bytes()
    middle = cut[1] + (cut[2] - cut[1]) // 2
    (articles / "damaged.warc").write_bytes(data[:middle] + data[cut[2] :])
    (articles / "notes.warc").write_text("My notes on the Met story.\n" * 20, encoding="utf-8")
    gallery = "<html><head><title>Photos</title></head><body><img src='a.jpg'></body></html>"
    write_html_records(articles / "gallery.warc.gz", [(f"{SITE}/gallery", gallery)])
    good = {"text": TEXTS[3], "title": "Wire copy", "url": "https://wire.example/met",
            "published": "2016-11-25T09:00:00Z", "outlet": "Example Wire", "agency": "PA"}  # fmt: skip
    (articles / "export.jsonl").write_text(
        json.dumps(good) + "\n" + '{"title": "a line without text"}\n', encoding="utf-8"
    )
    saved = Page("https://www.saved.example/met", TEXTS[4], "Saved page headline",
                 "The Saved Gazette", "2017-11-24")  # fmt: skip
    (articles / "saved.html").write_text(page_html(saved), encoding="utf-8")
    return {"crawl": offsets, "damaged": cut, "damaged_kept": [cut[0], middle]}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict:
    from flows.pipeline import run_pipeline

    root = tmp_path_factory.mktemp("archives") / "corpus"
    pristine = tmp_path_factory.mktemp("archives-pristine") / "corpus"
    offsets = build_corpus(root)
    shutil.copytree(root, pristine)
    db_path = tmp_path_factory.mktemp("archives-warehouse") / "newsfacts.duckdb"
    first = run_pipeline(str(root), str(db_path), runner="local")
    first_db = db_path.with_name("first.duckdb")
    shutil.copyfile(db_path, first_db)
    rerun = run_pipeline(str(root), str(db_path), runner="local")
    # A second crawl: page 0 again unchanged, page 1 changed, an older copy of
    # page 2, and a new page.
    write_warc(root / "articles" / "crawl-2.warc.gz", [
        courier(0, TEXTS[0], "2016-11-27T08:00:00Z"),
        courier(1, TEXTS[1] + "\n\nCorrection: an earlier version misstated the date.\n",
                "2016-11-27T08:00:00Z"),
        courier(2, TEXTS[2] + "\n\nAn early draft.\n", "2016-11-25T08:00:00Z"),
        courier(5, TEXTS[3] + "\n\nThe Courier's own version.\n", "2016-11-27T08:00:00Z"),
    ], extras=False)  # fmt: skip
    grown = run_pipeline(str(root), str(db_path), runner="local")
    return {"first": first, "first_db": first_db, "rerun": rerun, "grown": grown,
            "db": db_path, "offsets": offsets, "pristine": pristine}  # fmt: skip


def query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def test_the_first_run_finds_every_article_form(runs):
    first = runs["first"]
    paths = {p for (p,) in query(runs["first_db"], "SELECT path FROM articles")}
    crawl = {f"crawl-1.warc.gz@{o}" for o in runs["offsets"]["crawl"]}
    damaged = {f"damaged.warc@{offset}" for offset in runs["offsets"]["damaged_kept"]}
    assert paths == crawl | damaged | {"export.jsonl:1", "saved.html"}
    assert first.processed == len(paths) == 7


def test_archived_pages_keep_uri_capture_date_and_page_metadata_with_evidence(runs):
    offset = runs["offsets"]["crawl"][1]
    (row,) = query(runs["first_db"],
        "SELECT headline, outlet, published, url, warc_target_uri, warc_date, metadata_evidence"
        " FROM articles WHERE path = ?", [f"crawl-1.warc.gz@{offset}"])  # fmt: skip
    headline, outlet, published, url, uri, captured, evidence = row
    assert (headline, outlet, str(published)) == (
        "Met police report, part 1", "The Northern Courier", "2016-11-25")  # fmt: skip
    assert url == uri == f"{SITE}/met-story-1"
    assert str(captured) == "2016-11-26 08:00:00"
    sources = {e["field"]: (e["source"], e["detail"]) for e in json.loads(evidence)}
    assert sources["headline"] == ("page_title", '<meta property="og:title">')
    assert sources["outlet"] == ("page_site_name", '<meta property="og:site_name">')
    assert sources["published"] == ("page_date", '<meta property="article:published_time">')
    assert sources["url"][0] == "warc_target_uri" and f"offset {offset}" in sources["url"][1]


def test_a_saved_page_and_an_export_line_keep_their_metadata(runs):
    rows = dict(
        (path, rest) for path, *rest in query(runs["first_db"],
            "SELECT path, headline, outlet, published, agency FROM articles"
            " WHERE path IN ('saved.html', 'export.jsonl:1')")
    )  # fmt: skip
    assert rows["saved.html"][:3] == ["Saved page headline", "The Saved Gazette",
                                      rows["saved.html"][2]]  # fmt: skip
    assert str(rows["saved.html"][2]) == "2017-11-24"
    assert rows["export.jsonl:1"][0] == "Wire copy" and rows["export.jsonl:1"][3] == "PA"


def test_bad_archives_and_lines_are_rejected_with_file_offset_and_reason(runs):
    rejected = dict(
        query(runs["first_db"], "SELECT path, reason FROM rejected_inputs WHERE run_id = ?",
              [runs["first"].run_id])
    )  # fmt: skip
    cut = runs["offsets"]["damaged"][1]
    assert rejected == {
        f"damaged.warc@{cut}": "wrong_length",
        "notes.warc@0": "not_warc",
        "gallery.warc.gz@0": "no_article_text",
        "export.jsonl:2": "jsonl_line",
    }


def test_skipped_records_are_counted_by_reason_not_rejected(runs):
    ((skipped,),) = query(runs["first_db"], "SELECT skipped_records FROM pipeline_runs")
    assert json.loads(skipped) == {
        "type=warcinfo": 2, "type=request": 3, "content=image/jpeg": 3,
        "content=text/css": 3, "status=301": 1, "status=404": 1,
    }  # fmt: skip
    assert runs["first"].skipped_records == json.loads(skipped)


def test_a_rerun_reads_nothing_it_already_loaded(runs):
    rerun = runs["rerun"]
    assert rerun.archive_records_read == 0
    assert rerun.skipped_records == {}
    assert (rerun.processed, rerun.skipped_unchanged) == (0, 7)
    assert "load" not in rerun.stage_seconds  # nothing extracted, not even the refused page
    # The damaged stretches and the refused page are still reported, from what the
    # first run recorded.
    assert {r.path for r in rerun.rejected} == {r.path for r in runs["first"].rejected}


def test_a_new_archive_adds_pages_and_updates_changed_ones(runs):
    grown = runs["grown"]
    assert grown.archive_records_read == 5  # warcinfo and the 4 responses of crawl-2 only
    assert grown.skipped_records == {"type=warcinfo": 1, "older_capture": 1}
    rows = query(runs["db"],
        "SELECT warc_target_uri, path, warc_date, text FROM articles"
        " WHERE warc_target_uri LIKE ? ORDER BY 1", [f"{SITE}/met-story-_"])  # fmt: skip
    by_uri = {uri: (path, str(date), text) for uri, path, date, text in rows}
    assert set(by_uri) == {f"{SITE}/met-story-{i}" for i in (0, 1, 2, 5)}
    # Page 0 again with the same text: one article, now from the newer capture.
    assert by_uri[f"{SITE}/met-story-0"][0].startswith("crawl-2.warc.gz@")
    assert by_uri[f"{SITE}/met-story-0"][1] == "2016-11-27 08:00:00"
    # Page 1 changed: the newer text replaced the older one.
    assert "Correction:" in by_uri[f"{SITE}/met-story-1"][2]
    # Page 2's copy in crawl-2 is older than crawl-1's: crawl-1's stays.
    assert by_uri[f"{SITE}/met-story-2"][0].startswith("crawl-1.warc.gz@")
    assert "An early draft" not in by_uri[f"{SITE}/met-story-2"][2]
    (count,) = query(runs["db"], "SELECT count(*) FROM articles")[0]
    assert count == 8
    assert grown.processed == 3  # page 0 (same text, new capture), page 1, page 5


def test_the_dask_path_equals_the_local_run_row_for_row(runs, tmp_path):
    pytest.importorskip("prefect_dask")
    from flows.pipeline import run_pipeline

    db_path = tmp_path / "dask.duckdb"
    summary = run_pipeline(str(runs["pristine"]), str(db_path), batch_size=2, runner="dask",
                           workers=2)  # fmt: skip
    assert summary.processed == 7
    dask_rows = _rows(db_path)
    local_rows = _rows(runs["first_db"])
    assert sorted(dask_rows) == sorted(local_rows)
    for relation, rows in local_rows.items():
        assert dask_rows[relation] == rows, relation


def _rows(db: Path) -> dict:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return warehouse_rows(con)
    finally:
        con.close()
