"""Typed records that the extractors return and the warehouse stores.

All offsets are character offsets into the article's *original* decoded text
(Python ``str`` indices, end exclusive), so ``text == original[start:end]`` holds
for every record, whatever cleaning did.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FIGURE_KINDS = (
    "count",
    "percent",
    "fraction",
    "money",
    "duration",
    "age",
    "ordinal",
    "multiplier",
    "calibre",  # a weapon's calibre or gauge (".38", "9mm"): compared only with calibres
)
QUALIFIERS = ("exact", "approx", "more_than", "less_than", "at_least", "at_most")
DATE_GRANULARITIES = ("day", "week", "month", "quarter", "year", "decade")
ENTITY_LABELS = ("PERSON", "ORG")


@dataclass(frozen=True)
class Sentence:
    """One sentence of an article, as segmented by the NLP pipeline."""

    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class FigureMention:
    """A number stated in the text, with what it counts and how it is hedged.

    ``value`` is the number as stated: "three-quarters" -> 0.75 (kind fraction),
    "76%" -> 76 (kind percent), "£400m" -> 400000000 (kind money, unit GBP).
    """

    start: int
    end: int
    text: str
    sentence_index: int
    value: float | None
    kind: str
    unit: str | None
    qualifier: str = "exact"
    value_high: float | None = None
    counted_noun: str | None = None  # the noun phrase counted: "child protection cases"
    subject: str | None = None  # what is measured: "child protection cases examined by HMIC"
    verb: str | None = None  # lemma of the governing verb: "examine"


@dataclass(frozen=True)
class EntityMention:
    """A PERSON or ORG mention with the canonical entity it refers to."""

    start: int
    end: int
    text: str
    sentence_index: int
    label: str
    canonical: str
    role: str | None = None


@dataclass(frozen=True)
class DateMention:
    """A date expression normalised to an ISO partial value.

    ``value`` is ``2016-11-25``, ``2016-11``, ``2016``, ``2016-W47`` or ``2016-Q3``;
    it is ``None`` when the expression cannot be resolved, and ``reason`` says why.
    """

    start: int
    end: int
    text: str
    sentence_index: int
    value: str | None
    granularity: str | None
    reason: str | None = None


@dataclass(frozen=True)
class FurnitureSpan:
    """A stretch of page furniture (share buttons, captions, credits, links)."""

    start: int
    end: int
    reason: str


@dataclass(frozen=True)
class CleanedText:
    """An article's text with page furniture blanked out.

    ``text`` has exactly the length of ``original``: furniture characters are
    replaced by spaces (newlines kept) and hard line wraps inside a paragraph by a
    space, so an offset into ``text`` is the same offset into ``original``.
    """

    original: str
    text: str
    furniture: tuple[FurnitureSpan, ...] = ()

    def is_furniture(self, start: int, end: int) -> bool:
        """True when [start, end) overlaps any furniture span."""
        return any(f.start < end and start < f.end for f in self.furniture)


@dataclass(frozen=True)
class Evidence:
    """Why a metadata field has its value: the source and the text that shows it."""

    field: str
    value: str
    # manifest | url_line | share_url | url_domain | title_line | dateline | url_date |
    # manifest_url | dated_embed | latest_stated_date; for what the input states:
    # jsonl | warc_target_uri | page_title | page_site_name | page_canonical_url | page_date
    source: str
    detail: str = ""
    confidence: float | None = None  # None for the manifest, which is taken as given


@dataclass(frozen=True)
class ArticleMetadata:
    outlet: str | None = None
    headline: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date
    story: str | None = None
    source_kind: str | None = None  # primary | secondary
    agency: str | None = None  # the wire service a syndicated copy comes from
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class ArticleExtraction:
    """Everything the extractors found in one article."""

    sentences: tuple[Sentence, ...]
    figures: tuple[FigureMention, ...] = ()
    entities: tuple[EntityMention, ...] = ()
    dates: tuple[DateMention, ...] = ()
    versions: dict[str, str] = field(default_factory=dict)
