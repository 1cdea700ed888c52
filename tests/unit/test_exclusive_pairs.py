"""Claims under the threshold join only as each other's best partner above the floor,
when their figures may tell of one act."""

from __future__ import annotations

import numpy as np

from warehouse.claims.clustering import _exclusive_pairs

FLOOR, THRESHOLD = 0.04, 0.1


def matrix(n: int, pairs: dict[tuple[int, int], float]) -> np.ndarray:
    prob = np.zeros((n, n))
    for (a, b), p in pairs.items():
        prob[a, b] = prob[b, a] = p
    return prob


def said(verb: str | None = None, *beside: str) -> tuple[frozenset[str], frozenset[str]]:
    return frozenset({verb} if verb else ()), frozenset(beside)


def join(groups, prob, blocked=None, size=None, unit_acts=None):
    n = len(prob)
    blocked = np.zeros((n, n), dtype=bool) if blocked is None else blocked
    size = np.ones(n) if size is None else size
    return sorted(_exclusive_pairs(groups, prob, blocked, size, FLOOR, THRESHOLD, unit_acts))


def test_two_groups_that_are_each_others_only_partner_join():
    # "fell about 600m" / "fell 700 meters": p 0.06, no other figure near either
    prob = matrix(3, {(0, 1): 0.06, (0, 2): 0.01, (1, 2): 0.0})
    assert join([[0], [1], [2]], prob) == [[0, 1], [2]]


def test_each_others_best_partner_joins_though_a_third_is_near_both():
    # "about 150 metres" / "about 60 metres" (0.052), "about 200m" near both
    prob = matrix(3, {(0, 1): 0.052, (0, 2): 0.045, (1, 2): 0.041})
    assert join([[0], [1], [2]], prob) == [[0, 1], [2]]


def test_a_group_whose_best_partner_prefers_another_joins_neither():
    # 1's best is 2, not 0; 2's best is 1: only 1 and 2 are each other's best
    prob = matrix(3, {(0, 1): 0.05, (1, 2): 0.07, (0, 2): 0.0})
    assert join([[0], [1], [2]], prob) == [[0], [1, 2]]
    # a chain of four: 0-1 and 2-3 are mutual best, 1-2 is nobody's best
    prob = matrix(4, {(0, 1): 0.07, (1, 2): 0.05, (2, 3): 0.06})
    assert join([[0], [1], [2], [3]], prob) == [[0, 1], [2, 3]]


def test_two_partners_scored_alike_are_a_tie_and_neither_joins():
    # sibling statistics of one report: "24 cases" as near "38 cases" as "101 cases"
    prob = matrix(3, {(0, 1): 0.06, (0, 2): 0.06, (1, 2): 0.0})
    assert join([[0], [1], [2]], prob) == [[0], [1], [2]]


def test_pairs_under_the_floor_or_at_the_threshold_and_forbidden_pairs_never_join():
    assert join([[0], [1]], matrix(2, {(0, 1): 0.03})) == [[0], [1]]
    assert join([[0], [1]], matrix(2, {(0, 1): 0.2})) == [[0], [1]]  # the merging's
    blocked = np.array([[False, True], [True, False]])
    assert join([[0], [1]], matrix(2, {(0, 1): 0.06}), blocked) == [[0], [1]]


def test_a_forbidden_partner_above_the_floor_counts_as_a_competitor():
    # 0's best partner is 2, which it may not join; 1 is only its second
    prob = matrix(3, {(0, 1): 0.05, (0, 2): 0.06})
    blocked = np.zeros((3, 3), dtype=bool)
    blocked[0, 2] = blocked[2, 0] = True
    assert join([[0], [1], [2]], prob, blocked) == [[0], [1], [2]]


def test_groups_are_compared_by_their_mean_over_mentions():
    # units 0 and 1 form one group; its mean with unit 2 weighs unit 0's 3 mentions
    prob = matrix(3, {(0, 1): 0.9, (0, 2): 0.0, (1, 2): 0.12})
    assert join([[0, 1], [2]], prob, size=np.array([3.0, 1.0, 1.0])) == [[0, 1], [2]]
    assert join([[0, 1], [2]], prob, size=np.array([1.0, 3.0, 1.0])) == [[0, 1, 2]]


def test_lone_counts_of_two_acts_do_not_join_but_rivals_of_one_do():
    prob = matrix(2, {(0, 1): 0.06})
    # "five people were injured in clashes" / "Three people were arrested after fighting"
    apart = [said("injur", "clash"), said("arres", "after", "fight")]
    assert join([[0], [1]], prob, unit_acts=apart) == [[0], [1]]
    # "fell about 600m" / "has fallen some 700 metres"
    assert join([[0], [1]], prob, unit_acts=[said("fall"), said("fall", "some")]) == [[0, 1]]
    # "deliberated for 40 hours" / "come to a decision after 30 hours of deliberation"
    jury = [said("delib"), said("come", "after", "delib")]
    assert join([[0], [1]], prob, unit_acts=jury) == [[0, 1]]
    # one states no verb ("some 350 in the school")
    assert join([[0], [1]], prob, unit_acts=[said("shelt"), said(None, "schoo")]) == [[0, 1]]
    # a group's acts are its units' pooled
    prob = matrix(3, {(0, 1): 0.9, (0, 2): 0.06, (1, 2): 0.06})
    pooled = [said("hurt"), said("injur"), said("injur")]
    assert join([[0, 1], [2]], prob, unit_acts=pooled) == [[0, 1, 2]]


def test_on_random_scores_only_strict_mutual_best_pairs_join():
    rng = np.random.default_rng(7)
    for _ in range(200):
        n = int(rng.integers(2, 9))
        upper = np.triu(rng.uniform(0.0, 0.12, (n, n)), 1)
        prob = upper + upper.T
        out = join([[k] for k in range(n)], prob)
        expected = []
        for a in range(n):
            for b in range(a + 1, n):
                rivals = [prob[x, k] for x in (a, b) for k in range(n) if k not in (a, b)]
                if FLOOR <= prob[a, b] < THRESHOLD and all(r < prob[a, b] for r in rivals):
                    expected.append([a, b])
        paired = {x for g in expected for x in g}
        assert out == sorted(expected + [[k] for k in range(n) if k not in paired])
