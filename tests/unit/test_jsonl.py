"""JSON Lines exports and saved pages: field mapping, bad lines, metadata from markup."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from extractors.metadata import infer_metadata
from extractors.page_metadata import page_metadata
from flows.inputs import read_input
from flows.jsonl import parse_field_mapping, scan_export
from flows.sources import SourceFile
from tests.conftest import CORPUS
from tests.webpages import Page, page_html

TEXT = (CORPUS / "articles" / "003_63c0137ee627a37e.txt").read_text(encoding="utf-8")


def write_lines(path: Path, rows: list) -> Path:
    lines = [row if isinstance(row, str) else json.dumps(row) for row in rows]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)
    return path


GOOD = {
    "text": TEXT,
    "url": "https://www.example-wire.example/2016/11/25/met",
    "title": "Met police making serious errors",
    "published": "2016-11-25T09:15:00Z",
    "outlet": "Example Wire",
    "story": "met-child-protection",
    "source_kind": "secondary",
    "agency": "PA",
}


@pytest.mark.parametrize("name", ["export.jsonl", "export.jsonl.gz"])
def test_every_usable_line_loads_and_each_bad_line_is_one_rejection(tmp_path, name):
    path = write_lines(tmp_path / name, [
        GOOD,
        "{not json",
        ["a", "list"],
        {"title": "no text at all"},
        GOOD | {"published": "last Tuesday"},
        GOOD | {"source_kind": "tertiary"},
        "",
        GOOD | {"url": "https://www.example-wire.example/other"},
    ])  # fmt: skip
    lines, rejections = scan_export(str(path), name, parse_field_mapping(None))
    assert [line.path for line in lines] == [f"{name}:1", f"{name}:8"]
    assert [(r.path, r.reason) for r in rejections] == [
        (f"{name}:{n}", "jsonl_line") for n in (2, 3, 4, 5, 6)
    ]
    details = [r.detail for r in rejections]
    assert details[0].startswith(f"{name}: line 2: not JSON")
    assert "not a JSON object" in details[1]
    assert "no text" in details[2]
    assert "'last Tuesday' is not a date" in details[3]
    assert "'tertiary' is not primary or secondary" in details[4]


def test_a_line_gives_its_fields_as_metadata_with_evidence(tmp_path):
    path = write_lines(tmp_path / "export.jsonl", [GOOD])
    (line,), _ = scan_export(str(path), "export.jsonl", parse_field_mapping(None))
    read = read_input(line)
    assert read.decoded.text == TEXT
    meta = infer_metadata(read.decoded.text, line.manifest, read.given)
    assert (meta.url, meta.headline, meta.published, meta.outlet) == (
        GOOD["url"], GOOD["title"], "2016-11-25", "Example Wire")  # fmt: skip
    assert (meta.story, meta.source_kind, meta.agency) == ("met-child-protection", "secondary", "PA")
    title = next(e for e in meta.evidence if e.field == "headline")
    assert (title.source, title.detail) == ("jsonl", "export.jsonl: line 1, field 'title'")


def test_other_field_names_are_mapped_and_nested_fields_reached(tmp_path):
    row = {"maintext": TEXT, "headline": {"main": "Mapped headline"}, "date_publish": "2016-11-25 10:00:00"}
    path = write_lines(tmp_path / "export.jsonl", [row])
    mapping = parse_field_mapping("text=maintext, title=headline.main,published=date_publish")
    (line,), rejections = scan_export(str(path), "export.jsonl", mapping)
    assert rejections == []
    meta = infer_metadata(TEXT, {}, read_input(line).given)
    assert (meta.headline, meta.published) == ("Mapped headline", "2016-11-25")


def test_a_changed_mapping_changes_the_lines_fingerprint(tmp_path):
    path = write_lines(tmp_path / "export.jsonl", [GOOD | {"headline": "Other"}])
    (a,), _ = scan_export(str(path), "export.jsonl", parse_field_mapping(None))
    (b,), _ = scan_export(str(path), "export.jsonl", parse_field_mapping("title=headline"))
    assert a.fingerprint != b.fingerprint


@pytest.mark.parametrize("spec", ["headline=title", "text", "text="])
def test_a_bad_mapping_is_refused_with_the_known_fields(spec):
    with pytest.raises(ValueError, match="article_field=json_field"):
        parse_field_mapping(spec)


def test_a_line_with_html_is_read_like_a_saved_page(tmp_path):
    page = Page("https://www.northern-courier.example/news/met", TEXT, "Courier headline",
                "The Northern Courier", "2016-11-25")  # fmt: skip
    path = write_lines(tmp_path / "export.jsonl", [{"html": page_html(page), "title": "Given title"}])
    (line,), _ = scan_export(str(path), "export.jsonl", parse_field_mapping(None))
    read = read_input(line)
    assert "Related" not in read.decoded.text and "Politics" not in read.decoded.text
    meta = infer_metadata(read.decoded.text, {}, read.given)
    assert meta.headline == "Given title"  # the line's own field comes before the page's
    assert (meta.outlet, meta.published) == ("The Northern Courier", "2016-11-25")


def test_a_cut_off_gzip_export_keeps_the_lines_before_the_damage(tmp_path):
    path = write_lines(tmp_path / "export.jsonl.gz", [GOOD] * 40)
    path.write_bytes(path.read_bytes()[:-200])
    lines, rejections = scan_export(str(path), "export.jsonl.gz", parse_field_mapping(None))
    assert lines and len(lines) < 40
    (rejection,) = rejections
    assert rejection.reason == "jsonl_unreadable" and rejection.detail.startswith("export.jsonl.gz")


# --- saved pages ------------------------------------------------------------------------


def test_a_saved_page_gives_title_outlet_and_date_with_the_element_each_came_from(tmp_path):
    page = Page("https://www.northern-courier.example/news/met", TEXT, "Courier headline",
                "The Northern Courier", "2016-11-25")  # fmt: skip
    saved = tmp_path / "page.html"
    saved.write_text(page_html(page), encoding="utf-8")
    read = read_input(SourceFile("page.html", str(saved), saved.stat().st_size))
    meta = infer_metadata(read.decoded.text, {}, read.given)
    assert (meta.headline, meta.outlet, meta.published, meta.url) == (
        "Courier headline", "The Northern Courier", "2016-11-25", page.url)  # fmt: skip
    sources = {e.field: (e.source, e.detail) for e in meta.evidence}
    assert sources["published"] == ("page_date", '<meta property="article:published_time">')
    # The page states its URL twice; the first element carrying it is named.
    assert sources["url"] == ("page_canonical_url", '<meta property="og:url">')


def test_the_manifest_wins_over_the_page():
    page = Page("https://www.northern-courier.example/news/met", TEXT, "Courier headline",
                "The Northern Courier", "2016-11-25")  # fmt: skip
    given = page_metadata(page_html(page))
    meta = infer_metadata(TEXT, {"headline": "Manifest headline", "published": "2016-11-26"}, given)
    assert (meta.headline, meta.published, meta.outlet) == (
        "Manifest headline", "2016-11-26", "The Northern Courier")  # fmt: skip
    assert [e.source for e in meta.evidence if e.field == "headline"] == ["manifest"]


def test_a_page_without_metadata_states_nothing():
    bare = "<html><body><p>" + "The council met on Tuesday to discuss the budget. " * 20 + "</p></body></html>"
    assert [e.field for e in page_metadata(bare)] == []


def test_same_facts_other_markup_same_metadata():
    """Metamorphic: the same metadata in other tags (schema.org, Dublin Core) reads the same."""
    page = Page("https://www.northern-courier.example/news/met", TEXT, "Courier headline",
                "The Northern Courier", "2016-11-25")  # fmt: skip
    html = page_html(page)
    other = (html.replace('property="og:title"', 'name="twitter:title"')
             .replace('property="article:published_time"', 'name="dc.date"'))  # fmt: skip
    def fields(h):
        return {e.field: e.value for e in page_metadata(h)}
    assert fields(other) == fields(html)


def test_the_run_summary_counts_skipped_records_by_reason():
    from flows.cli import run_summary_lines
    from flows.pipeline import RunSummary

    summary = RunSummary("r1", "w.duckdb", skipped_records={"type=request": 3, "status=404": 1},
                         archive_records_read=9)  # fmt: skip
    lines = run_summary_lines(summary, 1.0, "0 claims")
    assert "archives:  9 records read; skipped 3 type=request, 1 status=404" in lines
    quiet = run_summary_lines(RunSummary("r2", "w.duckdb"), 1.0, "0 claims")
    assert not [line for line in quiet if line.startswith("archives:")]


def test_the_cli_refuses_a_bad_field_mapping_before_running(tmp_path, capsys):
    from flows.cli import EXIT_USAGE, main

    code = main(["run", "--corpus", str(tmp_path), "--db", str(tmp_path / "w.duckdb"),
                 "--jsonl-fields", "body=maintext"])  # fmt: skip
    assert code == EXIT_USAGE
    assert "article_field=json_field" in capsys.readouterr().err
    assert not (tmp_path / "w.duckdb").exists()
