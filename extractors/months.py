"""Month names: the one table every extractor reads.

The names live in ``data/dates_vocabulary.json`` (``months``: lowercase full names and
abbreviations → month number); dates, figures, publication dates and furniture
features all read them from here.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from types import MappingProxyType


@lru_cache(maxsize=1)
def months() -> MappingProxyType[str, int]:
    """Lowercase month name or abbreviation → month number ("sept" → 9)."""
    raw = resources.files(__package__).joinpath("data/dates_vocabulary.json").read_text("utf-8")
    return MappingProxyType(json.loads(raw)["months"])


def month_prefixes() -> list[str]:
    """The three-letter stems ("jan" … "dec"), in month order."""
    return sorted({name[:3] for name in months()}, key=lambda stem: months()[stem])
