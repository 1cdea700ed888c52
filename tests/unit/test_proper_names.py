"""A month word inside a proper name is part of the name, not a date."""

from __future__ import annotations

import re

import pytest

from extractors.nlp import get_nlp
from extractors.proper_names import in_proper_name


@pytest.fixture(scope="module")
def nlp():
    return get_nlp()


def _month_in(nlp, sentence: str, nth: int = 0) -> bool:
    doc = nlp(sentence)
    match = list(re.finditer(r"\bMarch\b", sentence))[nth]
    return in_proper_name(doc, match.start(), match.end())


NAMES = [
    "Thousands joined the Women's March in Washington, organisers said.",
    "Organisers of the Women's March said 500,000 attended.",
    "The March for Our Lives rally drew large crowds.",
    "She took part in the March on Washington as a student.",
    "The Hunger March of 1932 began in Glasgow.",
    "Supporters of the People's Vote March gathered outside.",
    "They watched March Madness on television.",
]
DATES = [
    "The new rules apply from March 2018.",
    "In March the minister resigned.",
    "Sales rose in March, the company said.",
    "Prices have risen every month since March.",
    "The budget is due on March 5.",
    "They met in March on Capitol Hill.",
    "The March figures were weaker than expected.",
    "March was the wettest month on record.",
]


@pytest.mark.parametrize("sentence", NAMES)
def test_month_inside_a_name_is_part_of_the_name(nlp, sentence):
    assert _month_in(nlp, sentence)


@pytest.mark.parametrize("sentence", DATES)
def test_month_standing_alone_is_not_a_name(nlp, sentence):
    assert not _month_in(nlp, sentence)


def test_name_and_date_in_one_sentence(nlp):
    text = "Later in March, students led the March for Our Lives across the city."
    assert [_month_in(nlp, text, 0), _month_in(nlp, text, 1)] == [False, True]


def test_of_three_march_words_the_dates_extractor_keeps_only_the_date(nlp):
    """The dates extractor asks in_proper_name for each month word."""
    import datetime

    from extractors.clean import clean
    from extractors.dates import extract_dates

    text = (
        "Thousands joined the Women's March in Washington. Later in March, students "
        "led the March for Our Lives."
    )
    cleaned = clean(text)
    doc = nlp(cleaned.text)
    months = [
        m for m in extract_dates(doc, cleaned, datetime.date(2018, 3, 25)) if m.text == "March"
    ]
    assert [m.start for m in months] == [text.index("in March") + 3]
