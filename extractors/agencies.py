"""News and photo agencies: the one list both their users read (``data/agencies.csv``).

A row is a name as written in lowercase. ``wire``: the short name a syndicated copy
from that news agency is grouped under (``warehouse/claims/sources.py``: one agency
story is one source), empty for a name that is not a wire service. ``credit``: ``yes``
when the name is in the lexicon of the furniture classifier's photo-credit feature
(``line_features.py``), whose weight was fitted with exactly these names; adding one
there is a change to refit (``tests/benchmarks/fit_furniture.py``).
"""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def _rows() -> tuple[dict[str, str], ...]:
    text = resources.files(__package__).joinpath("data/agencies.csv").read_text("utf-8")
    return tuple(csv.DictReader(text.splitlines()))


def wire_services() -> dict[str, str]:
    """Lowercase agency name → its short name ("associated press" → "AP"), in file order."""
    return {row["name"]: row["wire"] for row in _rows() if row["wire"]}


def credit_names() -> frozenset[str]:
    """The agency names a photo credit line may end with ("(Photo: X/PA)")."""
    return frozenset(row["name"] for row in _rows() if row["credit"] == "yes")
