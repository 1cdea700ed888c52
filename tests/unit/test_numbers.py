"""The context-free number recogniser: values of digits, words, fractions, money, percents."""

from __future__ import annotations

import math

import inflect
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.numbers import find_numbers, parse_number

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
    ("50p", 50, "money", "pence"),  # a subunit amount keeps the value as written
    ("$3bn", 3e9, "money", "USD"),
    ("€20,000", 20000, "money", "EUR"),
    ("£ 8.10 million", 8.1e6, "money", "GBP"),
    ("361 million pounds", 361e6, "money", "GBP"),
    ("US$5", 5, "money", "USD"),
    ("75 cents", 75, "money", "cents"),
    # ordinals, multipliers, vague amounts, times
    ("13th", 13, "ordinal", None),
    ("twenty-first", 21, "ordinal", None),
    ("third", 3, "ordinal", None),
    ("twice", 2, "multiplier", None),
    ("hundreds", None, "vague", None),
    # a quantifier before a bare power of ten: how many hundreds is not said
    ("several hundred", None, "vague", None),
    ("a few million", None, "vague", None),
    ("many thousand", None, "vague", None),
    ("one hundred", 100, "cardinal", None),
    ("10pm", 10, "time", None),
    ("10:30", 10, "time", None),
    # Round 3: forms found probing news copy.
    ("threefold", 3, "multiplier", None),
    ("tenfold", 10, "multiplier", None),
    ("5.4pc", 5.4, "percent", None),
    ("2½ million", 2.5e6, "cardinal", None),
    ("two-and-a-half million", 2.5e6, "cardinal", None),
    ("three-and-a-half", 3.5, "cardinal", None),
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
        # Round 3: "fold" only after a number word; "pc" only glued to digits.
        ("the manifold and the scaffold", []),
        ("5 pc users", [5]),
    ],
)
def test_boundaries(text: str, expected: list[float]) -> None:
    assert [m.value for m in find_numbers(text)] == expected


# Round 2: number-reading gaps found through the Recognizers-Text spec, in our own words.
READINGS = [
    # spelled fractions whose denominator is a compound ordinal (longest denominator)
    ("a twenty-first", [(1 / 21, "fraction")]),
    ("one thirty-second", [(1 / 32, "fraction")]),
    ("seven forty-fifths", [(7 / 45, "fraction")]),
    ("two hundred sixty fifths", [(200 / 65, "fraction")]),
    ("one two hundred and third", [(1 / 203, "fraction")]),
    ("sixty - four hundred-eighths", [(6400 / 8, "fraction")]),
    ("two hundred and fifty-four hundredths", [(200.54, "cardinal")]),
    ("eleven and a fortieth", [(11 + 1 / 40, "cardinal")]),
    # a singular ordinal after a count other than one is a rank, not a fraction
    ("the five hundredth visitor", [(500, "ordinal")]),
    ("four billionth", [(4e9, "ordinal")]),
    ("a millionth", [(1e-6, "fraction")]),
    # dozens count only what follows the last "and"
    ("two hundred and three dozen", [(236, "cardinal")]),
    # a larger scale after a smaller one multiplies: British billions, lakh crore
    ("four thousand million", [(4e9, "cardinal")]),
    ("two lakh crore", [(2e12, "cardinal")]),
    # ... after digits too
    ("10 lakh crore", [(1e13, "cardinal")]),
    ("Rs 10 lakh crore", [(1e13, "money")]),
    ("2 thousand million", [(2e9, "cardinal")]),
    ("5 million thousand", [(5e6, "cardinal"), (1000, "cardinal")]),
    # "plus or minus" states a margin either way, not a negative number
    ("plus or minus 3 points", [(3, "cardinal")]),
    ("minus 5 degrees", [(-5, "cardinal")]),
    ("three out of seven hundreds", [(3 / 700, "fraction")]),
    # a digit scale followed by a smaller group in words
    ("5 crore and three hundred", [(50_000_300, "cardinal")]),
    ("4 million and two children", [(4e6, "cardinal"), (2, "cardinal")]),
    # Indian digit grouping
    ("Rs 3,45,678", [(345678, "money")]),
    ("45,67,890.5", [(4567890.5, "cardinal")]),
    # spaced thousand/million signs only at the end of a clause
    ("about 4.5 k.", [(4500, "cardinal")]),
    ("12.5 M", [(12.5e6, "cardinal")]),
    ("the 200 m final", [(200, "cardinal")]),
    # the finance million sign after a currency
    ("US$ 3MM", [(3e6, "money")]),
    # a zero is never the tail of "3 hundred and ..."
    ("7 hundred and 0", [(700, "cardinal"), (0, "cardinal")]),
    # slashes: dates and improper pairs are separate numbers, not fractions
    ("3/14/2021", [(3, "cardinal"), (14, "cardinal"), (2021, "cardinal")]),
    ("7/3", [(7, "cardinal"), (3, "cardinal")]),
    ("2/9", [(2 / 9, "fraction")]),
    # dotted chains are addresses or versions, not numbers
    ("10.0.0.1", []),
    ("release 4.12.1 shipped", []),
    ("It grew 4.5. Then 2.1 more.", [(4.5, "cardinal"), (2.1, "cardinal")]),
]


@pytest.mark.parametrize(("text", "expected"), READINGS)
def test_readings(text: str, expected: list[tuple[float, str]]) -> None:
    found = [(m.value, m.form) for m in find_numbers(text)]
    assert len(found) == len(expected), (text, found)
    for (value, form), (want_value, want_form) in zip(found, expected, strict=True):
        assert form == want_form, (text, found)
        assert value is not None and math.isclose(value, want_value), (text, found)


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=999_999_999_999))
def test_words_round_trip(number: int) -> None:
    # British English words as inflect writes them: "one hundred and sixty-one"
    # (without its commas: "one million two hundred thousand").
    words = inflect.engine().number_to_words(number, comma="")
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
