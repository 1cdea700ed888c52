"""The claim-linking model and clustering: pure functions, no warehouse."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from warehouse.claims.clustering import _average_linkage, _units_apart, cannot_link
from warehouse.claims.features import (
    FEATURES,
    MentionView,
    comparable,
    load_model,
    pair_features,
    probability_matrix,
    units_apart,
)
from warehouse.claims.records import ClaimLinks, Figure, Interval
from warehouse.claims.text import unit_key


@pytest.mark.parametrize(
    ("unit", "key"),
    [("buses", "bus"), ("news", "news"), ("cases", "case"), ("bodies", "body"),
     ("libraries", "library"), ("series", "series"), ("staff", "staff"), ("MPs", "mp"),
     ("marchers", "people"), ("people", "people"), ("km", "km"), (None, None)],
)  # fmt: skip
def test_unit_key_folds_plurals_with_inflect_and_crowd_nouns_to_people(unit, key):
    assert unit_key(unit) == key


def test_the_shipped_model_names_the_features_the_code_computes():
    model = load_model()
    assert len(model.weights) == len(FEATURES)
    assert 0.0 < model.threshold < 1.0


def _view(value, unit="cases", context=("review", "found"), verb="find", party=None, time=None):
    return MentionView(
        kind="count", unit=unit, noun=unit, verb=verb, value=value,
        low=value if value is not None else 0.0, high=value if value is not None else np.inf,
        party=party, time=time, context=frozenset(context), sentence=frozenset(context),
        entities=frozenset(),
    )  # fmt: skip


def test_the_probability_matrix_is_the_model_pair_by_pair():
    rng = np.random.default_rng(7)
    contexts = [("review", "found"), ("review", "cell"), ("custody", "cell"), ("march",)]
    views = [
        _view(float(rng.integers(1, 400)), unit=str(rng.choice(["cases", "people"])),
              context=contexts[int(rng.integers(0, 4))], verb=str(rng.choice(["find", "say"])))
        for _ in range(40)
    ] + [_view(None)]  # fmt: skip
    model = load_model()
    matrix = probability_matrix(views, model)
    for i, a in enumerate(views):
        for j, b in enumerate(views):
            assert matrix[i, j] == pytest.approx(model.probability(a, b), abs=1e-12)


def test_a_close_value_in_the_same_setting_scores_above_a_far_one():
    model = load_model()
    a = _view(374.0)
    assert model.probability(a, _view(384.0)) > model.probability(a, _view(38.0))
    assert len(pair_features(a, _view(384.0))) == len(FEATURES)


def _measure(value, unit, words=("wasilla", "north", "anchorage")):
    return replace(_view(value, unit=unit, context=words), noun=None)


def test_units_of_measure_that_differ_are_never_compared_counted_nouns_are():
    # 40 miles and 64 kilometres are one distance, but the values are compared as
    # stated: one claim would be a false conflict.
    assert not comparable(_measure(40.0, "mi"), _measure(64.0, "km"))
    assert not comparable(_measure(40.0, "mi"), _view(40.0, unit="firefighter"))
    assert not comparable(_measure(8.0, "year"), _measure(9.0, "month"))
    assert comparable(_measure(600.0, "m"), _measure(700.0, "m"))
    # Two counted nouns are the model's call ("four ministers" / "four people").
    assert comparable(_view(4.0, unit="minister"), _view(4.0, unit="people"))
    # A unit the other sentence names keeps the pair ("64 kilometres (40 miles)").
    named = replace(_measure(64.0, "km"), sentence=frozenset({"mile", "wasilla"}))
    assert comparable(_measure(40.0, "mile"), named)


def test_the_units_apart_matrix_is_the_rule_pair_by_pair():
    rng = np.random.default_rng(3)
    words = ["mile", "km", "people", "minister", "year", "month", "wasilla"]
    views = []
    for _ in range(50):
        unit = rng.choice([None, "mile", "km", "people", "minister", "year", "month"])
        view = _view(1.0, unit=unit, context=tuple(rng.choice(words, 2, replace=False)))
        views.append(replace(view, noun=rng.choice([None, unit])))
    matrix = _units_apart(views)
    assert matrix.any()
    for i, a in enumerate(views):
        for j, b in enumerate(views):
            assert matrix[i, j] == units_apart(a, b)


def test_pairs_whose_values_differ_have_their_own_template_weights():
    a, b = _view(70.0, unit="people", verb="injure"), _view(100.0, unit="people", verb="injure")
    named = dict(zip(FEATURES, pair_features(a, b), strict=True))
    assert named["differ_verb_same"] == named["verb_same"] == 1.0
    same = dict(zip(FEATURES, pair_features(a, _view(70.0, unit="people", verb="injure")),
                    strict=True))  # fmt: skip
    assert same["verb_same"] == 1.0 and same["differ_verb_same"] == 0.0


def _naive_average_linkage(prob, blocked, size, threshold):
    groups = [[x] for x in range(len(prob))]
    while True:
        best = None
        for p in range(len(groups)):
            for q in range(p + 1, len(groups)):
                if any(blocked[x, y] for x in groups[p] for y in groups[q]):
                    continue
                num = sum(prob[x, y] * size[x] * size[y] for x in groups[p] for y in groups[q])
                den = sum(size[x] for x in groups[p]) * sum(size[y] for y in groups[q])
                if num / den >= threshold and (best is None or num / den > best[0]):
                    best = (num / den, p, q)
        if best is None:
            return sorted(sorted(g) for g in groups)
        _, p, q = best
        groups[p] += groups.pop(q)


@pytest.mark.parametrize("seed", range(20))
def test_fast_average_linkage_matches_the_textbook_one(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 14))
    prob = rng.random((n, n))
    prob = (prob + prob.T) / 2
    blocked = rng.random((n, n)) < 0.1
    blocked = blocked | blocked.T
    np.fill_diagonal(blocked, False)
    size = rng.integers(1, 4, n).astype(float)
    fast = sorted(sorted(g) for g in _average_linkage(prob, blocked, size, 0.5))
    assert fast == _naive_average_linkage(prob, blocked, size, 0.5)


def _figure(mention_id, article, sentence, value):
    return Figure(mention_id, article, sentence, 0, 0, 3, str(value), value, None, "count",
                  "cases", "exact", "cases", None, "x", 0)  # fmt: skip


def test_one_voice_setting_two_values_side_by_side_is_two_facts_unless_two_parties_speak():
    a, b = _figure("a", "art", "s1", 250_000.0), _figure("b", "art", "s1", 60_000.0)
    links = ClaimLinks(
        stories={}, sources={}, claim_of={},
        intervals={"a": Interval(250_000.0, 250_000.0, ""), "b": Interval(60_000.0, 60_000.0, "")},
        attribution={"a": None, "b": None}, time_reference={"a": None, "b": None},
    )  # fmt: skip
    assert cannot_link(a, b, links)
    links.attribution.update({"a": "organisers", "b": "police"})
    assert not cannot_link(a, b, links)
    other = _figure("c", "other-article", "s9", 60_000.0)
    links.intervals["c"] = Interval(60_000.0, 60_000.0, "")
    links.attribution["c"], links.time_reference["c"] = None, None
    assert not cannot_link(a, other, links)  # two articles may disagree: that is a conflict
    links.time_reference.update({"a": "2019-03-01..2019-03-31", "c": "2021-06-01..2021-06-30"})
    assert cannot_link(a, other, links)  # tied to different times: an update, two claims
