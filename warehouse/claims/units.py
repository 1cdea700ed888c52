"""Units of one dimension compared on one scale: "fell 2,000ft" and "fell 600 metres".

The figure extractor names a unit of measure by its symbol (``extractors/data/
figures_vocabulary.json``: "5 kilometres" and "5km" are both ``km``). Two figures in
units of one dimension state comparable values once both are in the dimension's base
unit: 2,000 ft is 609.6 m, close to "600 metres" and far from "700 metres". The
factors are general knowledge (SI definitions), versioned here; each model build
writes this table to ``unit_conversions``, which the SQL models read (macro
``unit_factor`` in ``warehouse/models/20_claims.sql``).

Left out on purpose:
- durations ("eight years" / "nine months", "30 hours" / "four days"): in news two
  durations in different units are mostly two spans, not one span restated;
- currencies: a rate changes daily, and one coarse rate would let "$2m" and "€2m"
  agree or disagree by the rate of the day;
- temperatures (an offset, not a factor) and units of data, power and frequency,
  which news rarely restates in another unit.
"""

from __future__ import annotations

VERSION = "units-1"

# unit symbol (as the extractor writes it) -> (dimension's base unit, factor to it)
CONVERSIONS: dict[str, tuple[str, float]] = {
    # length, base metre
    "m": ("m", 1.0),
    "km": ("m", 1000.0),
    "cm": ("m", 0.01),
    "mm": ("m", 0.001),
    "mi": ("m", 1609.344),
    "ft": ("m", 0.3048),
    "in": ("m", 0.0254),
    "yd": ("m", 0.9144),
    "nmi": ("m", 1852.0),
    # area, base square metre
    "m²": ("m²", 1.0),
    "km²": ("m²", 1e6),
    "ft²": ("m²", 0.09290304),
    "mi²": ("m²", 2589988.110336),
    "ha": ("m²", 1e4),
    "acres": ("m²", 4046.8564224),
    # volume, base litre
    "l": ("l", 1.0),
    "ml": ("l", 0.001),
    "m³": ("l", 1000.0),
    "ft³": ("l", 28.316846592),
    "gal": ("l", 3.785411784),  # US gallon; the imperial one is 4.546 (within 20%)
    # mass, base kilogram ("ton" is read as the metric tonne by the extractor)
    "kg": ("kg", 1.0),
    "t": ("kg", 1000.0),
    "g": ("kg", 0.001),
    "mg": ("kg", 1e-6),
    "lb": ("kg", 0.45359237),
    "oz": ("kg", 0.028349523125),
    "st": ("kg", 6.35029318),
    # speed, base metre per second
    "m/s": ("m/s", 1.0),
    "km/h": ("m/s", 1000.0 / 3600.0),
    "mph": ("m/s", 1609.344 / 3600.0),
    "knots": ("m/s", 1852.0 / 3600.0),
}


# Units whose values do not add up: readings on a scale (a quake's magnitude, a
# temperature, an angle, decibels) and rates (speeds, frequencies, voltages, data
# rates). Two of them in one sentence are never a whole and its part, nor categories
# of one: "two quakes, measuring 7.6 and 7.4"; "winds of 120 mph, gusts of 90 mph".
NOT_ADDITIVE = frozenset({
    "magnitude", "°C", "°F", "degrees", "dB",
    "km/h", "mph", "m/s", "knots",
    "Hz", "kHz", "MHz", "GHz", "V", "kV", "kbps", "Mbps", "Gbps",
})  # fmt: skip


def additive(unit: str | None) -> bool:
    """Values in ``unit`` add up to a whole (counts, sums, lengths, masses ...)."""
    return unit not in NOT_ADDITIVE


def to_base(unit: str | None) -> tuple[str, float] | None:
    """The base unit of ``unit``'s dimension and the factor to it; None when not converted."""
    return CONVERSIONS.get(unit) if unit else None


def factor(unit: str | None) -> float:
    """What a value in ``unit`` is multiplied by to be in its base unit (1 when not converted)."""
    base = to_base(unit)
    return base[1] if base else 1.0
