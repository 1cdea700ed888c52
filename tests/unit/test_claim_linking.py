"""The claim-linking model and clustering: pure functions, no warehouse."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from tests.unit.linkage_problems import random_problem
from warehouse.claims.clustering import (
    _average_linkage,
    _merge_past_outliers,
    _units_apart,
    cannot_link,
)
from warehouse.claims.features import (
    FEATURES,
    MentionView,
    comparable,
    load_model,
    mention_view,
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
    # Units of no common dimension (or views not converted, see the next test) are
    # compared as stated: one claim would be a false conflict.
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
    prob, blocked, size = random_problem(rng, n, 0.1)
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


@pytest.mark.parametrize(
    ("parties", "paragraphs", "forbidden"),
    [((None, None), (0, 1), True),  # the article's own voice, two values: two facts
     (("police", None), (0, 1), False),  # a quoted police figure against the report's own
     ((None, "police"), (2, 0), False),
     (("police", None), (1, 1), True),  # one paragraph carries on the police's account
     (("police", "police"), (0, 1), True),  # one party, two values: two facts
     (("organisers", "police"), (0, 0), False)],  # two parties anywhere
)  # fmt: skip
def test_in_one_article_two_values_may_be_one_fact_only_if_two_voices_give_them(
    parties, paragraphs, forbidden
):
    a, b = _figure("a", "art", "s1", 700.0), _figure("b", "art", "s2", 600.0)
    links = ClaimLinks(
        stories={}, sources={}, claim_of={},
        intervals={"a": Interval(700.0, 700.0, ""), "b": Interval(600.0, 600.0, "")},
        attribution=dict(zip("ab", parties, strict=True)), time_reference={"a": None, "b": None},
        paragraph=dict(zip("ab", paragraphs, strict=True)),
    )  # fmt: skip
    assert cannot_link(a, b, links) is forbidden
    assert cannot_link(b, a, links) is forbidden


def _measured(mention_id, sentence, value, unit, qualifier="approx"):
    text = f"{value:g}{unit}"
    return Figure(mention_id, "art", sentence, 0, 0, len(text), text, value, None, "count",
                  unit, qualifier, None, "fall", f"The climber fell about {text}.", 0)  # fmt: skip


def _links_of(*figures):
    from warehouse.claims.intervals import figure_interval

    return ClaimLinks(
        stories={}, sources={}, claim_of={},
        intervals={f.mention_id: figure_interval(f) for f in figures},
        attribution={f.mention_id: None for f in figures},
        time_reference={f.mention_id: None for f in figures},
    )  # fmt: skip


def test_a_measure_is_viewed_in_its_dimensions_base_unit():
    feet, metres = _measured("a", "s1", 2000.0, "ft"), _measured("b", "s2", 600.0, "m")
    links = _links_of(feet, metres)
    va, vb = mention_view(feet, links), mention_view(metres, links)
    assert (va.unit, vb.unit) == ("m", "m")
    assert va.value == pytest.approx(609.6)
    assert va.low < 600.0 < va.high
    assert comparable(va, vb)
    assert pair_features(va, vb)[FEATURES.index("value_close")] > 0.5
    # a counted noun and a currency keep their own unit
    people = replace(_figure("c", "art", "s3", 4.0), unit="people")
    assert mention_view(people, _links_of(people)).unit == "people"


@pytest.mark.parametrize(
    ("feet", "metres", "apart"),
    [(2000.0, 609.0, False),  # "fell 2,000ft (609 metres)": one value restated
     (2000.0, 600.0, False),
     (2000.0, 900.0, True)],
)  # fmt: skip
def test_one_sentence_restating_a_value_in_another_unit_is_one_value(feet, metres, apart):
    a = _measured("a", "s1", feet, "ft", "exact")
    b = _measured("b", "s1", metres, "m", "exact")
    assert cannot_link(a, b, _links_of(a, b)) is apart


def _blocked(n, pairs):
    out = np.zeros((n, n), dtype=bool)
    for i, j in pairs:
        out[i, j] = out[j, i] = True
    return out


@pytest.mark.parametrize(
    ("groups", "blocked", "size", "weak", "expected"),
    [
        # "four bombs dropped" x2 + "of which four exploded" (2) against "five bombs
        # dropped" (3), which shares a sentence with 2: 2 is left out, the rest merge
        ([[0, 1, 2], [3]], [(2, 3)], [2, 2, 1, 1], [2], [[0, 1, 3], [2]]),
        # ... not when the forbidden member holds to its group as well as the merge
        # would ("38 cases" in the article that also says "40 custody cases")
        ([[0, 1, 2], [3]], [(2, 3)], [2, 2, 1, 1], [], [[0, 1, 2], [3]]),
        # the forbidden members are half their group: no merge
        ([[0, 1], [2]], [(1, 2)], [1, 1, 1], [1], [[0, 1], [2]]),
        # nothing forbidden between them: left as average linkage made them
        ([[0, 1], [2, 3]], [], [1, 1, 1, 1], [], [[0, 1], [2, 3]]),
    ],
)  # fmt: skip
def test_a_merge_goes_past_the_few_members_a_forbidden_pair_holds(
    groups, blocked, size, weak, expected
):
    n = sum(len(g) for g in groups)
    prob = np.full((n, n), 0.6)
    for w in weak:  # weakly attached to the members of its own group
        for g in groups:
            if w in g:
                prob[w, g] = prob[g, w] = 0.3
    out = _merge_past_outliers(groups, prob, _blocked(n, blocked), np.array(size, float), 0.5)
    assert sorted(sorted(g) for g in out) == sorted(expected)


def test_a_part_its_sentence_states_of_the_other_groups_whole_is_left_out_however_it_holds():
    """"Five bombs were dropped, of which four exploded": the four (2) holds to the
    "four bombs dropped" group (0, 1) by its equal value better than the five (3)
    does, but its own sentence makes it a part of the five: it, not the merge, is out."""
    prob = np.full((4, 4), 0.6)
    prob[2, [0, 1]] = prob[[0, 1], 2] = 0.9
    blocked, size = _blocked(4, [(2, 3)]), np.array([2.0, 2.0, 1.0, 1.0])
    assert _merge_past_outliers([[0, 1, 2], [3]], prob, blocked, size, 0.5) == [[0, 1, 2], [3]]
    part = np.zeros((4, 4), dtype=bool)
    part[2, 3] = True  # 2 is a part of the whole 3
    out = _merge_past_outliers([[0, 1, 2], [3]], prob, blocked, size, 0.5, part)
    assert sorted(sorted(g) for g in out) == [[0, 1, 3], [2]]
    # a part of some other whole (not the member it is forbidden with) changes nothing
    other = np.zeros((4, 4), dtype=bool)
    other[2, 0] = True
    out = _merge_past_outliers([[0, 1, 2], [3]], prob, blocked, size, 0.5, other)
    assert sorted(sorted(g) for g in out) == [[0, 1, 2], [3]]


def test_no_merge_past_outliers_when_the_rest_score_under_the_threshold():
    prob = np.full((4, 4), 0.2)
    out = _merge_past_outliers([[0, 1, 2], [3]], prob, _blocked(4, [(2, 3)]),
                               np.ones(4), 0.5)  # fmt: skip
    assert sorted(sorted(g) for g in out) == [[0, 1, 2], [3]]


def test_a_blank_counted_noun_names_nothing():
    from warehouse.claims.features import noun_key

    blank = Figure("m", "a", "s", 0, 0, 2, "12", 12.0, None, "count", None, "exact", "  ",
                   None, "12 were there.", 0)  # fmt: skip
    assert noun_key(blank) is None
    assert noun_key(replace(blank, counted_noun="the 12 aid workers")) == "worker"


def _age(value, holder=None):
    return replace(_view(value, unit="year", context=("girl", "case")), kind="age", noun="girl",
                   holder=holder)  # fmt: skip


def test_two_ages_not_both_named_are_weighted_as_whose_age_is_unknown():
    named = dict(zip(FEATURES, pair_features(_age(10.0), _age(14.0)), strict=True))
    assert named["unnamed_ages"] == named["differ_unnamed_ages"] == 1.0
    one_named = dict(zip(FEATURES, pair_features(_age(10.0, "Ann Lee"), _age(14.0)), strict=True))
    assert one_named["unnamed_ages"] == 0.0 and one_named["one_named_age"] == 1.0
    both = dict(zip(FEATURES, pair_features(_age(10.0, "Ann Lee"), _age(11.0, "Ann Lee")),
                    strict=True))  # fmt: skip
    assert both["unnamed_ages"] == both["one_named_age"] == 0.0
    counts = dict(zip(FEATURES, pair_features(_view(10.0), _view(14.0)), strict=True))
    assert counts["unnamed_ages"] == 0.0
    # Fitted on ECB+, where two different ages no name ties are two people's: a girl of
    # 10 and one of 14 in two articles are less likely one measurement than two ages
    # given for one named girl.
    model = load_model()
    assert model.probability(_age(10.0), _age(14.0)) < model.probability(
        _age(10.0, "Ann Lee"), _age(14.0, "Ann Lee")
    )
    ages = [_age(10.0), _age(14.0), _age(10.0, "Ann Lee"), _age(11.0, "Ann Lee")]
    matrix = probability_matrix(ages, model)
    for i, a in enumerate(ages):
        for j, b in enumerate(ages):
            assert matrix[i, j] == pytest.approx(model.probability(a, b), abs=1e-12)


@pytest.mark.parametrize("seed", range(5))
def test_the_crossed_pairs_prefilter_keeps_every_pair_the_exact_test_accepts(seed):
    from warehouse.claims.clustering import _crossed_pairs, _mean

    rng = np.random.default_rng(seed)
    n = 40
    prob = rng.random((n, n))
    prob = (prob + prob.T) / 2
    blocked = rng.random((n, n)) < 0.05
    blocked = blocked | blocked.T
    size = rng.integers(1, 4, n).astype(float)
    order = rng.permutation(n)
    groups = [sorted(int(i) for i in order[k : k + 4]) for k in range(0, n, 4)]
    exact = [
        (x, y)
        for x in range(len(groups))
        for y in range(x + 1, len(groups))
        if blocked[np.ix_(groups[x], groups[y])].any()
        and _mean(prob, size, groups[x], groups[y]) >= 0.5
    ]
    assert exact and set(exact) <= set(_crossed_pairs(groups, prob, blocked, size, 0.5))


def test_an_equal_small_whole_number_is_marked_as_one_that_recurs_by_chance():
    small = FEATURES.index("small_equal")
    assert pair_features(_view(3.0), _view(3.0))[small] == 1.0  # "three women", "three shells"
    assert pair_features(_view(3.0), _view(4.0))[small] == 0.0
    assert pair_features(_view(374.0), _view(374.0))[small] == 0.0
    assert pair_features(_view(2.5), _view(2.5))[small] == 0.0
    model = load_model()
    # equal values still link, but an equal large number says more than an equal small one
    assert model.probability(_view(374.0), _view(374.0)) > model.probability(_view(3.0), _view(3.0))
