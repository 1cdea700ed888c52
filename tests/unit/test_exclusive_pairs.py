"""Claims under the threshold join only as each other's sole partner above the floor."""

from __future__ import annotations

import numpy as np

from warehouse.claims.clustering import _exclusive_pairs

FLOOR, THRESHOLD = 0.04, 0.1


def matrix(n: int, pairs: dict[tuple[int, int], float]) -> np.ndarray:
    prob = np.zeros((n, n))
    for (a, b), p in pairs.items():
        prob[a, b] = prob[b, a] = p
    return prob


def join(groups, prob, blocked=None, size=None):
    n = len(prob)
    blocked = np.zeros((n, n), dtype=bool) if blocked is None else blocked
    size = np.ones(n) if size is None else size
    return sorted(_exclusive_pairs(groups, prob, blocked, size, FLOOR, THRESHOLD))


def test_two_groups_that_are_each_others_only_partner_join():
    # "fell about 600m" / "fell 700 meters": p 0.06, no other figure near either
    prob = matrix(3, {(0, 1): 0.06, (0, 2): 0.01, (1, 2): 0.0})
    assert join([[0], [1], [2]], prob) == [[0, 1], [2]]


def test_a_group_with_two_partners_above_the_floor_joins_neither():
    # sibling statistics of one report: "24 cases" near both "38 cases" and "101 cases"
    prob = matrix(3, {(0, 1): 0.06, (0, 2): 0.05, (1, 2): 0.0})
    assert join([[0], [1], [2]], prob) == [[0], [1], [2]]


def test_a_partners_other_partner_makes_the_pair_ambiguous_too():
    prob = matrix(4, {(0, 1): 0.06, (1, 2): 0.05, (2, 3): 0.0})
    assert join([[0], [1], [2], [3]], prob) == [[0], [1], [2], [3]]


def test_pairs_under_the_floor_and_forbidden_pairs_never_join():
    prob = matrix(2, {(0, 1): 0.03})
    assert join([[0], [1]], prob) == [[0], [1]]
    prob = matrix(2, {(0, 1): 0.06})
    blocked = np.array([[False, True], [True, False]])
    assert join([[0], [1]], prob, blocked) == [[0], [1]]


def test_a_forbidden_partner_above_the_floor_counts_as_a_competitor():
    prob = matrix(3, {(0, 1): 0.06, (0, 2): 0.05})
    blocked = np.zeros((3, 3), dtype=bool)
    blocked[0, 2] = blocked[2, 0] = True
    assert join([[0], [1], [2]], prob, blocked) == [[0], [1], [2]]


def test_groups_are_compared_by_their_mean_over_mentions():
    # units 0 and 1 form one group; its mean with unit 2 weighs unit 0's 3 mentions
    prob = matrix(3, {(0, 1): 0.9, (0, 2): 0.0, (1, 2): 0.12})
    assert join([[0, 1], [2]], prob, size=np.array([3.0, 1.0, 1.0])) == [[0, 1], [2]]
    assert join([[0, 1], [2]], prob, size=np.array([1.0, 3.0, 1.0])) == [[0, 1, 2]]
