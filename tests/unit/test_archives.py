"""Web archives: what a scan finds and skips, damaged archives, reading one page back.

The archives are written here with warcio from the bundled corpus's texts, wrapped
in news-site HTML (tests/webpages.py); nothing is read from outside the repository.
"""

from __future__ import annotations

import gzip
import re
from collections import Counter
from pathlib import Path

import pytest

from flows.archives import ArchiveRecord, scan_archive
from flows.inputs import _latest_captures, read_input
from flows.sources import SourceError
from tests.conftest import CORPUS
from tests.webpages import Page, page_html, paragraphs, write_warc

TEXTS = [p.read_text(encoding="utf-8") for p in sorted((CORPUS / "articles").glob("*.txt"))]


def pages(n: int = 3) -> list[Page]:
    return [
        Page(
            url=f"https://www.northern-courier.example/news/2016/nov/25/met-story-{i}",
            text=TEXTS[i],
            title=f"Met police report, part {i}",
            outlet="The Northern Courier",
            published=f"2016-11-2{i}",
            author="Jo Bloggs",
        )
        for i in range(n)
    ]


def scan(path: Path) -> list:
    return list(scan_archive(str(path), path.name))


def record_for(path: Path, row) -> ArchiveRecord:
    return ArchiveRecord(
        f"{path.name}@{row.offset}", str(path), row.length, archive=path.name,
        offset=row.offset, target_uri=row.target_uri, warc_date=row.warc_date,
        fingerprint=row.payload_sha256,
    )  # fmt: skip


@pytest.mark.parametrize("compress", [True, False], ids=["warc.gz", "warc"])
def test_a_scan_finds_the_pages_and_counts_every_other_record_by_reason(tmp_path, compress):
    path = tmp_path / ("crawl.warc.gz" if compress else "crawl.warc")
    offsets = write_warc(path, pages(3), compress=compress)
    rows = scan(path)
    articles = [r for r in rows if r.outcome == "article"]
    assert [r.offset for r in articles] == offsets
    assert [r.target_uri for r in articles] == [p.url for p in pages(3)]
    skipped = Counter(r.outcome for r in rows if r.outcome != "article")
    assert skipped == {
        "skipped:type=warcinfo": 1,
        "skipped:type=request": 3,
        "skipped:content=image/jpeg": 3,
        "skipped:content=text/css": 3,
        "skipped:status=301": 1,  # pages 0, 3, 6, ... also have a redirect
        "skipped:status=404": 1,
    }
    # Records tile the file: each starts where the one before ended (plus the blank lines).
    assert all(r.length > 0 for r in rows)


def test_a_page_read_back_has_its_text_and_its_stated_metadata_with_evidence(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, pages(2))
    row = [r for r in scan(path) if r.outcome == "article"][1]
    read = read_input(record_for(path, row))
    text = read.decoded.text
    for paragraph in paragraphs(TEXTS[1])[:3]:
        assert paragraph in text
    for furniture in ("Politics", "Related", "All rights reserved", "Weather warning"):
        assert furniture not in text
    given = {e.field: e for e in read.given}
    assert given["url"].value == pages(2)[1].url and given["url"].source == "warc_target_uri"
    assert f"offset {row.offset}" in given["url"].detail
    assert (given["headline"].value, given["headline"].source) == (
        "Met police report, part 1", "page_title")  # fmt: skip
    assert given["headline"].detail == '<meta property="og:title">'
    assert (given["outlet"].value, given["outlet"].detail) == (
        "The Northern Courier", '<meta property="og:site_name">')  # fmt: skip
    assert (given["published"].value, given["published"].source) == ("2016-11-21", "page_date")
    assert read.warc_target_uri == pages(2)[1].url
    assert read.warc_date.isoformat() == "2016-11-26T08:00:00"
    assert "trafilatura" in read.decoded.note


def _cut(data: bytes, start: int, end: int) -> bytes:
    """The data with the second half of [start, end) removed."""
    return data[: start + (end - start) // 2] + data[end:]


def _rejections(rows) -> list[tuple[int, str]]:
    return [(r.offset, r.outcome) for r in rows if r.outcome.startswith("rejected:")]


def _article_urls(rows) -> list[str]:
    return [r.target_uri for r in rows if r.outcome == "article"]


@pytest.mark.parametrize("compress", [True, False], ids=["warc.gz", "warc"])
def test_a_record_cut_short_in_the_middle_is_one_rejection_and_the_rest_loads(tmp_path, compress):
    path = tmp_path / ("crawl.warc.gz" if compress else "crawl.warc")
    offsets = write_warc(path, pages(3), compress=compress, extras=False)
    data = path.read_bytes()
    path.write_bytes(_cut(data, offsets[1], offsets[2]))
    rows = scan(path)
    assert _article_urls(rows) == [pages(3)[0].url, pages(3)[2].url]
    (offset, outcome), = _rejections(rows)  # fmt: skip
    assert offset == offsets[1]
    assert outcome == ("rejected:damaged_gzip" if compress else "rejected:wrong_length")
    detail = next(r.detail for r in rows if r.outcome == outcome)
    assert detail.startswith(f"{path.name}: record at offset {offsets[1]}: ")
    assert "reading resumed at offset" in detail


def test_a_gzip_member_cut_off_by_the_end_of_the_file_is_named(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    offsets = write_warc(path, pages(3), extras=False)
    path.write_bytes(path.read_bytes()[: offsets[2] + 40])
    rows = scan(path)
    assert _article_urls(rows) == [p.url for p in pages(2)]
    assert _rejections(rows) == [(offsets[2], "rejected:damaged_gzip")]
    assert "truncated gzip member" in rows[-1].detail


@pytest.mark.parametrize("compress", [True, False], ids=["warc.gz", "warc"])
@pytest.mark.parametrize("delta", [-40, 40], ids=["too-short", "too-long"])
def test_a_record_with_a_wrong_content_length_is_one_rejection(tmp_path, compress, delta):
    path = tmp_path / ("crawl.warc.gz" if compress else "crawl.warc")
    offsets = write_warc(path, pages(3), compress=compress, extras=False)
    data = path.read_bytes()
    record = data[offsets[1] : offsets[2]]
    raw = gzip.decompress(record) if compress else record
    length = re.search(rb"Content-Length: (\d+)", raw)
    raw = raw.replace(length.group(0), b"Content-Length: %d" % (int(length.group(1)) + delta), 1)
    record = gzip.compress(raw) if compress else raw
    path.write_bytes(data[: offsets[1]] + record + data[offsets[2] :])
    rows = scan(path)
    assert _article_urls(rows) == [pages(3)[0].url, pages(3)[2].url]
    (offset, outcome), = _rejections(rows)  # fmt: skip
    assert offset == offsets[1]
    assert outcome in ("rejected:wrong_length", "rejected:truncated_record")


@pytest.mark.parametrize("name", ["notes.warc", "notes.warc.gz"])
def test_a_file_that_is_not_a_warc_is_one_rejection_at_offset_0(tmp_path, name):
    path = tmp_path / name
    text = b"These are my notes about the Met police story, not an archive.\n" * 40
    path.write_bytes(gzip.compress(text) if name.endswith(".gz") else text)
    rows = scan(path)
    assert [(r.offset, r.outcome) for r in rows] == [
        (0, "rejected:damaged_gzip" if name.endswith(".gz") else "rejected:not_warc")
    ]
    assert rows[0].detail.startswith(f"{name}: record at offset 0: ")


def test_a_payload_in_an_unknown_charset_is_rejected_naming_the_record(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    page = pages(1)[0]
    page = Page(page.url, page.text + "\n\nCafé owners paid £400 – “serious errors”.",
                page.title, page.outlet, page.published)  # fmt: skip
    write_warc(path, [page], charset="cp1252", extras=False)
    data = path.read_bytes()
    # Relabel the payload with a charset no codec knows (the bytes stay cp1252).
    raw = gzip.decompress(data)
    raw = raw.replace(b"charset=cp1252", b"charset=x-mac-klingon")
    path.write_bytes(_regzip_records(raw))
    row = next(r for r in scan(path) if r.outcome == "article")
    with pytest.raises(SourceError) as caught:
        read_input(record_for(path, row))
    assert caught.value.category == "unknown_charset"
    assert f"crawl.warc.gz: record at offset {row.offset}" in str(caught.value)
    assert "x-mac-klingon" in str(caught.value)


def _regzip_records(raw: bytes) -> bytes:
    """Uncompressed WARC bytes as one gzip member per record (WARC-Block-Digest dropped)."""
    raw = re.sub(rb"WARC-(Block|Payload)-Digest: [^\r]*\r\n", b"", raw)
    starts = [m.start() for m in re.finditer(rb"WARC/1\.\d\r\n", raw)] + [len(raw)]
    out = b""
    for a, b in zip(starts, starts[1:], strict=False):
        record = raw[a:b]
        head, _, block = record.partition(b"\r\n\r\n")
        block = block[: -4] if block.endswith(b"\r\n\r\n") else block
        head = re.sub(rb"Content-Length: \d+", b"Content-Length: %d" % len(block), head)
        out += gzip.compress(head + b"\r\n\r\n" + block + b"\r\n\r\n")
    return out


def test_a_declared_charset_decodes_the_payload(tmp_path):
    path = tmp_path / "crawl.warc"
    page = pages(1)[0]
    page = Page(page.url, page.text + "\n\nCafé owners paid £400 each.", page.title,
                page.outlet, page.published)  # fmt: skip
    write_warc(path, [page], compress=False, charset="cp1252", extras=False)
    row = next(r for r in scan(path) if r.outcome == "article")
    read = read_input(record_for(path, row))
    assert "Café owners paid £400 each." in read.decoded.text
    assert read.decoded.encoding == "cp1252"


def _row(uri, date, archive="a.warc.gz", offset=0, fresh=True):
    return {"target_uri": uri, "warc_date": date, "archive_path": archive,
            "record_offset": offset, "fresh": fresh}  # fmt: skip


def test_the_latest_capture_of_a_url_stands_for_it():
    rows = [
        _row("https://x.example/a", "2016-11-25T08:00:00Z", offset=0),
        _row("https://x.example/b", "2016-11-25T08:00:00Z", offset=100),
        _row("https://x.example/a", "2016-11-26T08:00:00Z", archive="b.warc.gz", offset=0),
    ]
    kept, older = _latest_captures(rows)
    assert [(r["target_uri"], r["archive_path"]) for r in kept] == [
        ("https://x.example/b", "a.warc.gz"),
        ("https://x.example/a", "b.warc.gz"),
    ]
    assert older == 1


def test_capture_times_compare_as_instants_not_as_text():
    rows = [
        _row("https://x.example/a", "2016-11-26T08:00:00.500Z", offset=0),
        _row("https://x.example/a", "2016-11-26T08:00:00Z", offset=100),
        _row("https://x.example/b", "2016-11-26T10:00:00+02:00", offset=200),
        _row("https://x.example/b", "2016-11-26T09:00:00Z", offset=300),
    ]
    kept, older = _latest_captures(rows)
    assert [r["record_offset"] for r in kept] == [0, 300]
    assert older == 2


def test_scanning_reads_records_one_at_a_time(tmp_path):
    """A scan yields as it goes: the first record arrives before the file is read through."""
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, pages(5))
    rows = scan_archive(str(path), path.name)
    first = next(rows)
    assert first.record_type == "warcinfo"
    rows.close()


def test_page_html_is_a_real_page():
    html = page_html(pages(1)[0])
    assert "<nav>" in html and 'class="byline"' in html and "og:title" in html


# --- incremental scans ------------------------------------------------------------------


@pytest.fixture
def con():
    import duckdb

    from warehouse import db

    connection = duckdb.connect()
    db.migrate(connection)
    yield connection
    connection.close()


def _archive(path: Path):
    from flows.sources import SourceFile

    return SourceFile(path.name, str(path), path.stat().st_size)


def test_an_unchanged_archive_is_not_read_again_and_a_grown_one_only_past_its_end(tmp_path, con):
    from flows.inputs import scan_archives

    path = tmp_path / "crawl.warc.gz"
    write_warc(path, pages(2))
    rows, skipped, read, _ = scan_archives(con, [_archive(path)], "run-1")
    assert read == 11 and sum(skipped.values()) == 9  # warcinfo, and 4 + 1 + 3 per page
    assert [r["target_uri"] for r in rows if r["outcome"] == "article"] == [p.url for p in pages(2)]

    rows, skipped, read, _ = scan_archives(con, [_archive(path)], "run-2")
    assert (read, skipped) == (0, Counter())
    assert len([r for r in rows if r["outcome"] == "article"]) == 2

    # A crawler appends to the archive: gzip members concatenate.
    more = tmp_path / "more.warc.gz"
    write_warc(more, pages(3)[2:], extras=False)
    size_before = path.stat().st_size
    path.write_bytes(path.read_bytes() + more.read_bytes())
    rows, skipped, read, _ = scan_archives(con, [_archive(path)], "run-3")
    assert read == 2  # the appended warcinfo and page only
    articles = [r for r in rows if r["outcome"] == "article"]
    assert [r["target_uri"] for r in articles] == [p.url for p in pages(3)]
    assert articles[-1]["record_offset"] > size_before


def test_an_archive_cut_off_while_written_is_read_again_from_the_cut(tmp_path, con):
    from flows.inputs import scan_archives

    path = tmp_path / "crawl.warc.gz"
    offsets = write_warc(path, pages(3), extras=False)
    whole = path.read_bytes()
    path.write_bytes(whole[: offsets[2] + 100])
    rows, _, _, _ = scan_archives(con, [_archive(path)], "run-1")
    assert [(r["record_offset"], r["outcome"]) for r in rows][-1] == (
        offsets[2], "rejected:damaged_gzip")  # fmt: skip
    path.write_bytes(whole)  # the crawler finished the record
    rows, _, read, _ = scan_archives(con, [_archive(path)], "run-2")
    assert read == 1
    assert [(r["record_offset"], r["outcome"]) for r in rows][-1] == (offsets[2], "article")
    assert not [r for r in rows if r["outcome"].startswith("rejected:")]


def test_an_archive_gone_from_the_corpus_is_forgotten(tmp_path, con):
    from flows.inputs import scan_archives

    path = tmp_path / "crawl.warc.gz"
    write_warc(path, pages(1))
    scan_archives(con, [_archive(path)], "run-1")
    rows, _, _, _ = scan_archives(con, [], "run-2")
    assert rows == []
    assert con.execute("SELECT count(*) FROM archive_files").fetchone() == (0,)


def test_an_empty_archive_is_one_rejection(tmp_path):
    path = tmp_path / "empty.warc.gz"
    path.write_bytes(b"")
    assert [(r.offset, r.outcome) for r in scan(path)] == [(0, "rejected:empty")]
