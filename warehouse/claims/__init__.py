"""Tie figure mentions that state the same fact into claims, and relate claims.

This is the part of reconciliation that needs text heuristics, which are clumsy
in SQL: which articles tell one story (:mod:`.stories`), which outlets are one
source (:mod:`.sources`), what interval a hedged figure allows (:mod:`.intervals`),
who a figure is attributed to and which time it refers to (:mod:`.attribution`),
which mentions state the same measurement (:mod:`.clustering`), and how claims
relate (:mod:`.relations`: part of a whole, share of a whole, categories of a
whole). Its output tables feed the SQL models, which do the arithmetic
(conflicts, consistency checks, reconciled values) in views.

The core functions are pure; :func:`link_claims` (:mod:`.link`) reads the
warehouse and replaces the claim tables in one transaction.
"""

from warehouse.claims.attribution import NameInSentence, _same_party, attribution
from warehouse.claims.link import build_links, link_claims
from warehouse.claims.records import (
    NEAR_DUPLICATE_JACCARD,
    STORY_WINDOW_DAYS,
    VERSION,
    Article,
    Figure,
)
from warehouse.claims.sources import _shingles, near_duplicate_components
from warehouse.claims.stories import StoryIndex, infer_stories

__all__ = [
    "NEAR_DUPLICATE_JACCARD",
    "STORY_WINDOW_DAYS",
    "VERSION",
    "Article",
    "Figure",
    "StoryIndex",
    "NameInSentence",
    "_same_party",
    "_shingles",
    "attribution",
    "build_links",
    "infer_stories",
    "link_claims",
    "near_duplicate_components",
]
