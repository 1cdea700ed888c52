"""The interval of values a figure allows, from its wording (hedges, rounding, vague amounts)."""

from __future__ import annotations

import math
import re
from functools import lru_cache

from extractors.numbers import vocab as number_vocabulary
from warehouse.claims.records import (
    _NUMERAL,
    _SCALE_WORDS,
    APPROX_MAX_RELATIVE,
    APPROX_RELATIVE,
    FRACTION_ABSOLUTE,
    FRACTION_RELATIVE,
    Figure,
    Interval,
)

# --- intervals ----------------------------------------------------------------------


def _rounding(figure: Figure) -> float:
    """Half a unit of the last digit the text states, in the figure's own scale."""
    match = _NUMERAL.search(figure.text)
    if not match:
        return 0.0  # a number written in words is exact as written
    numeral = float(
        match.group(1).replace(",", "") + ("." + match.group(2) if match.group(2) else "")
    )
    if numeral == 0:
        return 0.0
    scale = abs(figure.value) / numeral if figure.kind != "percent" else 1.0
    decimals = len(match.group(2) or "")
    if decimals:
        return 0.5 * 10**-decimals * scale
    if figure.kind == "percent" or _SCALE_WORDS.search(figure.text[match.end() :][:12]):
        return 0.5 * scale  # "76%", "£400m": conventionally rounded to the stated digit
    return 0.0


def _round_number_spread(figure: Figure) -> float:
    """Half a unit of a round number's last non-zero digit: 2,000 → 500."""
    match = _NUMERAL.search(figure.text)
    if not match or match.group(2):
        return 0.0
    digits = match.group(1).replace(",", "")
    trailing = len(digits) - len(digits.rstrip("0"))
    if not trailing or not float(digits):
        return 0.0
    scale = abs(figure.value) / float(digits)
    return 0.5 * 10**trailing * scale


def figure_interval(figure: Figure) -> Interval:
    """The values a figure's wording allows, from its qualifier and precision.

    "about 384" → 384 ± 2%; "more than 10%" → (10, 100]; "just under 93%" → [0, 93);
    "three-quarters" → 0.75 ± 0.0525 (a spoken fraction is a rounded share);
    "76%" → [75.5, 76.5]; a range → [low, high].
    """
    if figure.value is None:
        return vague_interval(figure.text) or Interval(0.0, math.inf, "vague amount")
    v = figure.value
    ceiling = 100.0 if figure.kind == "percent" else 1.0 if figure.kind == "fraction" else math.inf
    floor = 0.0 if v >= 0 else -math.inf
    tiny = 1e-9 * max(1.0, abs(v))
    if figure.value_high is not None:
        return Interval(min(v, figure.value_high), max(v, figure.value_high), "range as stated")
    q = figure.qualifier
    if q == "more_than":
        return Interval(v + tiny, ceiling, "more than: open above")
    if q == "at_least":
        return Interval(v, ceiling, "at least")
    if q == "less_than":
        return Interval(floor, v - tiny, "less than: open below")
    if q == "at_most":
        return Interval(floor, v, "at most")
    spread = _rounding(figure)
    note = f"rounded to the stated digit (±{spread:g})" if spread else "exact as stated"
    if figure.kind == "fraction":
        spread = max(spread, FRACTION_ABSOLUTE, FRACTION_RELATIVE * abs(v))
        note = f"spoken fraction, a rounded share (±{spread:.3g})"
    if q == "approx":
        # "about 384" is close to 384; "about 2,000" is a round number and looser.
        spread = max(
            spread,
            APPROX_RELATIVE * abs(v),
            min(_round_number_spread(figure), APPROX_MAX_RELATIVE * abs(v)),
        )
        note = f"approximate (±{spread:.3g})"
    return Interval(max(floor, v - spread), min(ceiling, v + spread), note)


def vague_interval(text: str) -> Interval | None:
    """The values a vague amount allows: "tens of thousands" → [20,000, 100,000).

    Its unit is the product of its scale words ("tens of thousands": 10 × 1,000);
    it means at least two of the unit and fewer than ten of them (twelve for
    "dozens"). A lone plural is looser, since "thousands marched" is often said of a
    crowd of 20,000: under a hundred of its unit. None when the text is no such amount.
    """
    scales = {**vague_scales(), "tens": 10.0}
    found = [w for w in re.findall(r"[a-z]+", text.lower()) if w in scales]
    if not found:
        return None
    unit = math.prod(scales[w] for w in found)
    top = 12.0 if found[0] == "dozens" else 10.0 if len(found) > 1 else 100.0
    note = f"vague amount: {2 * unit:,.0f} to under {top * unit:,.0f}"
    return Interval(2 * unit, top * unit * (1 - 1e-9), note)


@lru_cache(maxsize=1)
def vague_scales() -> dict[str, float]:
    return dict(number_vocabulary().vague_scales)
