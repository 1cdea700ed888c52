"""What one sentence says of its own figures: a whole and its parts, only where values add up."""

from __future__ import annotations

import pytest

from warehouse.claims.clustering import sentence_structure
from warehouse.claims.records import Figure


def figures_of(sentence: str, stated: list[tuple[str, float, str | None, str | None]]) -> list[Figure]:
    out = []
    for i, (text, value, unit, noun) in enumerate(stated):
        start = sentence.index(text)
        out.append(Figure(f"m{i}", "a", "s", 0, start, start + len(text), text, value, None,
                          "count", unit, "exact", noun, None, sentence, 0))  # fmt: skip
    return out


def test_bare_whole_numbers_may_still_be_a_whole_and_its_parts():
    sentence = "Of the 12 who were arrested, 9 were charged."
    found = figures_of(sentence, [("12", 12, None, None), ("9", 9, None, None)])
    assert [(w.value, [p.value for p in ps]) for w, ps in sentence_structure(found).part_of] == [
        (12, [9])
    ]


def test_a_first_larger_count_of_a_unit_is_the_whole_of_the_later_ones():
    sentence = "A review of 374 cases found 278 cases were closed and 38 cases were sent back."
    found = figures_of(sentence, [("374 cases", 374, "cases", "cases"),
                                  ("278 cases", 278, "cases", "cases"),
                                  ("38 cases", 38, "cases", "cases")])  # fmt: skip
    (whole, parts), = sentence_structure(found).part_of
    assert whole.value == 374 and [p.value for p in parts] == [278, 38]


@pytest.mark.parametrize(("sentence", "stated"), [
    ("Two quakes, measuring 7.6 and 7.4 magnitude, struck west of the city.",
     [("7.6", 7.6, "magnitude", None), ("7.4 magnitude", 7.4, "magnitude", None)]),
    ("Two quakes, measuring 7.6 and 7.4, struck west of the city.",
     [("7.6", 7.6, None, None), ("7.4", 7.4, None, None)]),
    ("Winds of 120 mph and gusts of 90 mph and 70 mph hit the coast.",
     [("120 mph", 120, "mph", None), ("90 mph", 90, "mph", None), ("70 mph", 70, "mph", None)]),
    ("Temperatures reached 41°C in the city and 38°C on the coast.",
     [("41°C", 41, "°C", None), ("38°C", 38, "°C", None)]),
])  # fmt: skip
def test_readings_on_a_scale_and_rates_are_never_a_whole_and_its_parts(sentence, stated):
    structure = sentence_structure(figures_of(sentence, stated))
    assert structure.part_of == [] and structure.categories == []
