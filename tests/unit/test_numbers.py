"""The context-free number recogniser: values of digits, words, fractions, money, percents."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.numbers import find_numbers, parse_number, to_words

VALUES = [
    # digits, separators, decimals, scales
    ("800,000", 800000),
    ("2.5", 2.5),
    ("1.7m", 1.7e6),
    ("2.5 million", 2.5e6),
    ("12 billion", 12e9),
    ("10k", 10000),
    # words and mixed forms
    ("Thirty eight", 38),
    ("thirty-eight", 38),
    ("a dozen", 12),
    ("half a million", 500000),
    ("two thousand", 2000),
    ("one hundred and sixty-one", 161),
    ("a hundred", 100),
    ("two and a half", 2.5),
    ("two and a half million", 2.5e6),
    ("three million two hundred thousand", 3.2e6),
    ("nineteen", 19),
]

FORMS = [
    # fractions and ratios
    ("three-quarters", 0.75, "fraction", None),
    ("three quarters", 0.75, "fraction", None),
    ("two-thirds", 2 / 3, "fraction", None),
    ("a third", 1 / 3, "fraction", None),
    ("half", 0.5, "fraction", None),
    ("one in five", 0.2, "fraction", None),
    ("three out of every four", 0.75, "fraction", None),
    ("3/4", 0.75, "fraction", None),
    # percentages
    ("76%", 76, "percent", None),
    ("74 per cent", 74, "percent", None),
    ("ninety percent", 90, "percent", None),
    # money
    ("£400m", 400e6, "money", "GBP"),
    ("50p", 0.5, "money", "GBP"),
    ("$3bn", 3e9, "money", "USD"),
    ("€20,000", 20000, "money", "EUR"),
    ("£ 8.10 million", 8.1e6, "money", "GBP"),
    ("361 million pounds", 361e6, "money", "GBP"),
    ("US$5", 5, "money", "USD"),
    ("75 cents", 0.75, "money", "USD"),
    # ordinals, multipliers, vague amounts, times
    ("13th", 13, "ordinal", None),
    ("twenty-first", 21, "ordinal", None),
    ("third", 3, "ordinal", None),
    ("twice", 2, "multiplier", None),
    ("hundreds", None, "vague", None),
    ("10pm", 10, "time", None),
    ("10:30", 10, "time", None),
]


@pytest.mark.parametrize(("text", "value"), VALUES)
def test_values(text: str, value: float) -> None:
    parsed = parse_number(text)
    assert parsed is not None, text
    assert math.isclose(parsed, value), (text, parsed)


@pytest.mark.parametrize(("text", "value", "form", "currency"), FORMS)
def test_forms(text: str, value: float | None, form: str, currency: str | None) -> None:
    found = find_numbers(text)
    assert len(found) == 1, (text, found)
    match = found[0]
    assert match.text == text
    assert match.form == form
    assert match.currency == currency
    if value is None:
        assert match.value is None
    else:
        assert match.value is not None and math.isclose(match.value, value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("someone else", []),
        ("between 252 and 287 people", [252, 287]),
        ("Q3 results and the M25", []),
        ("one two three", [1, 2, 3]),
        ("thirty eight and forty", [38, 40]),
    ],
)
def test_boundaries(text: str, expected: list[float]) -> None:
    assert [m.value for m in find_numbers(text)] == expected


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=999_999_999_999))
def test_words_round_trip(number: int) -> None:
    words = to_words(number)
    assert parse_number(words) == number, words


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_offsets_always_valid(text: str) -> None:
    previous_end = 0
    for match in find_numbers(text):
        assert 0 <= match.start < match.end <= len(text)
        assert text[match.start : match.end] == match.text
        assert match.start >= previous_end
        previous_end = match.end
