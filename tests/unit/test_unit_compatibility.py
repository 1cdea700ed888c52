"""Which units can count one quantity: claim linking never joins two counted things."""

from __future__ import annotations

import pytest

from warehouse.claims.text import unit_key, units_compatible

NONE: frozenset[str] = frozenset()


@pytest.mark.parametrize(
    ("a", "b", "compatible"),
    [
        ("cases", "cases", True),
        ("cases", None, True),  # a unit the wording leaves open
        ("refugees", "people", True),  # two nouns that count people
        ("mourners", "protesters", True),
        ("children", "people", True),
        ("ft", "m", True),  # one length in two systems (the units the extractor writes)
        ("mi", "km", True),
        ("bullets", "arrests", False),
        ("children", "miles", False),
        ("countries", "people", False),
        ("charges", "people", False),
        ("schools", "soldiers", False),
        ("ft", "people", False),
    ],
)
def test_units_that_can_count_one_quantity(a, b, compatible):
    assert units_compatible(unit_key(a), unit_key(b), NONE, NONE) is compatible


def test_a_unit_named_in_the_other_sentence_leaves_the_pair_to_the_model():
    # "7.5 magnitude quakes" against "a 7.3 magnitude": the measure is written in both.
    assert units_compatible(unit_key("quakes"), "magnitude", frozenset({"magnitude"}), NONE)
