"""Units of one dimension convert to one base unit, in Python and in SQL alike."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from warehouse import db
from warehouse.claims.units import CONVERSIONS, factor, to_base

VOCABULARY = Path(__file__).resolve().parents[2] / "extractors" / "data" / "figures_vocabulary.json"


@pytest.mark.parametrize(
    ("value", "unit", "base", "expected"),
    [
        (2000, "ft", "m", 609.6),
        (40, "mi", "m", 64373.76),
        (64, "km", "m", 64000.0),
        (2, "t", "kg", 2000.0),
        (10, "lb", "kg", 4.5359237),
        (5, "ha", "m²", 50000.0),
        (60, "mph", "m/s", 26.8224),
        (1, "gal", "l", 3.785411784),
    ],
)
def test_a_value_converts_to_its_dimensions_base_unit(value, unit, base, expected) -> None:
    assert to_base(unit)[0] == base
    assert value * factor(unit) == pytest.approx(expected)


@pytest.mark.parametrize("unit", [None, "USD", "EUR", "hours", "years", "people", "°C", "MB"])
def test_currencies_durations_and_counted_nouns_compare_as_stated(unit) -> None:
    assert to_base(unit) is None
    assert factor(unit) == 1.0


def test_every_converted_unit_is_one_the_extractor_writes() -> None:
    units = json.loads(VOCABULARY.read_text(encoding="utf-8"))["units"]
    assert set(CONVERSIONS) <= set(units)


def test_the_sql_macro_holds_the_same_table() -> None:
    con = db.connect(":memory:")
    db.migrate(con)
    db.build_models(con)
    for unit in [*CONVERSIONS, "USD", "hours", None]:
        found, base = con.execute("SELECT unit_factor(?), unit_base(?)", [unit, unit]).fetchone()
        assert found == pytest.approx(factor(unit)), unit
        assert base == (to_base(unit) or (None,))[0], unit
