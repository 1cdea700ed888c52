"""The interval of values a figure allows, from its wording (hedges, rounding, vague amounts)."""

from __future__ import annotations

import math
import re
from functools import lru_cache

from extractors.numbers import POWERS
from extractors.numbers import vocab as number_vocabulary
from warehouse.claims.changes import change_role
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
from warehouse.claims.units import factor as unit_factor
from warehouse.claims.units import to_base

_SCALE_UNITS = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9,
                "trillion": 1e12}

# --- intervals ----------------------------------------------------------------------


def _last_digit(figure: Figure) -> float:
    """Half a unit of the last digit the text states, in the figure's own scale.

    "£1.7m" → £50,000; "384" → 0.5; "76%" → 0.5 (points). 0 for a number written
    in words ("five"), which names its value exactly.
    """
    match = _NUMERAL.search(figure.text)
    if not match or figure.value is None:
        return 0.0
    numeral = float(
        match.group(1).replace(",", "") + ("." + match.group(2) if match.group(2) else "")
    )
    if numeral == 0:
        return 0.0
    scale = abs(figure.value) / numeral if figure.kind != "percent" else 1.0
    return 0.5 * 10 ** -len(match.group(2) or "") * scale


def _rounding(figure: Figure) -> float:
    """The values an unhedged figure stands for: all that round to it as written.

    "£1.7m" stands for £1.65m up to (not including) £1.75m, "76%" for 75.5 up to
    76.5: a decimal, a scale word or a percentage is a rounding to its last digit.
    A whole number in digits ("384", "30 hours") or in words ("five") stands for
    itself. What a figure *states* is still its own value (:func:`stated_interval`):
    two figures agree when the more precisely written one rounds to the other
    (:func:`agree`).
    """
    match = _NUMERAL.search(figure.text)
    if not match:
        # "a million dollars" is as round as "$1 million": half its scale word.
        scale = _SCALE_WORDS.search(figure.text)
        if scale and figure.value is not None and figure.kind != "percent":
            return 0.5 * _SCALE_UNITS[scale.group(1).lower()]
        return 0.0
    scaled = _SCALE_WORDS.search(figure.text[match.end() :][:12])
    if match.group(2) or figure.kind == "percent" or scaled:
        return _last_digit(figure)
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


def _round_step(value: float, text: str = "") -> float:
    """The step of a whole number's last non-zero digit: 70 → 10, 2,000 → 1,000, 43 → 1;
    a count of dozens steps by a dozen ("more than a dozen", "two dozen")."""
    if not math.isfinite(value) or value <= 0 or value != int(value):
        return 0.0
    if "dozen" in text.lower() and value % 12 == 0:
        return 12.0
    n, step = int(value), 1
    while n % 10 == 0:
        n, step = n // 10, step * 10
    return float(step)


def bound_is_tally(figure: Figure) -> bool:
    """A lower bound ("at least", "more than") that is a tally: on a positive count of
    things or people, not on a measure (a unit and no counted noun: "10 km", "magnitude
    5.0") nor on a change ("rose by more than 100", :func:`.changes.change_role`)."""
    if figure.qualifier not in ("more_than", "at_least"):
        return False
    if figure.kind != "count" or figure.value is None or figure.value <= 0:
        return False
    if figure.unit and not figure.counted_noun:
        return False
    return change_role(figure) is None


# Bounds that say the value is close to them ("nearly 23,000" is not 5,000), within
# the spread a hedge allows (APPROX_MAX_RELATIVE).
_NEAR_BOUND = re.compile(
    r"(?i)(?:nearly|almost|just\s+(?:under|below|short\s+of|shy\s+of|over|above)"
    r"|not\s+quite|getting\s+on\s+for|shy\s+of)\b"
)


def figure_interval(figure: Figure) -> Interval:
    """The values a figure's wording allows, from its qualifier and precision.

    "about 384" → 384 ± 2%; "more than 10%" → (10, 100]; "under 93%" → [0, 93);
    "at least 70 people" → [70, 80] (a count's bound is a tally);
    "nearly 93%" → [83.7, 93);
    "three-quarters" → 0.75 ± 0.0525 (a spoken fraction is a rounded share);
    "76%" → [75.5, 76.5); "£1.7m" → exactly £1.7m (see :func:`_rounding`);
    a range → [low, high].
    """
    if figure.value is None:
        return vague_interval(figure.text) or Interval(0.0, math.inf, "vague amount")
    v = figure.value
    # A share is at most the whole; a percentage above 100 is a change or a ratio
    # ("prices rose 250%"), open above like any count.
    whole = 100.0 if figure.kind == "percent" else 1.0 if figure.kind == "fraction" else math.inf
    ceiling = whole if v < whole else math.inf
    floor = 0.0 if v >= 0 else -math.inf
    tiny = 1e-9 * max(1.0, abs(v))
    if figure.value_high is not None:
        return Interval(min(v, figure.value_high), max(v, figure.value_high), "range as stated")
    q = figure.qualifier
    near = _NEAR_BOUND.match(figure.text)
    if near and q in ("more_than", "less_than"):
        # "nearly 23,000", "just over 500": close to the bound, as "about" is close
        reach = APPROX_MAX_RELATIVE * abs(v)
        if q == "more_than":
            return Interval(v + tiny, min(ceiling, v + reach), "just over: close above")
        return Interval(max(floor, v - reach), v - tiny, "nearly: close below")
    if bound_is_tally(figure):
        # A count's lower bound is its source's tally, rounded down: "at least 70
        # injured" is what was counted so far, not any number above 70, so "about
        # 100" is another count. It reaches the next step of its last non-zero digit
        # ("more than 2,000" to 3,000; "more than a dozen" to 24), and never less
        # than a hedge's 10% ("at least 43" to 47.3). A bound on a share, a measure
        # or a change is a threshold ("more than 50 percent", "more than 10 km",
        # "rose by more than 100"), open above as read below.
        reach = max(APPROX_MAX_RELATIVE * abs(v), _round_step(v, figure.text))
        low = v + tiny if q == "more_than" else v
        return Interval(low, v + reach, f"a count's bound: its tally, up to {v + reach:g}")
    if q == "more_than":
        return Interval(v + tiny, ceiling, "more than: open above")
    if q == "at_least":
        return Interval(v, ceiling, "at least")
    if q == "less_than":
        return Interval(floor, v - tiny, "less than: open below")
    if q == "at_most":
        return Interval(floor, v, "at most")
    spread = _rounding(figure)
    # Rounding is half-open at the top, so that two adjacent roundings ("74%" and
    # "75%", "about £2m" and "£2.5m") never meet at their boundary.
    top = v + spread - tiny if spread else v
    note = f"rounded to the stated digit (±{spread:g})" if spread else "exact as stated"
    if figure.kind == "fraction":
        spread = max(spread, FRACTION_ABSOLUTE, FRACTION_RELATIVE * abs(v))
        top, note = v + spread, f"spoken fraction, a rounded share (±{spread:.3g})"
    if q == "approx":
        # "about 384" is close to 384; "about £1.7m" is rounded to its last digit;
        # "about 2,000" is a round number and looser.
        # The hedge covers the rounding of its last digit, but never less than 2%
        # nor more than 10% ("about £2m" is not "£2.5m").
        spread = max(
            APPROX_RELATIVE * abs(v),
            min(
                max(spread, _last_digit(figure), _round_number_spread(figure)),
                APPROX_MAX_RELATIVE * abs(v),
            ),
        )
        top, note = v + spread - tiny, f"approximate (±{spread:.3g})"
    return Interval(max(floor, v - spread), min(ceiling, top), note)


def stated_interval(figure: Figure, interval: Interval | None = None) -> Interval:
    """What a figure's wording asserts: its own value when unhedged, else its interval.

    "£2m" asserts £2m (and stands for anything that rounds to it); "about £2m",
    "more than 30 hours", a range or a spoken fraction assert their whole interval.
    """
    interval = interval or figure_interval(figure)
    if (figure.qualifier == "exact" and figure.value is not None and figure.value_high is None
            and figure.kind != "fraction"):  # fmt: skip
        return Interval(figure.value, figure.value, "stated value")
    return interval


def as_share(figure: Figure, interval: Interval) -> Interval:
    """A percentage or fraction's interval on one scale (a share of 1); a measure's in
    its dimension's base unit ("2,000 ft" as 609.6 m, :mod:`.units`); else unchanged."""
    if figure.kind == "percent":
        return Interval(interval.low / 100, interval.high / 100, interval.note)
    scale = unit_factor(figure.unit)
    if scale != 1.0:
        return Interval(interval.low * scale, interval.high * scale, interval.note)
    return interval


def agree(a: Figure, b: Figure, interval_a: Interval | None = None,
          interval_b: Interval | None = None) -> bool:
    """Whether two wordings of one quantity can both hold: the tolerance rule in one place.

    What one states must fit what the other stands for, either way round: the
    more precisely written figure rounds to the other ("£2.41m" and "£2.4m"
    agree; "£1.7m" and "£1.8m" do not, nor "£2m" and "£2.5m", which rounds up),
    a hedge or a bound widens what a figure states ("about 384" and "384" agree;
    "more than 30 hours" and "40 hours" agree). A percentage and a spoken fraction
    compare as shares ("three-quarters" and 74.3% agree), lengths, areas, volumes,
    masses and speeds in their base unit ("about 2,000ft" and "about 600 metres"
    agree, :mod:`.units`). A figure in another unit of the dimension is a
    conversion, rounded: what it stands for widens by :data:`CONVERSION_RELATIVE`
    ("2,000ft (609 metres)", "40 miles (64km)").

    ``interval_a`` / ``interval_b``: the intervals linking settled on (a conversion
    in the figure's own sentence widens it, :func:`restated_interval`); by default
    each wording's own. The SQL models read this rule's answers, never restate it
    (:mod:`.decisions`).
    """
    interval_a = interval_a or figure_interval(a)
    interval_b = interval_b or figure_interval(b)
    ra, rb = as_share(a, interval_a), as_share(b, interval_b)
    sa = as_share(a, stated_interval(a, interval_a))
    sb = as_share(b, stated_interval(b, interval_b))
    if converted(a.unit, b.unit):
        c = CONVERSION_RELATIVE
        ra = Interval(ra.low * (1 - c), ra.high * (1 + c), ra.note)
        rb = Interval(rb.low * (1 - c), rb.high * (1 + c), rb.note)
    return sa.overlaps(rb) or sb.overlaps(ra)


# How far a value restated in another unit may sit from the exact conversion: news
# rounds a conversion to two or three digits ("2,000ft (609 metres)": 609.6 m).
CONVERSION_RELATIVE = 0.05


def restated_from(figure: Figure, sentence: list[Figure]) -> Figure | None:
    """The earlier figure of its sentence that ``figure`` restates in another unit of
    the dimension ("10 kilometres (six miles)", "2,000ft (609 metres)"), if any."""
    for other in sentence:
        if (other.start_char < figure.start_char and converted(other.unit, figure.unit)
                and agree(other, figure)):  # fmt: skip
            return other
    return None


def restated_interval(interval: Interval, restates: Figure | None) -> Interval:
    """The interval of a figure that restates ``restates`` (:func:`restated_from`), else
    ``interval`` as it is.

    Such a figure is a rounded conversion: it stands for values within
    :data:`CONVERSION_RELATIVE` of what it says, so "six miles" in one article and
    "6.2 miles" in another, both conversions of 10 km, agree.
    """
    if restates is None:
        return interval
    c = CONVERSION_RELATIVE
    return Interval(
        interval.low * (1 - c), interval.high * (1 + c),
        f"{interval.note}; a conversion of {restates.text} (±{c:.0%})",
    )  # fmt: skip


# A sum in brackets right after another ("$US1 million ($1.52 million)", "200 million
# euros ($265.3 million)"): the article's own conversion into another currency.
_BRACKETED = re.compile(r"\s*\(\s*(?:about|around|roughly|some|nearly|almost)?\s*$")


def currency_conversion(figure: Figure, sentence: list[Figure]) -> bool:
    """True when ``figure`` restates a sum of its sentence in another currency.

    No rate is known, so such a figure is compared with nothing: it is its own
    claim, never a second value of the sum's (which would be a false conflict).
    """
    if figure.kind != "money":
        return False
    offset = figure.sentence_start
    for other in sentence:
        if other.kind == "money" and other.end_char <= figure.start_char:
            gap = figure.sentence[other.end_char - offset : figure.start_char - offset]
            if _BRACKETED.fullmatch(gap):
                return True
    return False


def converted(unit_a: str | None, unit_b: str | None) -> bool:
    """Two different units of one dimension (:mod:`.units`): one value is a conversion."""
    ba, bb = to_base(unit_a), to_base(unit_b)
    return bool(ba and bb and unit_a != unit_b and ba[0] == bb[0])


def vague_interval(text: str) -> Interval | None:
    """The values a vague amount allows: "tens of thousands" → [20,000, 100,000).

    Its unit is the product of its scale words ("tens of thousands": 10 × 1,000);
    it means at least two of the unit and fewer than ten of them (twelve for
    "dozens"), as "several hundred" and "a few million" do. A lone plural is looser,
    since "thousands marched" is often said of a crowd of 20,000: under a hundred of
    its unit. None when the text is no such amount.
    """
    scales = {**vague_scales(), "tens": 10.0, **POWERS}
    found = [w for w in re.findall(r"[a-z]+", text.lower()) if w in scales]
    if not found:
        return None
    unit = math.prod(scales[w] for w in found)
    # "several hundred", "a few million": a count of the power, as "tens of thousands"
    quantified = found[0] in POWERS
    top = 12.0 if found[0] == "dozens" else 10.0 if len(found) > 1 or quantified else 100.0
    note = f"vague amount: {2 * unit:,.0f} to under {top * unit:,.0f}"
    return Interval(2 * unit, top * unit * (1 - 1e-9), note)


@lru_cache(maxsize=1)
def vague_scales() -> dict[str, float]:
    return dict(number_vocabulary().vague_scales)
