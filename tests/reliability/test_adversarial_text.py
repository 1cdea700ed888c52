"""Property tests: arbitrary and adversarial input never crashes decoding or extraction,
and every offset indexes the text it came from.

Texts are built from pieces that have broken text pipelines before: control and
format characters, right-to-left marks, zero-width characters, Unicode line
separators, combining marks, huge and oddly written numbers, currency and
percent signs, furniture-like lines and markup. Lone surrogates are left out:
files are decoded strictly, so no article can contain one.
"""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.article import extract_text
from extractors.clean import clean
from flows.sources import SourceError, decode

PATH = "corpus/articles/fuzz.txt"

ODD_CHARACTERS = [
    "\x00", "\x01", "\x07", "\x0b", "\x0c", "\x1b", "\x1c", "\x7f", "\x85", "\xa0", "\xad",
    "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202e", "\u2028", "\u2029",
    "\u2060", "\ufeff", "\ufffd", "\u0301", "\u0308", "\U0001f600", "\U0001f1ec\U0001f1e7",
    "\r", "\r\n", "\t",
]  # fmt: skip
PIECES = [
    "The Met said", "Matt Parr", "HMIC", "the Metropolitan Police Service", "police", "children",
    "38", "384", "1,000,000", "10" * 40, "9" * 400, "1e308", "-0", "0.0000001", "3.", ".5",
    "£400m", "$1.2bn", "€5 billion", "76%", "%", "£", "three-quarters", "one in five",
    "a third", "half", "twice", "100,00,000", "1,2,3,4", "12-15", "12–15", "¼", "½", "²",
    "١٢٣", "١٢٣٬٤٥٦", "一万", "on 25 November 2016", "last Friday", "next year", "2016/17",
    "in 12 months' time", "Q3", "the 1990s", "31 February", "Share on Facebook", "Read more",
    "Photograph: PA", "(@someone)", "https://example.com/2016/nov/25/x", "<b>", "</p>",
    "&amp;", '"', "'", "“", "”", ".", "?", "!", ":", ";", "-", "—", "(", ")",
]  # fmt: skip
SEPARATORS = [" ", " ", " ", "\n", "\n\n", "", ", ", ". "]

adversarial_text = st.lists(
    st.one_of(
        st.sampled_from(PIECES),
        st.sampled_from(ODD_CHARACTERS),
        st.sampled_from(SEPARATORS),
        st.text(alphabet=st.characters(codec="utf-8"), max_size=6),
    ),
    max_size=60,
).map("".join)


def assert_offsets_index(text: str, mentions, what: str) -> None:
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text), (what, m)
        assert text[m.start : m.end] == m.text, (what, m)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(adversarial_text)
def test_extraction_never_crashes_and_every_offset_is_valid(text):
    cleaned, extraction = extract_text(text)
    assert cleaned.original == text and len(cleaned.text) == len(text)
    assert_offsets_index(text, extraction.sentences, "sentence")
    sentence_indexes = {s.index for s in extraction.sentences}
    for kind, mentions in [
        ("figure", extraction.figures),
        ("entity", extraction.entities),
        ("date", extraction.dates),
    ]:
        assert_offsets_index(text, mentions, kind)
        assert all(m.sentence_index in sentence_indexes for m in mentions), kind


def test_a_number_too_long_for_a_float_gets_no_infinite_value():
    _, extraction = extract_text("The Met said " + "9" * 400 + " cases were reviewed.")
    for f in extraction.figures:
        assert f.value is None or math.isfinite(f.value), f
        assert f.value_high is None or math.isfinite(f.value_high), f


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=300))
def test_extraction_of_arbitrary_unicode_keeps_offsets(text):
    _, extraction = extract_text(text)
    for mentions in (extraction.figures, extraction.entities, extraction.dates):
        assert_offsets_index(text, mentions, "mention")


@settings(max_examples=200, deadline=None)
@given(adversarial_text)
def test_cleaning_keeps_every_offset_and_line_break(text):
    cleaned = clean(text)
    assert len(cleaned.text) == len(text)
    # Furniture is blanked and hard wraps inside a paragraph become spaces; nothing
    # else changes, so every offset means the same character in both texts.
    assert all(c == o or c == " " for c, o in zip(cleaned.text, text, strict=True))
    for span in cleaned.furniture:
        assert 0 <= span.start <= span.end <= len(text)
        assert cleaned.text[span.start : span.end].strip() == ""  # blanked, not cut


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=2048),
        adversarial_text.map(lambda t: t.encode("utf-8")),
        st.tuples(
            st.sampled_from(["utf-16", "utf-16-le", "cp1252", "latin-1", "utf-8-sig"]),
            adversarial_text,
        ).map(lambda pair: pair[1].encode(pair[0], errors="ignore")),
        st.tuples(
            st.sampled_from([b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf"]), st.binary(max_size=64)
        ).map(b"".join),
    )
)
def test_decoding_arbitrary_bytes_gives_text_or_a_value_error_naming_the_file(data):
    try:
        decoded = decode(data, PATH)
    except SourceError as error:  # a ValueError; nothing else may escape
        assert isinstance(error, ValueError)
        assert str(error).startswith(f"{PATH}: ")
        assert error.category in {"empty", "binary", "undecodable"}
        return
    assert decoded.text.strip() and "\x00" not in decoded.text
    assert decoded.encoding
    decoded.text.encode("utf-8")  # no lone surrogate: the text can be stored and hashed
