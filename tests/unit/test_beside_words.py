"""The words right beside a figure, and the pair feature that reads them."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from warehouse.claims.features import FEATURES, MentionView, load_model, pair_features
from warehouse.claims.records import Figure
from warehouse.claims.text import BESIDE_MAX, beside_words


def _figure(sentence: str, text: str, unit: str | None = None, noun: str | None = None) -> Figure:
    start = sentence.index(text)
    return Figure("m", "a", "s", 0, start, start + len(text), text, 1.0, None, "count", unit,
                  "exact", noun, None, sentence, 0)  # fmt: skip


def _view(figure: Figure, value: float) -> MentionView:
    return MentionView(
        kind="count", unit=None, noun=None, verb=None, value=value, low=value, high=value,
        party=None, time=None, context=frozenset(), sentence=frozenset(), entities=frozenset(),
        beside=beside_words(figure),
    )  # fmt: skip


def test_the_words_beside_a_figure_are_read_nearest_first_by_their_first_five_letters():
    f = _figure("Gaza doctors said 55 others were injured, five of them critically.", "five")
    before, after = beside_words(f)
    assert after[:3] == ("", "", "criti")  # "of" and "them" keep their places
    assert before[0] == "injur"
    assert len(before) <= BESIDE_MAX and len(after) <= BESIDE_MAX


def test_the_figures_own_unit_and_counted_noun_are_not_words_beside_it():
    f = _figure("About 300 students were attending class.", "300", unit="students",
                noun="students")  # fmt: skip
    assert "stude" not in beside_words(f)[1]
    assert "atten" in beside_words(f)[1]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # the same state said in other words and another order
        (("with serious injuries, 10 of whom remain critical", "10"),
         ("55 others injured, five of them critically", "five")),
        (("the jury deliberated for 40 hours over four days", "40"),
         ("after more than 30 hours of deliberations, the jury", "30")),
    ],
)  # fmt: skip
def test_one_state_worded_two_ways_shares_a_word_beside_the_figures(first, second):
    a = _view(_figure(*first), 1.0)
    b = _view(_figure(*second), 2.0)
    shared = FEATURES.index("beside_shared")
    assert pair_features(a, b, window=4)[shared] == 1.0


def test_the_window_bounds_what_is_beside():
    a = _view(_figure("taken to hospital, 10 of whom remain critical", "10"), 1.0)
    b = _view(_figure("55 others injured, five of them critically", "five"), 2.0)
    shared = FEATURES.index("beside_shared")
    assert pair_features(a, b, window=3)[shared] == 0.0  # "critical" is the 4th word after 10
    assert pair_features(a, b, window=4)[shared] == 1.0
    far = _view(_figure("Officials said the count was 10 yesterday evening", "10"), 1.0)
    assert pair_features(far, b, window=BESIDE_MAX)[shared] == 0.0


def test_the_shipped_window_is_one_the_views_hold():
    model = load_model()
    assert 1 <= model.near_window <= BESIDE_MAX


def test_the_model_scores_with_its_own_window():
    model = load_model()
    a = _view(_figure("taken to hospital, 10 of whom remain critical", "10"), 1.0)
    b = _view(_figure("55 others injured, five of them critically", "five"), 2.0)
    narrow, wide = replace(model, near_window=1), replace(model, near_window=4)
    weight = model.weights[FEATURES.index("beside_shared")]
    differ = model.weights[FEATURES.index("differ_beside_shared")]
    logit = lambda p: np.log(p / (1 - p))  # noqa: E731
    gap = logit(wide.probability(a, b)) - logit(narrow.probability(a, b))
    assert gap == pytest.approx(weight + differ, abs=1e-9)
