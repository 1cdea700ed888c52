"""Whatever a scraper drops into the corpus: each bad input is recorded, every other article loads.

One corpus holds the five bundled articles beside every kind of bad input; the
real flow runs over it once (in-process) and once through the ``newsfacts run``
command in its own process. A re-run over the session's warehouse checks what a
rejection removes: only the facts of an article file that is now refused.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import duckdb
import pytest

from flows.cli import main as newsfacts_main
from flows.sources import MAX_BYTES
from tests.conftest import CORPUS
from tests.reliability.conftest import consistency_problems, run_cli

pytestmark = pytest.mark.slow

GOOD = sorted(p.name for p in (CORPUS / "articles").glob("*.txt"))
DUPLICATE_OF = "003_63c0137ee627a37e.txt"
CP1252_TEXT = (
    "Café owners’ association says 1,200 members – a third of them in Zürich – "
    "paid “more than £400” in fees last year.\n\nThe association’s chair, Zoë Martín, "
    "said 40% of members would close.\n"
)
UTF16_TEXT = "Inspectors found 38 cases were handled badly, the report says.\n\n" * 3
NO_BOM_TEXT = "Auditors said 38 schools had missed the deadline, the ministry confirmed.\n\n" * 3
CP1251_TEXT = (
    "Министр заявил, что пострадали более 300 человек, а ущерб составил 4 миллиона рублей.\n"
    "Расследование продолжается, сообщили в полиции в понедельник вечером.\n"
) * 2
HTML_PARAGRAPHS = [
    "The council approved 250 new homes on Tuesday, officials said.",
    "Residents had asked for 120 more parking spaces, according to the planning report.",
    "A spokesperson said the decision followed a six-week consultation with 3,000 people.",
]
# (file, reason, words the detail must contain)
EXPECTED_REJECTIONS = [
    ("empty.txt", "empty", "empty.txt: empty file"),
    ("image.txt", "binary", "image.txt: binary file"),
    ("huge.txt", "too_large", "huge.txt: 52.4 MB is over the"),
    ("notes.pdf", "unsupported_type", "notes.pdf: file type .pdf"),
    ("manifest.csv:3", "outside_corpus", "line 3: '../../etc/passwd' points outside the corpus"),
    ("manifest.csv:4", "manifest_row", "line 4: published 'last Tuesday' is not a date"),
    ("manifest.csv:5", "missing_file", "line 5: names 'vanished.txt'"),
]


def build_bad_corpus(target: Path) -> Path:
    """The bundled corpus plus one file or manifest row per kind of bad input."""
    shutil.copytree(CORPUS, target)
    articles = target / "articles"
    (articles / "empty.txt").write_bytes(b"")
    (articles / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(4096))
    with (articles / "huge.txt").open("wb") as handle:  # sparse 50 MB file
        handle.truncate(50 * 1024 * 1024)
    (articles / "notes.pdf").write_bytes(b"%PDF-1.4\n")
    (articles / "legacy_cp1252.txt").write_bytes(CP1252_TEXT.encode("cp1252"))
    (articles / "windows_utf16.txt").write_bytes(UTF16_TEXT.encode("utf-16"))  # with BOM
    (articles / "utf16_no_bom.txt").write_bytes(NO_BOM_TEXT.encode("utf-16-le"))
    (articles / "utf32_no_bom.txt").write_bytes(NO_BOM_TEXT.replace("38", "39").encode("utf-32-be"))
    (articles / "russian_cp1251.txt").write_bytes(CP1251_TEXT.encode("cp1251"))
    (articles / "page.html").write_text(
        "<html><head><title>Council</title><script>var ads = 'TRACKER-77';</script></head>"
        "<body><nav>Home | News | Sport</nav><article>"
        + "".join(f"<p>{p}</p>" for p in HTML_PARAGRAPHS)
        + "</article><footer>© Local News 2024. Cookie settings.</footer></body></html>",
        encoding="utf-8",
    )
    shutil.copyfile(articles / DUPLICATE_OF, articles / "copy_of_003.txt")
    with (target / "manifest.csv").open("a", encoding="utf-8") as manifest:
        manifest.write("../../etc/passwd,Evil,,,\n")
        manifest.write("legacy_cp1252.txt,Local Paper,Cafés,,last Tuesday\n")
        manifest.write("vanished.txt,Gone,,,2016-01-01\n")
    return target


def manifest_lines(corpus: Path) -> list[str]:
    return (corpus / "manifest.csv").read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory):
    from flows.pipeline import newsfacts_pipeline

    root = tmp_path_factory.mktemp("bad")
    corpus = build_bad_corpus(root / "corpus")
    # The manifest rows added above sit on lines 7-9 after the bundled header and
    # rows; the expectations name lines 3-5, so put the bad rows there instead.
    lines = manifest_lines(corpus)
    header, bundled, bad = lines[0], lines[1:-3], lines[-3:]
    (corpus / "manifest.csv").write_text(
        "\n".join([header, bundled[0], *bad, *bundled[1:]]) + "\n", encoding="utf-8"
    )
    db_path = root / "newsfacts.duckdb"
    summary = newsfacts_pipeline(corpus_dir=str(corpus), db_path=str(db_path))
    con = duckdb.connect(str(db_path), read_only=True)
    yield summary, con, corpus, db_path
    con.close()


def test_every_good_article_is_still_processed(bad_run):
    summary, con, _, _ = bad_run
    paths = {r[0] for r in con.execute("SELECT path FROM article_files").fetchall()}
    decoded = {"legacy_cp1252.txt", "windows_utf16.txt", "page.html", "utf16_no_bom.txt",
               "utf32_no_bom.txt", "russian_cp1251.txt"}  # fmt: skip
    assert set(GOOD) | decoded <= paths
    assert summary.processed == len(GOOD) + len(decoded)


@pytest.mark.parametrize(("path", "reason", "words"), EXPECTED_REJECTIONS)
def test_each_bad_input_is_recorded_with_file_reason_and_run(bad_run, path, reason, words):
    summary, con, _, _ = bad_run
    row = con.execute(
        "SELECT reason, detail FROM rejected_inputs WHERE run_id = ? AND path = ?",
        [summary.run_id, path],
    ).fetchone()
    assert row is not None, f"{path} not in rejected_inputs"
    assert row[0] == reason
    assert words in row[1]


def test_the_size_limit_message_names_size_and_limit(bad_run):
    _, con, _, _ = bad_run
    (detail,) = con.execute("SELECT detail FROM rejected_inputs WHERE path = 'huge.txt'").fetchone()
    assert f"{MAX_BYTES / 1e6:.1f} MB limit" in detail


def test_a_bad_manifest_date_keeps_the_article_without_the_date(bad_run):
    _, con, _, _ = bad_run
    outlet, published = con.execute(
        "SELECT outlet, published FROM articles WHERE path = 'legacy_cp1252.txt'"
    ).fetchone()
    assert (outlet, published) == ("Local Paper", None)


def test_legacy_encodings_are_decoded_and_noted(bad_run):
    _, con, _, _ = bad_run
    text, encoding, note = con.execute(
        "SELECT text, encoding, decode_note FROM articles WHERE path = 'legacy_cp1252.txt'"
    ).fetchone()
    assert text == CP1252_TEXT
    assert encoding == "cp1252" and "detection" in note
    text, encoding, note = con.execute(
        "SELECT text, encoding, decode_note FROM articles WHERE path = 'windows_utf16.txt'"
    ).fetchone()
    assert (text, encoding) == (UTF16_TEXT, "utf-16") and "byte-order mark" in note


def test_utf16_and_utf32_without_a_bom_and_cp1251_load_with_their_confidence(bad_run):
    _, con, _, _ = bad_run
    rows = {
        path: (text, encoding, note, confidence)
        for path, text, encoding, note, confidence in con.execute(
            "SELECT path, text, encoding, decode_note, decode_confidence FROM articles"
            " WHERE path IN ('utf16_no_bom.txt', 'utf32_no_bom.txt', 'russian_cp1251.txt',"
            " 'windows_utf16.txt')"
        ).fetchall()
    }
    assert rows["utf16_no_bom.txt"][:2] == (NO_BOM_TEXT, "utf-16-le")
    assert rows["utf32_no_bom.txt"][:2] == (NO_BOM_TEXT.replace("38", "39"), "utf-32-be")
    assert rows["russian_cp1251.txt"][0] == CP1251_TEXT
    for path in ("utf16_no_bom.txt", "utf32_no_bom.txt", "russian_cp1251.txt"):
        text, encoding, note, confidence = rows[path]
        assert 0.8 <= confidence <= 1 and f"confidence {confidence:.2f}" in note, path
    assert rows["windows_utf16.txt"][3] == 1.0


def test_html_is_loaded_as_its_article_text_and_offsets_index_that_text(bad_run):
    _, con, _, _ = bad_run
    article_id, text, note = con.execute(
        "SELECT article_id, text, decode_note FROM articles WHERE path = 'page.html'"
    ).fetchone()
    assert "trafilatura" in note
    assert all(p in text for p in HTML_PARAGRAPHS)
    assert "TRACKER-77" not in text and "<p>" not in text and "Cookie" not in text
    figures = con.execute(
        "SELECT text, start_char, end_char FROM figure_mentions WHERE article_id = ?",
        [article_id],
    ).fetchall()
    assert {"250", "3,000"} <= {f[0] for f in figures} | {t for f in figures for t in f[0].split()}
    assert all(text[start:end] == mention for mention, start, end in figures)


def test_the_same_article_under_two_names_is_linked_and_loaded_once(bad_run):
    summary, con, _, _ = bad_run
    rows = con.execute(
        "SELECT path, article_id FROM article_files WHERE path IN (?, ?) ORDER BY path",
        ["copy_of_003.txt", DUPLICATE_OF],
    ).fetchall()
    assert len(rows) == 2 and rows[0][1] == rows[1][1]
    loaded = con.execute(
        "SELECT count(*) FROM articles WHERE article_id = ?", [rows[0][1]]
    ).fetchone()[0]
    assert loaded == 1
    assert summary.duplicates == 1


def test_nothing_outside_the_corpus_was_read(bad_run):
    _, con, _, _ = bad_run
    assert con.execute("SELECT count(*) FROM articles WHERE text LIKE '%root:%'").fetchone()[0] == 0
    paths = [r[0] for r in con.execute("SELECT path FROM article_files").fetchall()]
    assert not any("passwd" in p or ".." in p for p in paths)


def test_the_warehouse_is_consistent_after_bad_input(bad_run):
    *_, db_path = bad_run
    assert consistency_problems(db_path) == []


def test_the_cli_prints_the_summary_and_exits_zero_when_some_articles_load(bad_run, tmp_path):
    _, _, corpus, _ = bad_run
    db_path = tmp_path / "cli.duckdb"
    result = run_cli("run", "--corpus", str(corpus), "--db", str(db_path))
    assert result.returncode == 0, result.stderr[-3000:]
    # Not a terminal: no progress bar, no colour, nothing but plain lines.
    assert "\x1b" not in result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert f"{len(GOOD) + 6} processed, 0 unchanged, 1 duplicates" in lines[0]
    assert f"{len(EXPECTED_REJECTIONS)} rejected" in lines[0]
    by_line = {line.split(":", 1)[0]: line for line in lines if not line.startswith(" ")}
    # One line counts the rejections by reason; the first few say what and why.
    assert all(reason in by_line["rejected"] for _, reason, _ in EXPECTED_REJECTIONS)
    shown = [line for line in lines if line.startswith("  ")]
    assert len(shown) == 5 + 1
    assert sum(any(words in line for _, _, words in EXPECTED_REJECTIONS) for line in shown) == 5
    assert shown[-1].startswith(f"  ... and {len(EXPECTED_REJECTIONS) - 5} more: newsfacts sql")
    assert "in conflict;" in by_line["claims"] and by_line["claims"].endswith("stories relinked")
    assert "Prefect start-up" in by_line["time"]
    assert "extract_and_load" in by_line["stages (s)"] and "publish" in by_line["stages (s)"]
    assert by_line["warehouse"] == f"warehouse: {db_path}"
    assert by_line["report"].endswith("factcheck.html")
    assert len(lines) <= 20, "the summary must fit on one screen"


def test_strict_exits_non_zero_when_anything_was_rejected(bad_run, tmp_path, capsys):
    _, _, corpus, _ = bad_run
    code = newsfacts_main(
        ["run", "--corpus", str(corpus), "--db", str(tmp_path / "s.duckdb"), "--strict"]
    )
    assert code == 1
    assert "rejected" in capsys.readouterr().out


def test_a_corpus_with_nothing_processable_exits_non_zero(tmp_path, capsys):
    articles = tmp_path / "corpus" / "articles"
    articles.mkdir(parents=True)
    (articles / "empty.txt").write_bytes(b"")
    (articles / "image.txt").write_bytes(b"\x00\x01\x02" * 100)
    code = newsfacts_main(
        ["run", "--corpus", str(tmp_path / "corpus"), "--db", str(tmp_path / "n.duckdb")]
    )
    captured = capsys.readouterr()
    assert code == 1
    assert "0 processed" in captured.out and "2 rejected" in captured.out
    assert "nothing could be processed" in captured.err


def test_a_manifest_with_a_bad_header_is_recorded_and_the_articles_still_load(tmp_path):
    from flows.pipeline import newsfacts_pipeline

    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    lines = manifest_lines(corpus)
    lines[0] = lines[0].replace("published", "pubdate")  # a missing and an unknown column
    (corpus / "manifest.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = newsfacts_pipeline(corpus_dir=str(corpus), db_path=str(tmp_path / "h.duckdb"))
    assert summary.processed == len(GOOD)
    (rejection,) = summary.rejected
    assert rejection.path == "manifest.csv" and rejection.reason == "manifest_header"
    assert "line 1" in rejection.detail
    assert "missing column(s) published" in rejection.detail
    assert "unknown column(s) pubdate" in rejection.detail
    con = duckdb.connect(str(tmp_path / "h.duckdb"), read_only=True)
    try:  # the columns the header does name are still used
        outlets = {r[0] for r in con.execute("SELECT outlet FROM articles").fetchall()}
        assert "The Guardian" in outlets
    finally:
        con.close()


# A re-run over the session's warehouse in which one article file is now empty, one
# manifest row is refused twice (a bad date for a file that does not exist) and
# another row refuses the date of an article that is still there.
EMPTIED = GOOD[0]
REFUSED_DATE_OF = GOOD[1]
GHOST_ROW = "ghost.txt,Gone,,,someday"


@pytest.fixture(scope="module")
def refusals_rerun(pipeline_run, tmp_path_factory):
    from flows.pipeline import run_pipeline

    root = tmp_path_factory.mktemp("refusals")
    corpus = root / "corpus"
    shutil.copytree(CORPUS, corpus)
    (corpus / "articles" / EMPTIED).write_bytes(b"")
    lines = manifest_lines(corpus)
    lines = [
        line.rsplit(",", 1)[0] + ",25 November 2016" if line.startswith(REFUSED_DATE_OF) else line
        for line in lines
    ] + [GHOST_ROW]
    (corpus / "manifest.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    db_path = root / "newsfacts.duckdb"
    shutil.copyfile(pipeline_run.db_path, db_path)
    events = []
    summary = run_pipeline(
        corpus_dir=str(corpus), db_path=str(db_path), progress=lambda *e: events.append(e)
    )
    con = duckdb.connect(str(db_path), read_only=True)
    yield summary, con, len(lines), events
    con.close()


def test_a_path_refused_twice_is_one_rejection_with_both_reasons(refusals_rerun):
    summary, con, ghost_line, _ = refusals_rerun
    rows = con.execute(
        "SELECT reason, detail FROM rejected_inputs WHERE run_id = ? AND path = ?",
        [summary.run_id, f"manifest.csv:{ghost_line}"],
    ).fetchall()
    assert len(rows) == 1
    reason, detail = rows[0]
    assert reason == "manifest_row; missing_file"
    assert "published 'someday' is not a date" in detail and "names 'ghost.txt'" in detail
    status, recorded = con.execute(
        "SELECT status, rejected FROM pipeline_runs WHERE run_id = ?", [summary.run_id]
    ).fetchone()
    n_rows = con.execute(
        "SELECT count(*) FROM rejected_inputs WHERE run_id = ?", [summary.run_id]
    ).fetchone()[0]
    assert status == "completed"
    assert recorded == n_rows == len(summary.rejected) == 3


def test_only_the_rejected_article_file_loses_its_facts(refusals_rerun, warehouse):
    summary, con, *_ = refusals_rerun
    assert {r.path for r in summary.rejected} >= {EMPTIED}
    # The emptied file, and the file whose manifest row changed (its date refused),
    # are extracted again; every other file is unchanged.
    assert summary.skipped_unchanged == len(GOOD) - 2

    def facts(connection, exclude: tuple[str, ...]) -> dict[str, list]:
        return {
            table: sorted(
                connection.execute(
                    f"SELECT t.* FROM {table} t JOIN article_files f USING (article_id)"
                    " WHERE NOT list_contains(?, f.path)",
                    [list(exclude)],
                ).fetchall()
            )
            for table in ("articles", "sentences", "figure_mentions", "entity_mentions")
        }

    # Every other article keeps every fact.
    assert facts(con, (EMPTIED, REFUSED_DATE_OF)) == facts(warehouse, (EMPTIED, REFUSED_DATE_OF))
    # The article whose date was refused is processed without that date: its text
    # facts are all there, and its published date is not the refused value.
    refused = facts(con, tuple(p for p in GOOD if p != REFUSED_DATE_OF))
    before = facts(warehouse, tuple(p for p in GOOD if p != REFUSED_DATE_OF))
    for table in ("sentences", "figure_mentions", "entity_mentions"):
        assert len(refused[table]) == len(before[table]) > 0, table
    (evidence,) = con.execute(
        "SELECT a.metadata_evidence FROM articles a"
        " JOIN article_files f USING (article_id) WHERE f.path = ?",
        [REFUSED_DATE_OF],
    ).fetchone()
    sources = {e["field"]: e["source"] for e in json.loads(evidence)}
    assert sources.get("published") != "manifest"
    paths = {r[0] for r in con.execute("SELECT path FROM article_files").fetchall()}
    assert paths == set(GOOD) - {EMPTIED}
    (emptied_id,) = warehouse.execute(
        "SELECT article_id FROM article_files WHERE path = ?", [EMPTIED]
    ).fetchone()
    for table in ("articles", "sentences", "figure_mentions"):
        gone = con.execute(f"SELECT count(*) FROM {table} WHERE article_id = ?", [emptied_id])
        assert gone.fetchone()[0] == 0, table


def test_merging_rejections_keeps_first_seen_order_and_repeats_nothing():
    from flows.pipeline import merge_rejections
    from flows.sources import Rejection

    merged = merge_rejections(
        [
            Rejection("b.txt", "empty", "b.txt: empty file"),
            Rejection("manifest.csv:4", "manifest_row", "line 4: bad date"),
            Rejection("b.txt", "empty", "b.txt: empty file"),
            Rejection("manifest.csv:4", "missing_file", "line 4: names 'x.txt'"),
        ]
    )
    assert merged == [
        Rejection("b.txt", "empty", "b.txt: empty file"),
        Rejection(
            "manifest.csv:4",
            "manifest_row; missing_file",
            "line 4: bad date; line 4: names 'x.txt'",
        ),
    ]


def test_progress_is_told_each_stage_and_counts_refused_files_as_done(refusals_rerun):
    *_, events = refusals_rerun
    stages = list(dict.fromkeys(stage for stage, _, _ in events))
    assert stages == [
        "discover", "plan", "extract_and_load", "drop_removed", "link_claims",
        "build_models", "record_run", "report", "publish",
    ]  # fmt: skip
    # Two files needed extracting (the emptied one and the one whose manifest row
    # changed); the emptied one was refused, and that is progress too.
    counts = [(done, total) for stage, done, total in events if done is not None]
    assert counts == [(0, 2), (2, 2)]
