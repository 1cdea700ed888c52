"""The one overlap-pruning helper and its two policies."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from extractors.spans import without_overlaps


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    name: str = ""


# "on 19 July 2017": "19 July 2017" [3, 15), "July 2017" [6, 15), "19" [3, 5)
DAY = Span(3, 15, "day")
MONTH = Span(6, 15, "month")
NUMBER = Span(3, 5, "number")
# a shorter span that starts first and overlaps a longer one after it
EARLY = Span(0, 4, "early")
LONG = Span(2, 20, "long")


def test_longest_keeps_the_longest_of_overlapping_spans():
    assert without_overlaps([MONTH, NUMBER, DAY], prefer="longest") == [DAY]
    assert without_overlaps([EARLY, LONG], prefer="longest") == [LONG]


def test_first_keeps_the_earlier_then_longer_span():
    assert without_overlaps([MONTH, NUMBER, DAY], prefer="first") == [DAY]
    assert without_overlaps([LONG, EARLY], prefer="first") == [EARLY]


@pytest.mark.parametrize("prefer", ["longest", "first"])
def test_spans_that_only_touch_are_all_kept_in_order(prefer):
    spans = [Span(10, 12), Span(0, 5), Span(5, 10)]
    assert without_overlaps(spans, prefer=prefer) == [Span(0, 5), Span(5, 10), Span(10, 12)]


@pytest.mark.parametrize("prefer", ["longest", "first"])
def test_the_result_does_not_depend_on_the_input_order(prefer):
    spans = [EARLY, LONG, DAY, MONTH, NUMBER, Span(30, 33), Span(31, 40)]
    assert without_overlaps(spans, prefer=prefer) == without_overlaps(
        list(reversed(spans)), prefer=prefer
    )


def test_an_unknown_policy_is_an_error():
    with pytest.raises(ValueError, match="overlap policy"):
        without_overlaps([DAY], prefer="shortest")  # type: ignore[arg-type]
