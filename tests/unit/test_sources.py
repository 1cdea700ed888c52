"""Corpus discovery, the manifest and decoding: every bad input is named and refused alone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from flows.sources import (
    MAX_ARTICLE_CHARS,
    MAX_BYTES,
    ManifestError,
    SourceError,
    decode,
    discover,
    read_manifest,
    read_source,
)
from tests.conftest import CORPUS

ARTICLE = (CORPUS / "articles" / "003_63c0137ee627a37e.txt").read_text(encoding="utf-8")
HEADER = "file,outlet,headline,url,published\n"


def make_corpus(tmp_path: Path, files: dict[str, bytes | str], manifest: str | None = None):
    articles = tmp_path / "corpus" / "articles"
    articles.mkdir(parents=True)
    for name, content in files.items():
        target = articles / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            target.write_text(content, encoding="utf-8")
        else:
            target.write_bytes(content)
    if manifest is not None:
        (tmp_path / "corpus" / "manifest.csv").write_text(manifest, encoding="utf-8")
    return tmp_path / "corpus"


def by_path(corpus) -> dict[str, object]:
    return {r.path: r for r in corpus.rejections}


# --- decoding -------------------------------------------------------------------------


def test_utf8_is_read_as_is():
    decoded = decode("Café £400m".encode(), "a.txt")
    assert (decoded.text, decoded.encoding, decoded.note) == ("Café £400m", "utf-8", None)


def test_utf8_with_bom_drops_the_bom():
    decoded = decode(b"\xef\xbb\xbf" + "Café".encode(), "a.txt")
    assert (decoded.text, decoded.encoding) == ("Café", "utf-8-sig")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be"])
def test_utf16_with_a_bom_is_decoded_and_noted(codec):
    data = ("\ufeff" if codec == "utf-16-be" else "") + ARTICLE[:500]
    decoded = decode(data.encode(codec), "a.txt")
    assert decoded.text.lstrip("\ufeff") == ARTICLE[:500]
    assert decoded.encoding == "utf-16" and "byte-order mark" in decoded.note


@pytest.mark.parametrize("codec", ["cp1252", "latin-1"])
def test_a_legacy_encoding_is_detected_and_noted(codec):
    text = "The Met’s report – “serious errors” – cost £400,000 for 25 cafés.\n" * 8
    if codec == "latin-1":
        text = "Café owners in Zürich paid £400 each; the façade cost more.\n" * 8
    decoded = decode(text.encode(codec), "old.txt")
    assert decoded.text == text
    assert "not UTF-8" in decoded.note and "detection" in decoded.note


@pytest.mark.parametrize(
    ("data", "category", "words"),
    [
        (b"", "empty", "empty file"),
        (b"  \n\t\n", "empty", "empty file"),
        (b"\xff\xfe", "empty", "empty file"),  # a BOM and nothing after it
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary", "binary"),
        (b"\xff\xfe" + b"a\x00b", "undecodable", "UTF-16"),  # odd byte count after the BOM
        (b"\xef\xbb\xbf" + b"caf\xe9", "undecodable", "UTF-8"),
    ],
)
def test_unusable_bytes_raise_a_value_error_naming_the_file(data, category, words):
    with pytest.raises(SourceError) as error:
        decode(data, "scraped/bad.txt")
    assert isinstance(error.value, ValueError)
    assert str(error.value).startswith("scraped/bad.txt: ")
    assert words in str(error.value)
    assert error.value.category == category


# --- reading files ----------------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused_with_its_size_and_the_limit(tmp_path):
    big = tmp_path / "c" / "articles" / "huge.txt"
    big.parent.mkdir(parents=True)
    with big.open("wb") as handle:  # sparse: 50 MB on paper, nothing on disk
        handle.truncate(50 * 1024 * 1024)
    (source,) = discover(tmp_path / "c").files
    with pytest.raises(SourceError) as error:
        read_source(source)
    message = str(error.value)
    assert message.startswith("huge.txt: 52.4 MB is over the")
    assert f"{MAX_BYTES / 1e6:.1f} MB limit" in message
    assert error.value.category == "too_large"


def test_text_longer_than_the_article_limit_is_refused(tmp_path):
    corpus = make_corpus(tmp_path, {"long.txt": "word " * (MAX_ARTICLE_CHARS // 5 + 10)})
    with pytest.raises(SourceError, match=r"long\.txt: .* characters is over the"):
        read_source(discover(corpus).files[0])


def test_html_yields_the_article_text_not_the_page(tmp_path):
    paragraphs = [p for p in ARTICLE.split("\n\n") if p.strip()]
    html = (
        "<!doctype html><html><head><meta charset='utf-8'><title>T</title>"
        "<script>var tracking = 'do not keep';</script></head><body>"
        "<nav><a href='/'>Home</a> <a href='/sport'>Sport</a></nav><article>"
        + "".join(f"<p>{p}</p>" for p in paragraphs)
        + "</article><footer>Cookie policy and privacy settings</footer></body></html>"
    )
    corpus = make_corpus(tmp_path, {"page.html": html})
    decoded = read_source(discover(corpus).files[0])
    assert "trafilatura" in decoded.note and decoded.encoding == "utf-8"
    assert "do not keep" not in decoded.text and "Cookie policy" not in decoded.text
    assert "Britain's largest police force" in decoded.text
    assert "\n\n" in decoded.text  # paragraphs stay apart for sentence splitting


def test_html_page_metadata_gives_the_publication_date(tmp_path):
    paragraphs = [p for p in ARTICLE.split("\n\n") if p.strip()]
    html = (
        "<html><head><meta property='article:published_time' content='2016-11-25T08:00:00Z'>"
        "</head><body><article>" + "".join(f"<p>{p}</p>" for p in paragraphs)
        + "</article></body></html>"
    )  # fmt: skip
    corpus = make_corpus(tmp_path, {"page.html": html})
    from extractors.metadata import infer_metadata
    from flows.inputs import read_input

    read = read_input(discover(corpus).files[0])
    meta = infer_metadata(read.decoded.text, {}, read.given)
    assert meta.published == "2016-11-25"
    assert any(e.source == "page_date" for e in meta.evidence)


def test_html_without_an_article_is_refused(tmp_path):
    corpus = make_corpus(tmp_path, {"empty.htm": "<html><body><nav></nav></body></html>"})
    with pytest.raises(SourceError, match=r"^empty\.htm: HTML page without article text"):
        read_source(discover(corpus).files[0])


# --- discovery and the manifest ------------------------------------------------------------


def test_unsupported_types_and_hidden_files(tmp_path):
    corpus = discover(make_corpus(tmp_path, {"a.txt": ARTICLE, "b.pdf": b"%PDF", ".x.txt": "x"}))
    assert [f.path for f in corpus.files] == ["a.txt"]
    assert by_path(corpus)["b.pdf"].reason == "unsupported_type"


def test_a_manifest_path_outside_the_corpus_is_refused_and_not_read(tmp_path):
    manifest = HEADER + "../../etc/passwd,X,,,\n/etc/passwd,X,,,\na.txt,The Guardian,,,\n"
    corpus = discover(make_corpus(tmp_path, {"a.txt": ARTICLE}, manifest))
    rejected = by_path(corpus)
    assert rejected["manifest.csv:2"].reason == "outside_corpus"
    assert "line 2" in rejected["manifest.csv:2"].detail
    assert "'../../etc/passwd'" in rejected["manifest.csv:2"].detail
    assert rejected["manifest.csv:3"].reason == "outside_corpus"
    assert [f.path for f in corpus.files] == ["a.txt"]
    assert all("passwd" not in f.absolute for f in corpus.files)


def test_links_out_of_the_corpus_are_refused(tmp_path):
    outside = tmp_path / "secret"
    outside.mkdir()
    (outside / "secret.txt").write_text("secret 123", encoding="utf-8")
    root = make_corpus(tmp_path, {"a.txt": ARTICLE})
    os.symlink(outside / "secret.txt", root / "articles" / "link.txt")
    os.symlink(outside, root / "articles" / "linked_dir")
    corpus = discover(root)
    assert [f.path for f in corpus.files] == ["a.txt"]
    assert by_path(corpus)["link.txt"].reason == "outside_corpus"


@pytest.mark.parametrize(
    ("header", "words", "keeps_rows"),
    [
        ("file,outlet,headline,url\n", "missing column(s) published", True),
        ("file,outlet,headline,url,published,author\n", "unknown column(s) author", True),
        ("name,outlet,headline,url,published\n", "missing column(s) file", False),
    ],
)
def test_a_bad_header_is_one_rejection_and_the_articles_still_come(
    tmp_path, header, words, keeps_rows
):
    row = "a.txt,The Guardian,Headline,,2016-11-25,x"  # a spare field is ignored
    corpus = discover(make_corpus(tmp_path, {"a.txt": ARTICLE}, header + row + "\n"))
    rejection = by_path(corpus)["manifest.csv"]
    assert rejection.reason == "manifest_header"
    assert "line 1" in rejection.detail and words in rejection.detail
    assert [f.path for f in corpus.files] == ["a.txt"]
    assert (corpus.files[0].manifest.get("outlet") == "The Guardian") is keeps_rows


def test_read_manifest_alone_still_raises_on_a_bad_header(tmp_path):
    root = make_corpus(tmp_path, {"a.txt": ARTICLE}, "file,outlet\n")
    with pytest.raises(ManifestError, match="line 1: missing column"):
        read_manifest(root / "manifest.csv", root / "articles")


def test_bad_rows_name_their_line_and_the_article_is_kept_without_the_bad_value(tmp_path):
    manifest = (
        "file,outlet,headline,url,published,source_kind\n"
        "a.txt,The Guardian,H,,2016-13-45,tertiary\n"
        ",Nobody,,,,\n"
        "gone.txt,X,,,2016-01-01,\n"
        "a.txt,Again,,,,\n"
    )
    corpus = discover(make_corpus(tmp_path, {"a.txt": ARTICLE}, manifest))
    rejected = by_path(corpus)
    assert "line 2" in rejected["manifest.csv:2"].detail
    assert "'2016-13-45' is not a date" in rejected["manifest.csv:2"].detail
    assert "'tertiary'" in rejected["manifest.csv:2"].detail
    assert rejected["manifest.csv:3"].detail.endswith("line 3: empty 'file'")
    assert rejected["manifest.csv:4"].reason == "missing_file"
    assert "second row" in rejected["manifest.csv:5"].detail
    (source,) = corpus.files
    assert source.manifest["outlet"] == "The Guardian"
    assert source.manifest["published"] == "" and source.manifest["source_kind"] == ""


def test_rejection_paths_are_unique_in_a_corpus(tmp_path):
    manifest = HEADER + "a.txt,X,,,bad\nb.pdf,Y,,,bad\nnope.txt,,,,\n"
    corpus = discover(make_corpus(tmp_path, {"a.txt": ARTICLE, "b.pdf": b"%PDF"}, manifest))
    paths = [r.path for r in corpus.rejections]
    assert len(paths) == len(set(paths))  # rejected_inputs is keyed on (run_id, path)


def test_a_manifest_in_a_legacy_encoding_is_read(tmp_path):
    root = make_corpus(tmp_path, {"a.txt": ARTICLE})
    (root / "manifest.csv").write_bytes((HEADER + "a.txt,Le Café Zürich,Été,,\n").encode("cp1252"))
    (source,) = discover(root).files
    assert source.manifest["outlet"] == "Le Café Zürich"
