"""After average linkage, a statement moves to the claim it holds to best."""

from __future__ import annotations

import numpy as np
import pytest

from tests.unit.linkage_problems import random_problem
from warehouse.claims.clustering import _reassign, _reassign_past_parts

THRESHOLD = 0.1


def _symmetric(n: int, pairs: dict[tuple[int, int], float]) -> np.ndarray:
    prob = np.zeros((n, n))
    for (x, y), p in pairs.items():
        prob[x, y] = prob[y, x] = p
    return prob


def test_a_statement_that_joined_early_moves_to_the_group_it_holds_to_best():
    # 0-2: one value stated by three articles (7.6); 3-4: another quantity (7.4, 7.5);
    # 5: a third article's 7.7, which joined 3-4 but holds more to 0-2.
    prob = _symmetric(6, {(0, 1): .95, (0, 2): .95, (1, 2): .95, (3, 4): .6,
                          (5, 0): .7, (5, 1): .7, (5, 2): .6, (5, 3): .6, (5, 4): .5})  # fmt: skip
    groups = [[0, 1, 2], [3, 4, 5]]
    out = _reassign(groups, prob, np.zeros((6, 6), bool), np.ones(6), THRESHOLD)
    assert sorted(out) == [[0, 1, 2, 5], [3, 4]]


def test_a_statement_stays_when_a_member_of_the_better_group_is_forbidden_with_it():
    prob = _symmetric(6, {(0, 1): .95, (0, 2): .95, (1, 2): .95, (3, 4): .6,
                          (5, 0): .7, (5, 1): .7, (5, 2): .6, (5, 3): .6, (5, 4): .5})  # fmt: skip
    blocked = np.zeros((6, 6), bool)
    blocked[5, 2] = blocked[2, 5] = True  # one article states both values
    groups = [[0, 1, 2], [3, 4, 5]]
    assert sorted(_reassign(groups, prob, blocked, np.ones(6), THRESHOLD)) == sorted(groups)


def test_a_statement_stays_when_the_better_group_scores_under_the_threshold():
    prob = _symmetric(4, {(0, 1): .05, (2, 3): .04, (1, 2): .08})
    groups = [[0, 1], [2, 3]]
    assert _reassign(groups, prob, np.zeros((4, 4), bool), np.ones(4), THRESHOLD) == groups


def test_a_statement_alone_is_left_to_average_linkage():
    prob = _symmetric(3, {(0, 1): .9, (0, 2): .5, (1, 2): .5})
    groups = [[0, 1], [2]]
    assert _reassign(groups, prob, np.zeros((3, 3), bool), np.ones(3), THRESHOLD) == groups


def test_means_count_mentions_so_a_value_many_articles_state_weighs_more():
    # 2 holds to its group-mate 1 at .4; to the other group at .2 (unit 0: a value
    # five articles state) and .9 (unit 3: one article): by mentions that is
    # (5 x .2 + .9) / 6 = .32, under .4, so it stays (by units it would be .55).
    prob = _symmetric(4, {(0, 3): .9, (2, 0): .2, (2, 3): .9, (2, 1): .4})
    size = np.array([5.0, 1.0, 1.0, 1.0])
    groups = [[0, 3], [1, 2]]
    assert _reassign(groups, prob, np.zeros((4, 4), bool), size, THRESHOLD) == groups
    size[0] = 1.0
    assert sorted(_reassign(groups, prob, np.zeros((4, 4), bool), size, THRESHOLD)) == [
        [0, 2, 3], [1]
    ]


def _naive_mean(prob, size, x, members):
    return sum(prob[x, y] * size[y] for y in members) / sum(size[y] for y in members)


@pytest.mark.parametrize("seed", range(20))
def test_after_reassigning_no_statement_holds_better_to_a_group_it_may_join(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(3, 16))
    prob, blocked, size = random_problem(rng, n, 0.15)
    labels = rng.integers(0, max(2, n // 3), n)
    groups = [[int(x) for x in np.flatnonzero(labels == g)] for g in np.unique(labels)]
    out = _reassign(groups, prob, blocked, size, 0.3, passes=50)
    assert sorted(x for g in out for x in g) == list(range(n))
    for g in out:
        for x in g:
            rest = [y for y in g if y != x]
            if not rest:
                continue
            own = _naive_mean(prob, size, x, rest)
            for h in out:
                if h is g or any(blocked[x, y] for y in h):
                    continue
                other = _naive_mean(prob, size, x, h)
                assert not (other >= 0.3 and other > own + 1e-12)


# --- a whole kept out only by its own stated part -----------------------------------
# 0-2: three articles' "four bombs were dropped"; 3: "four" in "Five bombs were dropped,
# of which four exploded", which joined them by its equal value; 4: that sentence's
# "Five bombs", left with 5, another article's "two bombs". The sentence forbids 3 with 4.


def _bombs(part: bool = True, size: list[float] | None = None):
    prob = _symmetric(6, {(0, 1): .9, (0, 2): .9, (1, 2): .9, (3, 0): .85, (3, 1): .85,
                          (3, 2): .85, (4, 0): .65, (4, 1): .6, (4, 2): .7, (4, 3): .7,
                          (4, 5): .3, (5, 0): .1})  # fmt: skip
    blocked = np.zeros((6, 6), bool)
    blocked[3, 4] = blocked[4, 3] = True
    stated_part = np.zeros((6, 6), bool)
    stated_part[3, 4] = part  # [x, y]: x is a part its sentence states of the whole y
    return prob, blocked, np.array(size or [1.0] * 6), stated_part


def test_a_whole_moves_to_the_group_only_its_own_stated_part_keeps_it_from():
    prob, blocked, size, part = _bombs()
    out = _reassign_past_parts([[0, 1, 2, 3], [4, 5]], prob, blocked, size, THRESHOLD, part)
    assert sorted(out) == [[0, 1, 2, 4], [3], [5]]


def test_a_whole_stays_when_the_member_that_keeps_it_out_is_no_part_of_it():
    prob, blocked, size, part = _bombs(part=False)
    groups = [[0, 1, 2, 3], [4, 5]]
    assert _reassign_past_parts(groups, prob, blocked, size, THRESHOLD, part) == groups


def test_a_whole_stays_when_its_part_is_most_of_the_group():
    prob, blocked, size, part = _bombs(size=[1, 1, 1, 4, 1, 1])
    groups = [[0, 1, 2, 3], [4, 5]]
    assert _reassign_past_parts(groups, prob, blocked, size, THRESHOLD, part) == groups


def test_a_whole_stays_when_it_holds_to_its_own_group_better():
    prob, blocked, size, part = _bombs()
    prob[4, 5] = prob[5, 4] = 0.8
    groups = [[0, 1, 2, 3], [4, 5]]
    assert _reassign_past_parts(groups, prob, blocked, size, THRESHOLD, part) == groups
