"""The rounding tolerance follows the wording: one rule, one table.

Each row is two wordings of one quantity, read by the real figure extractor,
and whether they can both hold (see docs/claims.md, "Tolerance").
"""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from extractors.figures import extract_figures_from_text
from warehouse.claims import Figure
from warehouse.claims.decisions import claim_decisions
from warehouse.claims.intervals import agree, figure_interval
from warehouse.claims.records import ClaimLinks


def figure(sentence: str) -> Figure:
    found = [f for f in extract_figures_from_text(sentence) if f.value is not None]
    assert len(found) == 1, (sentence, found)
    f = found[0]
    return Figure(
        "m", "a", "s", 0, f.start, f.end, f.text, f.value, f.value_high, f.kind, f.unit,
        f.qualifier, f.counted_noun, f.verb, sentence, 0,
    )  # fmt: skip


TABLE = [
    # unhedged amounts are the value their source gives: a different value disagrees
    ("The inquiry cost £1.7m.", "The inquiry cost £1.8m.", False),
    ("The inquiry cost £2m.", "The inquiry cost £2.5m.", False),
    ("The inquiry cost £2m.", "The inquiry cost £2m.", True),
    # ... unless the more precisely written one rounds to it
    ("The airport handled 2.4 million passengers.", "It handled 2,412,000 passengers.", True),
    ("The inquiry cost £1.7m.", "The inquiry cost £1.74m.", True),
    ("The inquiry cost £2m.", "The inquiry cost £2.4m.", True),
    ("Inspectors examined 384 cases.", "Inspectors examined 374 cases.", False),
    ("The quake measured 7.6.", "The quake measured 7.7.", False),
    # a hedge allows the rounding of the last digit, and at least 2%
    ("Inspectors examined about 384 cases.", "Inspectors examined 384 cases.", True),
    ("Inspectors examined some 380 cases.", "Inspectors examined 384 cases.", True),
    ("The inquiry cost about £1.7m.", "The inquiry cost £1.74m.", True),
    ("The inquiry cost about £2m.", "The inquiry cost £2.5m.", False),
    # a round number hedged is looser, up to 10%
    ("About 2,000 people marched.", "Police counted 2,150 people.", True),
    ("About 2,000 people marched.", "Police counted 2,500 people.", False),
    # a bound on a measure or a share is open on one side
    ("The jury deliberated for more than 30 hours.", "The jury deliberated for 40 hours.", True),
    ("The jury deliberated for more than 30 hours.", "The jury deliberated for 30 hours.", False),
    ("At least 70 people were injured.", "Police said 65 people were injured.", False),
    ("The jury deliberated for more than 30 hours.", "The jury deliberated for 55 hours.", True),
    ("More than 10% of the cases were poor.", "It was 45% of cases.", True),
    # ... but a count's bound is its source's tally, rounded down to its last non-zero
    # digit: it reaches the next step of that digit, and at least 10%
    ("At least 70 people were injured.", "Police said 75 people were injured.", True),
    ("At least 70 people were injured.", "About 100 people were injured.", False),
    ("More than 40 people died.", "Officials said 43 people died.", True),
    ("More than 100 people were arrested.", "Police arrested 130 people.", True),
    ("More than a hundred people were arrested.", "Police arrested 130 people.", True),
    ("More than 2,000 people marched.", "Police counted 3,500 people.", False),
    ("At least four bombs were dropped.", "Five bombs were dropped.", True),
    ("At least four bombs were dropped.", "Seven bombs were dropped.", False),
    ("At least 43 people were killed.", "The toll was 47 people.", True),
    ("More than a dozen people were hurt.", "Officials said 15 people were hurt.", True),
    # a measure's bound is a threshold, even where its unit reads as a count
    ("The quake struck at a depth of more than 10 km.", "It struck at a depth of 25 km.", True),
    # "nearly" and "just over" are close to their bound, as "about" is
    ("Nearly 23,000 refugees live in the camp.", "The camp holds 22,000 refugees.", True),
    ("Nearly 23,000 refugees live in the camp.", "The camp holds 15,000 refugees.", False),
    ("Just over 500 homes were lost.", "Some 520 homes were lost.", True),
    ("Just over 500 homes were lost.", "Some 800 homes were lost.", False),
    ("Fewer than 500 homes were lost.", "Some 200 homes were lost.", True),
    # a spoken fraction is a rounded share; a percentage is rounded to its last digit
    ("Three-quarters of the cases were poor.", "It was 74.3% of cases.", True),
    ("Three-quarters of the cases were poor.", "It was 60% of cases.", False),
    ("Turnout was 76%.", "Turnout was 75.6%.", True),
    ("Turnout was 74%.", "Turnout was 75%.", False),
    # a scale word written out is as round as in digits
    ("The fire caused more than $1 million in damage.", "It did a million dollars of damage.", True),
    # numbers in words are exact
    ("Five people died.", "Four people died.", False),
    # units of one dimension compare in its base unit (warehouse/claims/units.py)
    ("The climber fell about 2,000ft.", "The climber fell about 600 metres.", True),
    ("The climber fell about 200ft.", "The climber fell about 60 metres.", True),
    ("The climber fell about 600 metres.", "The climber fell some 700 metres.", False),
    ("The climber fell 150 metres.", "The climber fell 200ft.", False),
    ("The convoy drove 40 miles.", "The convoy drove 64 kilometres.", True),
    ("The man fell 2,000ft.", "The man fell 609 metres.", True),
    ("The truck carried 2 tonnes.", "The truck carried 2,000 kg.", True),
    ("The truck carried 2 tonnes.", "The truck carried 3,000 kg.", False),
    # a conversion widens what one figure stands for, not what the other states
    ("The convoy drove 10 to 12 miles.", "The convoy drove 21 to 25 kilometres.", False),
    ("The convoy drove about 40 miles.", "The convoy drove about 64 kilometres.", True),
    # a percentage above 100 is a change, not a share: no ceiling at the whole
    ("Prices rose 250%.", "Prices rose 250 per cent.", True),
    ("Prices rose more than 100%.", "Prices rose 150%.", True),
    ("Prices rose 250%.", "Prices rose 260%.", False),
]


@pytest.mark.parametrize(("first", "second", "agreeing"), TABLE)
def test_two_wordings_agree_only_within_the_tolerance_their_wording_allows(
    first: str, second: str, agreeing: bool
) -> None:
    a, b = figure(first), figure(second)
    assert agree(a, b) is agreeing, (figure_interval(a), figure_interval(b))
    assert agree(b, a) is agreeing


def test_the_interval_note_says_which_reading_was_taken() -> None:
    assert figure_interval(figure("Inspectors examined 384 cases.")).note == "exact as stated"
    assert "rounded" in figure_interval(figure("The inquiry cost £1.7m.")).note
    assert "rounded" in figure_interval(figure("Turnout was 76%.")).note
    assert "approximate" in figure_interval(figure("It cost about £2m.")).note


@pytest.mark.parametrize(("sentence", "high"), [
    ("At least 70 people were injured.", 80),
    ("More than a dozen people were hurt.", 24),
    ("Arrests rose by more than 100 on last year.", math.inf),  # a change, not a tally
    ("The quake struck at a depth of more than 10 km.", math.inf),  # a measure
])  # fmt: skip
def test_only_a_count_of_things_reads_its_bound_as_a_tally(sentence: str, high: float) -> None:
    assert figure_interval(figure(sentence)).high == pytest.approx(high)


def test_linking_stores_the_rules_answer_for_each_pair_of_wordings() -> None:
    """The SQL models read which wordings of a claim disagree from what linking stored
    (wording_disagreements); the answer is agree()'s, for every row of the table."""
    for first, second, agreeing in TABLE:
        a, b = figure(first), figure(second)
        b = replace(b, mention_id="m2", sentence_id="s2", article_id="b")
        links = ClaimLinks(
            stories={"a": ("story", "inferred", ""), "b": ("story", "inferred", "")},
            sources={}, claim_of={"m": "c", "m2": "c"},
            intervals={"m": figure_interval(a), "m2": figure_interval(b)},
            attribution={"m": None, "m2": None}, time_reference={"m": None, "m2": None},
        )  # fmt: skip
        stored = claim_decisions([a, b], links).disagreements
        assert (stored == []) is agreeing, (first, second, stored)
        assert len(stored) in (0, 2)  # both ways round, for the SQL's equality join


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("tens of thousands", 20_000, 100_000),
        ("hundreds of thousands", 200_000, 1_000_000),
        ("hundreds", 200, 10_000),  # a lone plural is looser: "thousands marched"
        # a quantifier before a power counts the power, as "tens of" does
        ("several hundred", 200, 1_000),
        ("a few million", 2e6, 1e7),
        ("many thousand", 2_000, 10_000),
    ],
)
def test_a_vague_amount_allows_at_least_two_of_its_unit_and_fewer_than_ten(text, low, high):
    from warehouse.claims.intervals import vague_interval

    interval = vague_interval(text)
    assert interval.low == low
    assert high * (1 - 1e-6) < interval.high < high


def test_one_wording_read_as_a_tally_and_as_a_change_keeps_both_readings_in_linking() -> None:
    """Linking reads each wording's interval once (link._intervals); a bound that is a
    tally in one sentence and a change in another is two readings, not one."""
    from warehouse.claims.link import _intervals

    tally = figure("More than 100 people were arrested.")
    # one wording as the key reads it: same text, value, kind, unit and qualifier
    change = replace(figure("Arrests rose by more than 100 on last year."), mention_id="m2",
                     text=tally.text, unit=tally.unit, counted_noun=tally.counted_noun)  # fmt: skip
    assert (change.value, change.kind, change.qualifier) == (tally.value, tally.kind, tally.qualifier)
    intervals, _ = _intervals([tally, change])
    assert intervals["m"].high == pytest.approx(200)
    assert intervals["m2"].high == math.inf
