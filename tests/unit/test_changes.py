"""A change's before, after and difference, read from the wording whatever its order."""

from __future__ import annotations

import re

import pytest

from warehouse.claims.changes import sentence_changes
from warehouse.claims.records import Figure


def figures_of(sentence: str, kind: str = "count", unit: str | None = "arrest") -> list[Figure]:
    """Every number in ``sentence`` as a figure of one kind and unit."""
    words = {"five": 5.0, "forty": 40.0, "forty-five": 45.0}
    out = []
    for k, m in enumerate(re.finditer(r"\d[\d,.]*\d|\d|\b(?:forty-five|forty|five)\b", sentence)):
        text = m.group()
        value = words.get(text) or float(text.replace(",", ""))
        out.append(
            Figure(f"m{k}", "a", "s", 0, m.start(), m.end(), text, value, None, kind, unit,
                   "exact", unit, "rise", sentence, 0)
        )  # fmt: skip
    return out


def change_values(sentence: str, **kw) -> list[tuple[float, float, float]]:
    return [
        (c.larger.value, c.smaller.value, c.difference.value)
        for c in sentence_changes(figures_of(sentence, **kw))
    ]


SAME_CHANGE = [
    "Arrests rose by 120 to 520 from 400.",
    "Arrests rose from 400 to 520, an increase of 120.",
    "There were 520 arrests, up 120 from 400.",
    "Arrests grew to 520 from 400 last year, a rise of 120.",
    "The number of arrests climbed from 400 to 520, up 120.",
    "Arrests were down by 120 from 520 to 400.",
    "Arrests fell by 120 to 400, compared with 520 a year earlier.",
]


@pytest.mark.parametrize("sentence", SAME_CHANGE)
def test_one_change_in_other_words_gives_the_same_three_values(sentence):
    assert change_values(sentence) == [(520.0, 400.0, 120.0)]


NO_CHECKABLE_CHANGE = [
    # two of the three roles: nothing to check
    "Arrests rose to 520 from 400.",
    "Arrests rose by 120 to 520.",
    # no word of change governs the figures
    "Police made 400 arrests last year, 520 this year and 120 at the weekend.",
    # two changes in one sentence: which figures go together is not said
    "Arrests rose from 400 to 520 by 120 and fines from 30 to 45 by 15.",
    # a change word in another clause does not govern these figures
    "Crime rose; police sent 40 officers to 520 homes by 120 routes.",
]


@pytest.mark.parametrize("sentence", NO_CHECKABLE_CHANGE)
def test_a_sentence_without_all_three_roles_of_one_change_gives_none(sentence):
    assert change_values(sentence) == []


def test_a_change_needs_one_measurement_a_percentage_rise_of_a_count_is_not_added():
    sentence = "Arrests rose by 30% to 520 from 400."
    figs = figures_of(sentence)
    figs[0] = Figure(**{**figs[0].__dict__, "kind": "percent", "unit": "%"})
    assert sentence_changes(figs) == []
