"""Month and weekday names: the one table every extractor reads.

The names live in ``data/dates_vocabulary.json`` (``months``: lowercase full names and
abbreviations → month number; ``weekdays`` and ``weekday_abbreviations`` → 0 for
Monday); dates, figures, publication dates and furniture features all read them.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from types import MappingProxyType


@lru_cache(maxsize=1)
def _vocabulary() -> dict:
    raw = resources.files(__package__).joinpath("data/dates_vocabulary.json").read_text("utf-8")
    return json.loads(raw)


def months() -> MappingProxyType[str, int]:
    """Lowercase month name or abbreviation → month number ("sept" → 9)."""
    return MappingProxyType(_vocabulary()["months"])


def weekdays(abbreviated: bool = False) -> MappingProxyType[str, int]:
    """Lowercase weekday name → 0 (Monday) to 6; with ``abbreviated``, "tues" and the like too."""
    names = dict(_vocabulary()["weekdays"])
    if abbreviated:
        names.update(_vocabulary()["weekday_abbreviations"])
    return MappingProxyType(names)


def month_prefixes() -> list[str]:
    """The three-letter stems ("jan" … "dec"), in month order."""
    return sorted({name[:3] for name in months()}, key=lambda stem: months()[stem])
