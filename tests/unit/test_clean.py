"""Cleaning blanks page furniture, keeps every offset, and is general."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.clean import clean, paragraph_breaks
from tests.conftest import CORPUS, article_text, noise_spans


def test_cleaned_text_has_the_original_length_for_every_corpus_article():
    for path in sorted((CORPUS / "articles").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert len(clean(text).text) == len(text), path.name


def test_every_gold_furniture_line_is_blanked_except_inline_name_traps(noise_rows):
    # "BBC Radio 4" is listed as a trap for extractors (a digit inside a name),
    # not as furniture: it is article text.
    rows = [r for r in noise_rows if "part of a name" not in r["why"]]
    for file, spans in noise_spans(rows).items():
        cleaned = clean(article_text(file)).text
        for start, end in spans:
            assert not cleaned[start:end].strip(), (file, cleaned[start:end])


def test_article_sentences_survive(noise_rows):
    text = article_text("003_63c0137ee627a37e.txt")
    cleaned = clean(text).text
    start = text.index("A review of")
    assert cleaned[start : start + 30] == text[start : start + 30]


@pytest.mark.parametrize(
    ("article", "furniture"),
    [
        ("Budget row deepens.\n\nShare on Facebook\nShare on Twitter\n\nThe minister said.",
         ["Share on Facebook", "Share on Twitter"]),
        ("First paragraph.\n\nCouncil tax to rise by 5%\nRelated\n\nSecond paragraph.",
         ["Council tax to rise by 5%", "Related"]),
        ("Crowds gathered.\n\nProtesters outside.\nPhotograph: Jane Doe/Reuters\n\nLater on.",
         ["Protesters outside.", "Photograph: Jane Doe/Reuters"]),
        ("Crowds gathered.\n\nA firefighter at the scene\n(John Smith/AP)\n\nLater on.",
         ["A firefighter at the scene", "(John Smith/AP)"]),
        ("The MP replied.\n\nJane Minister (@janeminister)\n\nWe will act.",
         ["Jane Minister (@janeminister)"]),
        ("See https://example.org/page for details.", ["https://example.org/page"]),
        ("The council <https://example.org/council> voted.", ["<https://example.org/council>"]),
        ("Figures rose.\n\nContinue reading\n\nMore text.", ["Continue reading"]),
    ],
)  # fmt: skip
def test_furniture_categories_are_blanked(article, furniture):
    cleaned = clean(article).text
    for item in furniture:
        start = article.index(item)
        assert not cleaned[start : start + len(item)].strip(), item


def test_plain_article_text_is_untouched_apart_from_wraps():
    text = "The report found that 38 cases\nwere referred back.\n\nA second paragraph."
    cleaned = clean(text)
    assert cleaned.furniture == ()
    assert (
        cleaned.text == "The report found that 38 cases were referred back.\n\nA second paragraph."
    )


def test_paragraph_breaks_are_the_line_breaks_cleaning_keeps():
    """Linking reads paragraphs without cleaning again: the breaks it finds are line
    breaks cleaning keeps, and the hard wraps cleaning joins are not among them."""
    text = "The report found that 38 cases\nwere referred back.\n\nA second paragraph.\nA third."
    assert [text[b - 5 : b] for b in paragraph_breaks(text)] == ["back.", "raph."]
    joined = 0
    for path in sorted((CORPUS / "articles").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        cleaned = clean(text).text
        breaks = paragraph_breaks(text)
        assert breaks, path.name
        assert all(cleaned[b] == "\n" for b in breaks), path.name
        wraps = [i for i, c in enumerate(text) if c == "\n" and cleaned[i] == " "]
        assert not set(wraps) & set(breaks), path.name
        joined += len(wraps)
    assert joined > 50  # the bundled articles are hard-wrapped: the case is exercised


def test_hard_wrap_joins_a_paragraph_across_a_link_line():
    text = "He cited Operation Example \n<https://example.org/op>\n, the inquiry into claims."
    assert "\n" not in clean(text).text


def test_paragraph_breaks_are_kept():
    text = "One sentence ends here.\nAnother starts here.\n\nA new paragraph."
    cleaned = clean(text).text
    assert cleaned.count("\n") == text.count("\n")


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_clean_never_crashes_and_keeps_length(text):
    cleaned = clean(text)
    assert len(cleaned.text) == len(text)
    for span in cleaned.furniture:
        assert 0 <= span.start <= span.end <= len(text)


# --- the line classifier, one written page per kind of furniture -----------------------

_BODY = (
    "The county council approved a new recycling contract worth £18m on Tuesday.\n"
    "The contract, which runs for seven years, was awarded to a company based in Leeds.\n"
    "Councillor Anna Whitfield said the deal would save residents money.\n"
    "Collections of food waste will begin in October.\n"
)


@pytest.mark.parametrize(
    ("kind", "page", "furniture"),
    [
        ("photo caption and credit",
         _BODY + "A refuse lorry on its round in the town centre on Monday\n"
         "Image copyright Eastfield Photo Agency\nRecycling rates rose by 4% last year.\n",
         ["A refuse lorry on its round", "Image copyright Eastfield Photo Agency"]),
        ("byline, written by", "Recycling contract approved\nWritten by Colm Brady\n" + _BODY,
         ["Written by Colm Brady"]),
        ("byline, name for outlet", "Recycling contract approved\nMaeve Durand for the Shire Post\n"
         + _BODY, ["Maeve Durand for the Shire Post"]),
        ("time stamp alone on a line", "Recycling contract approved\nNov 25, 2016 00:01 GMT\n"
         + _BODY, ["Nov 25, 2016 00:01 GMT"]),
        ("date alone on a line", "Recycling contract approved\nThursday, 22 February 2018\n"
         + _BODY, ["Thursday, 22 February 2018"]),
        ("archive banner", "This article is more than 3 years old\nRecycling contract approved\n"
         + _BODY, ["This article is more than 3 years old"]),
        ("subscription appeal", _BODY + "Subscribe today for unlimited access to local news\n",
         ["Subscribe today for unlimited access"]),
        ("navigation words", _BODY + "Get In Touch\nSocial Media\n", ["Get In Touch", "Social Media"]),
        ("teaser for another story", _BODY[:160] + "\nLibrary opening hours cut as budget shrinks\n"
         "Read more\n" + _BODY[160:], ["Library opening hours cut as budget shrinks", "Read more"]),
        ("URL, title and date lines",
         "http://www.shirepost.example/2016/11/25/recycling-contract\nRecycling contract approved\n"
         "Published: November 25, 2016 9:41 AM\n" + _BODY,
         ["http://www.shirepost.example", "Recycling contract approved", "Published: November 25"]),
    ],
)  # fmt: skip
def test_each_kind_of_furniture_line_is_blanked(kind, page, furniture):
    cleaned = clean(page)
    for item in furniture:
        start = page.index(item)
        assert not cleaned.text[start : start + len(item)].strip(), (kind, item)
    # ... and the article's sentences are kept whole.
    for sentence in _BODY.splitlines():
        if sentence in page:
            start = page.index(sentence)
            assert cleaned.text[start : start + len(sentence)] == sentence, (kind, sentence)


def test_a_furniture_span_names_its_kind():
    page = "Recycling contract approved\nNov 25, 2016 00:01 GMT\n" + _BODY
    reasons = {page[f.start : f.end]: f.reason for f in clean(page).furniture}
    assert reasons["Nov 25, 2016 00:01 GMT"].startswith("date or time stamp")


@pytest.mark.parametrize(
    "text",
    [
        "Fire crews rescued two people from a flooded car on Sunday.\n\nNo one was hurt.",
        "He died on 3 May 2016.\nHis funeral was held on 10 May 2016.\n",
        "The letter is dated 05/11/2016.",
    ],
)
def test_a_short_article_keeps_its_sentences(text):
    assert clean(text).furniture == ()


def test_the_model_weights_match_the_features():
    from extractors.clean import _model
    from extractors.line_features import FEATURES

    model = _model()
    assert model["features"] == list(FEATURES)
    assert len(model["weights"]) == len(FEATURES)
    assert 0 < model["threshold"] < 1
