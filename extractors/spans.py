"""Overlap pruning: which of several overlapping character spans an extractor keeps.

One helper for every extractor, the policy a parameter:

- ``"longest"``: the longest span wins, then the earlier one ("19 July 2017" over
  "July 2017"; "Metropolitan Police Service" over "Police"). Dates and entities.
- ``"first"``: the earlier span wins, then the longer one. Figures, whose candidates
  are read left to right and whose spans already reach as far as a reader quotes them.

Both return the kept spans sorted by start; ties keep the input's order.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, Protocol, TypeVar


class Span(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


S = TypeVar("S", bound=Span)
Policy = Literal["longest", "first"]


def without_overlaps(spans: Iterable[S], prefer: Policy) -> list[S]:
    """The spans left when overlaps are pruned by ``prefer``, sorted by start."""
    if prefer == "longest":
        chosen: list[S] = []
        for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
            if all(span.end <= c.start or c.end <= span.start for c in chosen):
                chosen.append(span)
        return sorted(chosen, key=lambda s: s.start)
    if prefer == "first":
        kept: list[S] = []
        for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
            # Kept ends never decrease, so the last kept span is the only one to check.
            if kept and span.start < kept[-1].end:
                continue
            kept.append(span)
        return kept
    raise ValueError(f"unknown overlap policy {prefer!r} (expected 'longest' or 'first')")
