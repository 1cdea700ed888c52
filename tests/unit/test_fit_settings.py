"""How the claim-linking fit splits its training stories and picks among tied settings."""

from __future__ import annotations

import pytest

from tests.benchmarks.fit_claim_linking import halves, plateau_middle


def test_the_inner_split_alternates_sorted_topics_and_keeps_a_topics_stories_together():
    stories = {"1_ecb", "1_ecbplus", "3_ecb", "5_ecbplus", "12_ecb", "12_ecbplus", "20_ecb"}
    first, second = halves(stories)
    assert first == {"1_ecb", "1_ecbplus", "5_ecbplus", "20_ecb"}  # topics 1, 5, 20
    assert second == {"3_ecb", "12_ecb", "12_ecbplus"}  # topics 3, 12
    assert first | second == stories and not first & second


@pytest.mark.parametrize(
    ("scores", "chosen"),
    [({0.1: (0.87, 9), 0.06: (0.89, 13), 0.04: (0.89, 13), 0.03: (0.89, 13), 0.02: (0.89, 13)},
      0.04),  # four alike: the higher of the two middles
     ({0.1: (0.87, 9), 0.06: (0.89, 13), 0.04: (0.89, 13), 0.03: (0.89, 13), 0.02: (0.88, 13)},
      0.04),  # three alike: the middle one
     ({0.1: (0.87, 9), 0.06: (0.89, 12), 0.04: (0.89, 13)}, 0.04),  # conflicts break a B3 tie
     ({0.1: (0.90, 9), 0.06: (0.89, 13)}, 0.1),  # one best: itself ("off")
     ({0.1: (0.89, 13), 0.06: (0.89, 13)}, 0.1)],  # two alike: the higher
)  # fmt: skip
def test_among_settings_that_score_alike_the_middle_one_is_chosen(scores, chosen):
    assert plateau_middle(scores) == chosen
