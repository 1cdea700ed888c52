"""What the report puts first among a story's conflicts, and what it warns about."""

from __future__ import annotations

from flows.report import conflicts_first_to_read, counted_things


def _claim(name: str, *nouns: str | None, same_quantity: float | None = None) -> dict:
    return {"name": name, "counts": counted_things([{"counted_noun": n} for n in nouns]),
            "same_quantity": same_quantity}  # fmt: skip


def test_a_claims_counted_things_are_its_mentions_counted_noun_heads_as_linking_keys_them():
    # people at one gathering are one thing, as claim linking keys them
    gathered = [{"counted_noun": "angry mourners"}, {"counted_noun": "marchers"}, {"counted_noun": "people"}]
    assert counted_things(gathered) == ["people"]
    assert counted_things([{"counted_noun": "schools"}, {"counted_noun": "school"}]) == ["school"]
    assert counted_things([{"counted_noun": "women"}, {"counted_noun": "shells"}]) == [
        "shell", "woman",
    ]  # fmt: skip
    assert counted_things([{"counted_noun": None}, {"counted_noun": ""}, {}]) == []


def test_conflicts_counting_one_thing_come_first_and_otherwise_keep_their_order():
    claims = [
        _claim("three women, three shells", "women", "shells"),
        _claim("7.6 / 7.7 magnitude"),
        _claim("eight experts, three observers", "experts", "observers"),
        _claim("300 / 200 students", "students", "student"),
    ]
    order = [c["name"] for c in conflicts_first_to_read(claims)]
    assert order == [
        "7.6 / 7.7 magnitude",
        "300 / 200 students",
        "three women, three shells",
        "eight experts, three observers",
    ]


def test_within_each_group_the_surest_one_quantity_comes_first():
    claims = [
        _claim("16 injured / 15 critically", "injured", same_quantity=0.12),
        _claim("three women, six gunmen", "women", "gunmen", same_quantity=0.9),
        _claim("7.6 / 7.7 magnitude", same_quantity=0.95),
        _claim("no score stored", "students"),
        _claim("eight experts, three observers", "experts", "observers", same_quantity=0.3),
    ]
    order = [c["name"] for c in conflicts_first_to_read(claims)]
    assert order == [
        "7.6 / 7.7 magnitude",
        "16 injured / 15 critically",
        "no score stored",
        "three women, six gunmen",
        "eight experts, three observers",
    ]


def test_the_report_asks_for_a_check_when_one_quantity_is_less_likely_than_not():
    from flows.report import SAME_QUANTITY_CAUTION, unsure_of_one_quantity

    assert SAME_QUANTITY_CAUTION == 0.5  # the model's own "more likely than not", not fitted
    assert unsure_of_one_quantity({"same_quantity": 0.49})
    assert not unsure_of_one_quantity({"same_quantity": 0.5})
    assert not unsure_of_one_quantity({"same_quantity": None})  # not a conflict


def test_the_values_chart_draws_units_of_one_dimension_to_one_scale():
    from flows.report import _bars

    bars = _bars([
        {"outlet": "A", "text": "2,000ft", "value": 2000.0, "unit": "ft", "reading_value": 2000.0},
        {"outlet": "A", "text": "609 metres", "value": 609.0, "unit": "m", "reading_value": 2000.0},
        {"outlet": "B", "text": "700 metres", "value": 700.0, "unit": "m", "reading_value": 700.0},
        {"outlet": "C", "text": "dozens", "value": None, "unit": None, "reading_value": None},
    ])  # fmt: skip
    assert [b["width"] for b in bars] == [round(300 * 609.6 / 700, 1), round(300 * 609 / 700, 1),
                                          300.0]  # fmt: skip
    # a restatement is coloured as the value it restates
    assert [b["reading"] for b in bars] == [2000.0, 2000.0, 700.0]
