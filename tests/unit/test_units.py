"""Units of one dimension convert to one base unit; the SQL models read the same table."""

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


def test_the_models_read_this_table_and_no_copy_of_it() -> None:
    con = db.connect(":memory:")
    db.migrate(con)
    db.build_models(con)
    stored = con.execute("SELECT unit, base_unit, factor FROM unit_conversions").fetchall()
    assert {u: (b, f) for u, b, f in stored} == CONVERSIONS
    for unit in [*CONVERSIONS, "USD", "hours", None]:
        found = con.execute("SELECT unit_factor(?)", [unit]).fetchone()[0]
        assert found == pytest.approx(factor(unit)), unit
