"""Tie figure mentions that state the same fact into claims, and relate claims.

This is the part of reconciliation that needs text heuristics, which are clumsy
in SQL: which articles tell one story, which outlets are one source, what
interval a hedged figure allows, who a figure is attributed to, which mentions
state the same measurement, and how claims relate (part of a whole, share of a
whole, categories of a whole). Its output tables feed the SQL models, which do
the arithmetic (conflicts, consistency checks, reconciled values) in views.

The core functions are pure; :func:`link_claims` reads the warehouse and
replaces the claim tables in one transaction.
"""

from __future__ import annotations

import hashlib
import math
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import duckdb
import numpy as np
import pyarrow as pa

from extractors.numbers import vocab as number_vocabulary
from warehouse.crashpoints import reach

VERSION = "claims-4"

# Two dated articles further apart than this are not one story unless the
# manifest says so: follow-up reports a year later are a new story.
STORY_WINDOW_DAYS = 21
# Articles sharing this share of their six-word shingles are copies of one text.
NEAR_DUPLICATE_JACCARD = 0.5
_LSH_BANDS, _LSH_ROWS = 64, 3
_seeds = np.random.default_rng(20161125).integers(1, 2**63, size=(2, _LSH_BANDS * _LSH_ROWS))
_MINHASH_A = (_seeds[0] | 1).astype(np.uint64)  # odd multipliers, as multiply-shift needs
_MINHASH_B = _seeds[1].astype(np.uint64)
# Average pair score above which two groups of mentions are one claim.
CLAIM_THRESHOLD = 0.3
# Approximate wording ("about 384") allows at least this relative spread.
APPROX_RELATIVE = 0.02
APPROX_MAX_RELATIVE = 0.10
# A spoken fraction ("three-quarters") is a rounded share.
FRACTION_ABSOLUTE = 0.03
FRACTION_RELATIVE = 0.07

AGENCIES = {
    "press association": "PA",
    "pa media": "PA",
    "pa": "PA",
    "reuters": "Reuters",
    "associated press": "AP",
    "ap": "AP",
    "afp": "AFP",
    "agence france-presse": "AFP",
    "bloomberg": "Bloomberg",
    "dpa": "dpa",
    "ansa": "ANSA",
    "efe": "EFE",
}
STOPWORDS = frozenset(
    """a an the of to in on at by for from with and or but as is was were be been being are it its
    this that these those there their they them he she his her we our you your i me my not no
    than then so such which who whom whose what when where while into over under more less about
    around some also had has have do did does said says say would could should will may might can
    one two three four five six seven eight nine ten per cent percent""".split()
)
REPORTING_VERBS = (
    r"said|says|say|estimated|estimates|estimate|claimed|claims|claim|reported|reports|"
    r"put the (?:figure|number|crowd|total|cost)|told"
)
_REPORTED_BY = re.compile(
    r"(?P<who>(?:[A-Za-z][\w'’.-]*\s+){0,3}?[A-Za-z][\w'’.-]*)\s+(?:" + REPORTING_VERBS + r")\b"
)
_ACCORDING_TO = re.compile(
    r"according to\s+(?P<who>(?:the\s+)?(?:[A-Za-z][\w'’-]*\s*){1,4})", re.IGNORECASE
)
_PRONOUNS = frozenset("he she it they we i you who which that this there".split())
# Words that open a clause ("..., while organisers claimed"): not part of who spoke.
_CLAUSE_OPENERS = frozenset(
    "while whilst but though although whereas and as however yet when so".split()
)
_TIME_WORDS = {
    "final": "final",
    "eventual": "final",
    "eventually": "final",
    "ultimately": "final",
    "so far": "to date",
    "to date": "to date",
    "initial": "initial",
    "initially": "initial",
    "original": "initial",
    "originally": "initial",
    "projected": "projected",
    "expected": "projected",
    "forecast": "projected",
    "estimated to reach": "projected",
}
_TIME_WORD_PATTERNS = tuple(
    (re.compile(r"\b" + re.escape(phrase) + r"\b"), tag) for phrase, tag in _TIME_WORDS.items()
)
# Any of the phrases, to skip the ordered scan for the many figures with none.
_ANY_TIME_WORD = re.compile(r"\b(?:" + "|".join(map(re.escape, _TIME_WORDS)) + r")\b")
_URL = re.compile(r"<[^>]*>|https?://\S+")
_WORD = re.compile(r"[a-z][a-z'’-]*")
_NUMERAL = re.compile(r"(\d[\d,]*)(?:\.(\d+))?")
_SCALE_WORDS = re.compile(r"\b(thousand|million|billion|trillion|bn|m|k)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Article:
    article_id: str
    outlet: str | None
    published: date | None
    story: str | None
    source_kind: str | None
    agency: str | None
    text: str


@dataclass(frozen=True)
class Figure:
    mention_id: str
    article_id: str
    sentence_id: str
    sentence_index: int
    start_char: int
    end_char: int
    text: str
    value: float | None  # None for a vague amount ("tens of thousands")
    value_high: float | None
    kind: str
    unit: str | None
    qualifier: str
    counted_noun: str | None
    verb: str | None
    sentence: str  # original sentence text
    sentence_start: int


@dataclass(frozen=True)
class Interval:
    low: float
    high: float
    note: str

    def overlaps(self, other: Interval) -> bool:
        return self.low <= other.high and other.low <= self.high


@dataclass(frozen=True)
class Relation:
    relation: str  # part_of | share_of | categories_of
    story_id: str
    whole_claim_id: str
    part_claim_ids: tuple[str, ...]
    share_claim_id: str | None
    evidence: str

    @property
    def relation_id(self) -> str:
        key = "|".join(
            [self.relation, self.whole_claim_id, ",".join(self.part_claim_ids),
             self.share_claim_id or ""]
        )  # fmt: skip
        return "r-" + hashlib.sha1(key.encode()).hexdigest()[:12]


@dataclass
class ClaimLinks:
    stories: dict[str, tuple[str, str, str]]  # article_id -> (story_id, method, evidence)
    sources: dict[str, tuple[str, str, bool]]  # article_id -> (group, method, is_primary)
    claim_of: dict[str, str]  # mention_id -> claim_id
    intervals: dict[str, Interval]
    attribution: dict[str, str | None]
    time_reference: dict[str, str | None]
    relations: list[Relation] = field(default_factory=list)


# --- small text helpers -------------------------------------------------------------


def words(text: str) -> list[str]:
    """Lower-case content words, URLs and numbers dropped, plurals folded."""
    out = []
    for word in _WORD.findall(_URL.sub(" ", text.lower())):
        word = word.strip("'’-")
        if len(word) < 3 or word in STOPWORDS:
            continue
        if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        out.append(word)
    return out


# Counted nouns that all count people at one gathering: one outlet's "60,000 marchers"
# and another's "60,000 people" state one measurement. Narrow on purpose: "adults",
# "residents" or "staff" name a subset or another set, and stay units of their own.
_PEOPLE_UNITS = frozenset(
    "people person individual protester protestor marcher demonstrator participant "
    "attendee spectator reveller mourner supporter campaigner activist fan crowd "
    "visitor".split()
)


@lru_cache(maxsize=4096)
def unit_key(unit: str | None) -> str | None:
    """The unit as claims compare it: lower case, plural folded, crowd nouns as 'people'."""
    if not unit:
        return None
    unit = unit.lower().strip()
    unit = unit[:-1] if len(unit) > 3 and unit.endswith("s") and not unit.endswith("ss") else unit
    return "people" if unit in _PEOPLE_UNITS else unit


def jaccard(a: Iterable, b: Iterable) -> float:
    a, b = set(a), set(b)
    return len(a & b) / len(a | b) if a and b else 0.0


def _local(figure: Figure, before: int = 70, after: int = 70) -> str:
    offset = figure.start_char - figure.sentence_start
    end = figure.end_char - figure.sentence_start
    return (
        figure.sentence[max(0, offset - before) : offset] + " " + figure.sentence[end : end + after]
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


# --- attribution and time -----------------------------------------------------------


@lru_cache(maxsize=4096)
def _reporting_clauses(sentence: str) -> tuple[tuple[int, int, int, int, str], ...]:
    """(start, end, who_start, who_end, who) of every reporting clause that names someone.

    Cached: a sentence often holds several figures, and its clauses are the same
    for each of them.
    """
    sentence = _URL.sub(lambda m: " " * len(m.group(0)), sentence)
    clauses = []
    for pattern in (_REPORTED_BY, _ACCORDING_TO):
        for match in pattern.finditer(sentence):
            spoken = match.group("who").lower().split()
            while spoken and spoken[0] in _CLAUSE_OPENERS:
                spoken = spoken[1:]
            who = " ".join(w for w in spoken if w not in ("the", "a"))
            last = who.split()[-1] if who else ""
            if not who or last in _PRONOUNS or any(ch.isdigit() for ch in who):
                continue
            start, end = match.span("who")
            clauses.append((match.start(), match.end(), start, end, who))
    return tuple(clauses)


@dataclass(frozen=True)
class NameInSentence:
    """A person or organisation mention, with its offsets in the article and canonical name."""

    start_char: int
    end_char: int
    canonical: str


def attribution(figure: Figure, names: Iterable[NameInSentence] = ()) -> str | None:
    """Who the sentence says gave the figure: a canonical name where one is written there.

    A reporting clause governs the figures after it up to the next clause
    ("organisers said 250,000 ..., but police put it at 60,000"); a figure with no
    clause before it (or only one across a semicolon) takes the clause after it
    ("250,000 people marched, organisers said"). When a person or organisation
    mention of the sentence stands in the clause's subject, its canonical name is
    the answer ("Her Majesty's Inspectorate of Constabulary said" names HMIC under
    its canonical name); else the subject's words, lower case ("organisers").
    """
    position = figure.start_char - figure.sentence_start
    end = figure.end_char - figure.sentence_start
    clauses = [c for c in _reporting_clauses(figure.sentence) if not c[0] <= position < c[1]]
    before = [c for c in clauses if c[1] <= position]
    after = [c for c in clauses if c[0] >= end]
    preceding = max(before, key=lambda c: c[1]) if before else None
    following = min(after, key=lambda c: c[0]) if after else None
    if preceding and not (following and ";" in figure.sentence[preceding[1] : position]):
        chosen = preceding
    elif following:
        chosen = following
    else:
        return None
    _, _, who_start, who_end, who = chosen
    named = [
        n
        for n in names
        if n.start_char - figure.sentence_start < who_end
        and n.end_char - figure.sentence_start > who_start
    ]
    return max(named, key=lambda n: n.end_char).canonical if named else who


def _same_party(a: str, b: str) -> bool:
    """ "police" and "Metropolitan Police Service" are one party; "organisers" and "police" two."""
    words_a, words_b = a.lower().split(), b.lower().split()
    return words_a[-1] in words_b or words_b[-1] in words_a


@dataclass(frozen=True)
class DateInSentence:
    """A resolved date mention, with its offsets in the article (as figures have)."""

    start_char: int
    end_char: int
    date_start: date
    date_end: date


# A date in another clause of the sentence ("The tunnel, which opened on Wednesday,
# cost £2bn") dates the other clause; it dates the figure only when its wording says
# it bounds a measurement ("By March 2019, it had cost £1.2bn").
_CLAUSE_BREAK = re.compile(r"[,;:()\u2013\u2014]|\s-\s")
_MEASURE_TIME = re.compile(
    r"\b(?:by|as of|as at|to|until|till|through|since|during|in|at the end of|end of|"
    r"up to|over|for|from|between)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def _clause_span(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The stretch of ``sentence`` between the clause breaks around [start, end)."""
    left = max((m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, start)), default=0)
    right = next((m.start() for m in _CLAUSE_BREAK.finditer(sentence, end)), len(sentence))
    return left, right


def governing_dates(
    figure: Figure, sentence_dates: list[DateInSentence], parallel: Iterable[Figure] = ()
) -> list[DateInSentence]:
    """The dates of the figure's sentence that say when the figure holds.

    Those in the figure's own clause; failing any, those elsewhere in the sentence
    introduced as bounding a measurement ("by", "as of", "to", "in", ...). A date
    that follows another figure of the same kind and unit (``parallel``) before this
    one is that figure's: "400 arrests last year and 520 this year", "rose to 520
    from 400 last year".
    """
    base = figure.sentence_start
    left, right = _clause_span(figure.sentence, figure.start_char - base, figure.end_char - base)
    own = [d for d in sentence_dates if left <= d.start_char - base and d.end_char - base <= right]
    others = sorted(
        (p for p in parallel if p.mention_id != figure.mention_id),
        key=lambda p: p.start_char,
    )
    if own and others:
        stops = sorted([figure.start_char, *(p.start_char for p in others)])

        def follows(d: DateInSentence, f: Figure) -> bool:
            stop = next((x for x in stops if x > f.start_char), math.inf)
            return f.end_char <= d.start_char and d.end_char <= stop

        own = [d for d in own if not any(follows(d, p) for p in others)]
        if not own:
            return []
    if own:
        return own
    return [
        d
        for d in sentence_dates
        if _MEASURE_TIME.search(
            figure.sentence[max(0, d.start_char - base - 20) : d.start_char - base]
        )
    ]


def time_reference(
    figure: Figure, sentence_dates: list[DateInSentence], parallel: Iterable[Figure] = ()
) -> str | None:
    """The time a figure describes when its sentence says so; None when it does not.

    ``parallel``: the sentence's other figures of the same kind and unit, which
    take the dates that follow them (:func:`governing_dates`).
    """
    local = _local(figure, 60, 40).lower()
    if _ANY_TIME_WORD.search(local):
        # The first phrase in _TIME_WORDS' order wins, wherever it stands.
        for pattern, tag in _TIME_WORD_PATTERNS:
            if pattern.search(local):
                return tag
    dates = governing_dates(figure, sentence_dates, parallel)
    if dates:
        start = min(d.date_start for d in dates)
        end = max(d.date_end for d in dates)
        return f"{start.isoformat()}..{end.isoformat()}"
    return None


def _times_differ(a: str | None, b: str | None) -> bool:
    if not a or not b or a == b:
        return False
    if ".." in a and ".." in b:
        a0, a1 = a.split("..")
        b0, b1 = b.split("..")
        return a1 < b0 or b1 < a0
    return True


# --- stories and sources ------------------------------------------------------------


def _find(parent: dict[str, str], x: str) -> str:
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def _union(parent: dict[str, str], a: str, b: str) -> None:
    ra, rb = _find(parent, a), _find(parent, b)
    if ra != rb:
        parent[max(ra, rb)] = min(ra, rb)


def _signatures(figures: list[Figure]) -> set[tuple]:
    return {
        (f.kind, unit_key(f.unit), round(f.value, 4))
        for f in figures
        if f.kind != "ordinal" and not (f.kind == "count" and abs(f.value) < 3)
    }


def _compatible_figures(a: list[Figure], b: list[Figure]) -> int:
    """Pairs of figures of one kind and unit within 10% of each other (conflicts included)."""
    count = 0
    for fa in a:
        for fb in b:
            if (
                fa.kind == fb.kind
                and unit_key(fa.unit) == unit_key(fb.unit)
                and fa.kind != "ordinal"
            ):
                if abs(fa.value - fb.value) <= 0.1 * max(abs(fa.value), abs(fb.value)):
                    count += 1
    return count


def _story_candidates(articles: list[Article]) -> list[tuple[Article, Article]]:
    """Pairs of articles that could be one story, in the order of ``articles``.

    Dated articles further apart than STORY_WINDOW_DAYS never are, so dated
    articles are compared only within a sliding window over publication dates;
    an undated article is compared with every other. This keeps the step near
    linear in a corpus spread over time instead of quadratic.
    """
    position = {id(a): i for i, a in enumerate(articles)}
    dated = sorted((a for a in articles if a.published), key=lambda a: a.published)
    undated = [a for a in articles if not a.published]
    pairs: list[tuple[int, int]] = []
    for i, a in enumerate(dated):
        for b in dated[i + 1 :]:
            if (b.published - a.published).days > STORY_WINDOW_DAYS:
                break
            pairs.append(tuple(sorted((position[id(a)], position[id(b)]))))
    for u in undated:
        for other in articles:
            if other is not u and (other.published or position[id(other)] > position[id(u)]):
                pairs.append(tuple(sorted((position[id(u)], position[id(other)]))))
    # Evidence names the first link found: keep the order the full scan had.
    return [(articles[i], articles[j]) for i, j in sorted(set(pairs))]


def infer_stories(
    articles: list[Article],
    figures_by_article: dict[str, list[Figure]],
    entities_by_article: dict[str, set[str]],
) -> dict[str, tuple[str, str, str]]:
    """Group articles into stories: the manifest's story, else what the texts share.

    Two articles no more than STORY_WINDOW_DAYS apart (or one undated) are linked
    when they share a figure and a fifth of their people and organisations, or
    three figures, or most of their wording (word Jaccard >= 0.3), or, both dated,
    some wording (>= 0.15) and a figure of one kind and unit within 10% (two
    outlets disagreeing about one number share no identical figure). Linked
    articles form a story; an unlabelled article joins the manifest story of an
    article it is linked to. Same-topic articles a year apart overlap in wording as
    much as one story's articles do, which is why the time window is kept.
    """
    ids = [a.article_id for a in articles]
    by_id = {a.article_id: a for a in articles}
    vocabulary = {a.article_id: set(words(a.text)) for a in articles}
    signatures = {i: _signatures(figures_by_article.get(i, [])) for i in ids}
    parent = {i: i for i in ids}
    evidence: dict[str, str] = {}
    for a, b in _story_candidates(articles):
        if a.story and b.story:
            continue
        both_dated = bool(a.published and b.published)
        fig_a = figures_by_article.get(a.article_id, [])
        fig_b = figures_by_article.get(b.article_id, [])
        shared = signatures[a.article_id] & signatures[b.article_id]
        people = jaccard(
            entities_by_article.get(a.article_id, ()), entities_by_article.get(b.article_id, ())
        )
        wording = jaccard(vocabulary[a.article_id], vocabulary[b.article_id])
        reasons = []
        if shared and people >= 0.2:
            reasons.append(f"{len(shared)} shared figure(s) and {people:.0%} shared names")
        if len(shared) >= 3:
            reasons.append(f"{len(shared)} shared figures")
        if wording >= 0.3:
            reasons.append(f"{wording:.0%} shared wording")
        if both_dated and wording >= 0.15 and _compatible_figures(fig_a, fig_b):
            reasons.append(f"{wording:.0%} shared wording and a figure within 10%")
        if reasons:
            _union(parent, a.article_id, b.article_id)
            joiner, anchor = (a, b) if not a.story else (b, a)
            evidence.setdefault(
                joiner.article_id, f"with article {anchor.article_id}: {'; '.join(reasons)}"
            )
    components: dict[str, list[str]] = defaultdict(list)
    for i in ids:
        components[_find(parent, i)].append(i)
    stories: dict[str, tuple[str, str, str]] = {}
    for members in components.values():
        labels = Counter(by_id[m].story for m in members if by_id[m].story)
        if labels:
            label = labels.most_common(1)[0][0]
        else:
            first = min(members, key=lambda m: (by_id[m].published or date.max, m))
            label = f"story-{first[:8]}"
        for m in members:
            if by_id[m].story:
                stories[m] = (by_id[m].story, "manifest", "story given in the manifest")
            elif len(members) == 1:
                stories[m] = (
                    label,
                    "alone",
                    "shares no figures, names or wording with another article",
                )
            else:
                stories[m] = (label, "inferred", evidence.get(m, "linked through another article"))
    return stories


def _agency(article: Article) -> str | None:
    if article.agency:
        return AGENCIES.get(article.agency.strip().lower(), article.agency.strip())
    outlet = (article.outlet or "").lower()
    for name, short in AGENCIES.items():
        if len(name) > 2 and re.search(r"\b" + re.escape(name) + r"\b", outlet):
            return short
    return None


_SHINGLE_BASE = np.uint64(0x100000001B3)  # FNV's 64-bit prime: an odd multiplier


@lru_cache(maxsize=65536)
def _token_hash(token: str) -> int:
    return zlib.crc32(token.encode())


def _fold(parts: Iterable[np.ndarray]) -> np.ndarray:
    """Element-wise hash of equal-shaped arrays, as a polynomial in them (wrapping
    uint64 arithmetic): equal parts give equal hashes."""
    hashed: np.ndarray | int = 0
    for part in parts:
        hashed = hashed * _SHINGLE_BASE + part
    return hashed


def _shingles(text: str, size: int = 6) -> set[int]:
    """The text's six-word shingles, each as a 64-bit hash.

    Words are hashed with CRC-32 (stable across processes, unlike ``hash``) and a
    shingle's words combined as a polynomial in them, over arrays rather than word
    by word in Python: two articles share a hash when they share the shingle.
    """
    tokens = _WORD.findall(_URL.sub(" ", text.lower()))
    if len(tokens) < size:
        return set()
    ids = np.fromiter(map(_token_hash, tokens), dtype=np.uint64, count=len(tokens))
    n = len(tokens) - size + 1
    return set(_fold(ids[i : i + n] for i in range(size)).tolist())


def _minhash(shingles: set[int]) -> np.ndarray:
    """The set's MinHash signature, by multiply-shift hash functions with fixed seeds,
    so a corpus always gets the same signatures."""
    values = np.fromiter(shingles, dtype=np.uint64, count=len(shingles))
    hashed = (values[None, :] * _MINHASH_A[:, None] + _MINHASH_B[:, None]) >> np.uint64(32)
    return hashed.min(axis=1)


def _band_candidates(keys: list[str], signatures: np.ndarray) -> set[tuple[str, str]]:
    """Pairs of keys whose signatures agree on every row of at least one band."""
    bands = signatures.reshape(len(keys), _LSH_BANDS, _LSH_ROWS)
    # One hash per band (its rows are 32-bit values): equal rows give equal hashes,
    # and a rare unequal pair that collides is only a candidate, checked exactly.
    band_hash = _fold(bands[:, :, row] for row in range(_LSH_ROWS))
    candidates: set[tuple[str, str]] = set()
    for band in range(_LSH_BANDS):
        column = band_hash[:, band]
        order = np.argsort(column, kind="stable")
        ordered = column[order]
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        ends = np.r_[starts[1:], len(ordered)]
        shared = ends - starts > 1
        for start, end in zip(starts[shared], ends[shared], strict=True):
            members = sorted(order[start:end].tolist())
            for i, x in enumerate(members):
                for y in members[i + 1 :]:
                    candidates.add((keys[x], keys[y]))
    return candidates


def near_duplicate_components(sets: dict[str, set[int]], threshold: float) -> dict[str, str]:
    """Each key's component root in the graph of pairs with Jaccard >= ``threshold``.

    ``sets`` holds each key's shingle hashes (:func:`_shingles`). Comparing every
    pair is quadratic, and exact filters (All-Pairs prefix filtering) degrade to
    it when most shingles are shared corpus-wide. MinHash locality-sensitive
    hashing proposes candidate pairs in linear time (64 bands of 3 rows: a pair
    at the threshold is proposed with probability 0.9998); candidates whose
    signatures agree on less than ``threshold - 0.2`` (over five standard errors
    below it) are dropped, and the rest are checked exactly, so no pair below the
    threshold is ever joined.
    """
    parent = {key: key for key in sets}
    keys = sorted(key for key, shingles in sets.items() if shingles)
    if not keys:
        return parent
    matrix = np.stack([_minhash(sets[key]) for key in keys])
    row_of = {key: i for i, key in enumerate(keys)}
    for x, y in sorted(_band_candidates(keys, matrix)):
        if _find(parent, x) == _find(parent, y):
            continue  # already joined: checking the pair cannot change the groups
        estimate = np.count_nonzero(matrix[row_of[x]] == matrix[row_of[y]]) / matrix.shape[1]
        a, b = sets[x], sets[y]
        if estimate < threshold - 0.2 or min(len(a), len(b)) < threshold * max(len(a), len(b)):
            continue
        shared = len(a & b)
        if shared / (len(a) + len(b) - shared) >= threshold:
            _union(parent, x, y)
    return {key: _find(parent, key) for key in parent}


def source_groups(articles: list[Article]) -> dict[str, tuple[str, str, bool]]:
    """Which articles count as one source: one agency, one outlet, or near-copies."""
    groups: dict[str, tuple[str, str]] = {}
    for a in articles:
        agency = _agency(a)
        if agency:
            groups[a.article_id] = (f"agency:{agency}", "agency")
        elif a.outlet:
            outlet = re.sub(r"\s*\(.*?\)\s*", " ", a.outlet).strip().lower()
            groups[a.article_id] = (f"outlet:{outlet}", "outlet")
        else:
            groups[a.article_id] = (f"article:{a.article_id}", "unknown_outlet")
    root = near_duplicate_components(
        {a.article_id: _shingles(a.text) for a in articles}, NEAR_DUPLICATE_JACCARD
    )
    components: dict[str, list[str]] = defaultdict(list)
    for article_id, article_root in root.items():
        components[article_root].append(article_id)
    result = {}
    for a in articles:
        group, method = groups[a.article_id]
        members = components[root[a.article_id]]
        if len(members) > 1:
            group, method = min(groups[m][0] for m in members), "near_duplicate"
        result[a.article_id] = (group, method, (a.source_kind or "") == "primary")
    return result


# --- claims -------------------------------------------------------------------------


@dataclass
class SentenceStructure:
    """What one sentence's wording says about how its figures relate."""

    part_of: list[tuple[Figure, list[Figure]]] = field(default_factory=list)  # whole, parts
    shares: list[tuple[Figure, Figure | None, list[Figure]]] = field(default_factory=list)
    categories: list[list[Figure]] = field(default_factory=list)


_OF_THE = re.compile(r"^\s*of\s+(?:the\s+|these\s+|those\s+|all\s+|its\s+)?$", re.IGNORECASE)
_OF_NOUN = re.compile(
    r"^\s*of\s+(?:the\s+|these\s+|those\s+|all\s+|its\s+)?(?:[a-z-]+\s+){0,3}?([a-z]+)\b",
    re.IGNORECASE,
)
_OF_THEM = re.compile(r"\bof\s+(?:them|those|these)\b", re.IGNORECASE)
_LINKING = " -–—,()or"


def _between(a: Figure, b: Figure) -> str:
    lo, hi = sorted([(a.start_char, a.end_char), (b.start_char, b.end_char)])
    return a.sentence[lo[1] - a.sentence_start : hi[0] - a.sentence_start]


def _after(f: Figure, n: int = 60) -> str:
    return f.sentence[f.end_char - f.sentence_start :][:n]


# A count introduced as the baseline of a change ("520 arrests, up from 400") is an
# earlier value of the same measurement, not a part of the count it is set beside.
_BASELINE_BEFORE = re.compile(
    r"(?:\b(?:up|down|rose|fell|risen|fallen|increased|decreased|rising|falling|climbed|"
    r"dropped|jumped|grew)\b[^.;:]*?\bfrom|\bcompared\s+(?:with|to)|\bagainst|\bversus|"
    r"\bvs\.?)\s+(?:about\s+|around\s+|some\s+|nearly\s+|almost\s+)?$",
    re.IGNORECASE,
)


def _is_baseline(f: Figure) -> bool:
    return bool(_BASELINE_BEFORE.search(f.sentence[: f.start_char - f.sentence_start]))


def sentence_structure(
    sentence_figures: list[Figure],
    party: dict[str, str | None] | None = None,
    times: dict[str, str | None] | None = None,
) -> SentenceStructure:
    """Parts, shares and categories that one sentence states.

    - the first count of a unit, larger than the later ones, is their whole
      ("a review of 374 cases found 278 ... and 38 ..."), unless ``party`` (who gave
      each figure, by mention id) says two parties gave them: rival estimates
      ("organisers said 250,000, police 60,000") are not a whole and its part, nor
      are counts that ``times`` (each figure's time reference) ties to different
      times, nor a baseline of a change ("520 arrests, up from 400 last year");
    - a share's whole is the count right after "of (the)" ("three-quarters of the 384
      cases"), or the whole of a part it stands beside ("278 - or three quarters"),
      or the largest count before it ("cases, numbering about 384, ... three-quarters");
    - three or more counts of a unit with no whole are categories ("10 ..., 64 ... and 61").
    """
    structure = SentenceStructure()
    ordered = sorted(sentence_figures, key=lambda f: f.start_char)
    counts = [f for f in ordered if f.kind == "count"]
    by_unit: dict[str | None, list[Figure]] = defaultdict(list)
    for f in counts:
        if not _is_baseline(f):
            by_unit[unit_key(f.unit)].append(f)
    for same in by_unit.values():
        if len(same) < 2:
            continue
        first, rest = same[0], same[1:]
        whos = [w for w in ((party or {}).get(f.mention_id) for f in same) if w]
        if any(not _same_party(x, y) for x in whos for y in whos):
            continue
        when = [(times or {}).get(f.mention_id) for f in same]
        if any(_times_differ(x, y) for x in when for y in when):
            continue
        if all(first.value > r.value for r in rest):
            structure.part_of.append((first, rest))
        elif len(same) >= 3:
            structure.categories.append(same)
    for share in (f for f in ordered if f.kind in ("percent", "fraction")):
        whole, parts = None, []
        for count in counts:
            if count.start_char > share.end_char and _OF_THE.match(_between(share, count)):
                whole = count
                break
        if whole is None:
            for first, rest in structure.part_of:
                beside = [r for r in rest if not _between(r, share).strip(_LINKING)]
                if beside:
                    whole, parts = first, beside
                    break
        if whole is None:
            before = [c for c in counts if c.end_char <= share.start_char]
            if before:
                whole = max(before, key=lambda c: c.value)
        structure.shares.append((share, whole, parts))
    return structure


def _distinctive(value: float) -> bool:
    """A number unlikely to recur by chance: not small, not round."""
    return abs(value) >= 11 and (not float(value).is_integer() or value % 10 != 0)


def _pair_score(
    a: Figure, b: Figure, links: ClaimLinks, context: dict[str, list[str]],
    share_claims: dict[str, set[str]],
) -> float | None:  # fmt: skip
    """How likely two mentions state one measurement; None when they cannot."""
    if a.kind != b.kind:
        return None
    ua, ub = unit_key(a.unit), unit_key(b.unit)
    if ua and ub and ua != ub:
        return None
    if _times_differ(links.time_reference[a.mention_id], links.time_reference[b.mention_id]):
        return None
    ia, ib = links.intervals[a.mention_id], links.intervals[b.mention_id]
    attributed_apart = _attributed_apart(a, b, links)
    if a.sentence_id == b.sentence_id and a.value != b.value and not attributed_apart:
        return None  # one sentence, two values, one voice: two facts
    if a.article_id == b.article_id and not ia.overlaps(ib) and not attributed_apart:
        # An article stating two values it attributes to two sources (organisers
        # and police) reports a conflict; two values with no such split are two facts.
        return None
    score = jaccard(context[a.mention_id], context[b.mention_id])
    if a.value is not None and a.value == b.value:
        score += 0.3 if _distinctive(a.value) else 0.2
    elif ia.overlaps(ib):
        score += 0.2
        if a.article_id == b.article_id and "exact" not in (a.qualifier, b.qualifier):
            score += 0.1  # one article restating a hedged figure ("over 90%", "just under 93%")
    elif (
        a.value is not None
        and b.value is not None
        and abs(a.value - b.value) <= 0.1 * max(abs(a.value), abs(b.value))
    ):
        score += 0.05
    elif (
        a.value is not None
        and b.value is not None
        and _far_apart(a.value, b.value)
        and a.verb
        and b.verb
        and a.verb != b.verb
    ):
        # "480 schools inspected" and "72 schools rated inadequate": a count several
        # times another, done by another verb, is another count (a part, a subset),
        # not a misreport. With one verb ("spent £2m" / "spent £4.5m") it stays a
        # candidate conflict. Rival estimates that far apart are tied by the
        # sentences that set them against each other (_must_link).
        score -= 0.6
    else:
        score -= 0.15
    if share_claims.get(a.mention_id, set()) & share_claims.get(b.mention_id, set()):
        score += 0.3  # both are the stated whole of one share claim
    noun_a, noun_b = _noun_key(a), _noun_key(b)
    if noun_a and noun_b:
        score += 0.05 if noun_a == noun_b else -0.3
    if a.verb and b.verb and a.verb == b.verb:
        score += 0.1
    if not ua or not ub:
        score -= 0.1
    return score


def _noun_key(f: Figure) -> str | None:
    """The head of the counted noun phrase, compared as units are."""
    return unit_key(f.counted_noun.split()[-1]) if f.counted_noun else None


def _far_apart(x: float, y: float) -> bool:
    """One value at least twice the other (or of the other sign)."""
    low, high = sorted((abs(x), abs(y)))
    return x * y <= 0 or high >= 2 * low


def _attributed_apart(a: Figure, b: Figure, links: ClaimLinks) -> bool:
    """True when the two figures are given by two different parties.

    Parties compare by their head words (:func:`_same_party`), so "the
    Metropolitan Police Service" and "police" are one party.
    """
    who_a, who_b = links.attribution[a.mention_id], links.attribution[b.mention_id]
    return bool(who_a and who_b and not _same_party(who_a, who_b))


def _rival_estimates(a: Figure, b: Figure, links: ClaimLinks) -> bool:
    """One sentence sets two parties' different values against each other.

    "Organisers said 250,000 ..., but police estimated the crowd at 60,000": the
    article itself says the two values measure one thing, so they are one claim
    (in conflict) whatever their other context says.
    """
    return (
        a.sentence_id == b.sentence_id
        and a.value != b.value
        and not links.intervals[a.mention_id].overlaps(links.intervals[b.mention_id])
        and _attributed_apart(a, b, links)
    )


def cluster_claims(
    figures: list[Figure], links: ClaimLinks, share_claims: dict[str, set[str]] | None = None
) -> list[list[Figure]]:
    """Average-linkage clustering with cannot-link constraints, within one story and kind."""
    share_claims = share_claims or {}
    context = {f.mention_id: words(_local(f)) for f in figures}
    n = len(figures)
    # Cluster-to-cluster score sums and cannot-link flags, updated on each merge
    # (sum over a union is the sum of the parts), so no linkage is ever recomputed
    # from mention pairs: O(n^2) per merge instead of O(n^2) pair lookups per pair.
    total = [[0.0] * n for _ in range(n)]
    blocked = [[False] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            score = _pair_score(figures[i], figures[j], links, context, share_claims)
            if score is None:
                blocked[i][j] = blocked[j][i] = True
            else:
                total[i][j] = total[j][i] = score
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    alive = list(range(n))  # cluster slots, in the order clusters were first formed
    while True:
        best: tuple[float, int, int] | None = None
        for x, i in enumerate(alive):
            size_i = len(members[i])
            row_total, row_blocked = total[i], blocked[i]
            for j in alive[x + 1 :]:
                if row_blocked[j]:
                    continue
                score = row_total[j] / (size_i * len(members[j]))
                if score >= CLAIM_THRESHOLD and (best is None or score > best[0]):
                    best = (score, i, j)
        if best is None:
            best = _must_link(figures, links, members, alive, blocked)
        if best is None:
            return [[figures[k] for k in members[i]] for i in alive]
        _, i, j = best
        members[i] = members[i] + members.pop(j)
        alive.remove(j)
        for k in alive:
            if k == i:
                continue
            total[i][k] = total[k][i] = total[i][k] + total[j][k]
            blocked[i][k] = blocked[k][i] = blocked[i][k] or blocked[j][k]


def _must_link(
    figures: list[Figure],
    links: ClaimLinks,
    members: dict[int, list[int]],
    alive: list[int],
    blocked: list[list[bool]],
) -> tuple[float, int, int] | None:
    """Two clusters that rival estimates tie together, when nothing forbids it.

    Average linkage alone keeps rival estimates apart: their values differ, so
    pairs across them score low. A sentence stating both is evidence that they
    measure one thing, and two articles stating the same dispute (the same two
    parties, each with a value that fits the other article's) report one
    measurement. An article that repeats a value of one unit and counted noun
    ("close 14 libraries ... closing 14 libraries ... the 14 libraries") restates
    one fact, however its sentences word it. Applied once linkage has no merge left.
    """
    rivals = {
        i: [
            (figures[p], figures[q])
            for p in members[i]
            for q in members[i]
            if p != q and _rival_estimates(figures[p], figures[q], links)
        ]
        for i in alive
    }
    slot = {k: i for i in alive for k in members[i]}

    def fits(a: Figure, b: Figure) -> bool:
        who_a, who_b = links.attribution[a.mention_id], links.attribution[b.mention_id]
        return bool(who_a and who_b and _same_party(who_a, who_b)) and links.intervals[
            a.mention_id
        ].overlaps(links.intervals[b.mention_id])

    for x, i in enumerate(alive):
        for j in alive[x + 1 :]:
            if blocked[i][j]:
                continue
            across = any(
                _rival_estimates(figures[p], figures[q], links)
                for p in members[i]
                for q in members[j]
                if slot[p] != slot[q]
            )
            same_dispute = any(
                fits(a1, b1) and fits(a2, b2) for a1, a2 in rivals[i] for b1, b2 in rivals[j]
            )
            restated = any(
                _restated(figures[p], figures[q], links) for p in members[i] for q in members[j]
            )
            if across or same_dispute or restated:
                return (0.0, i, j)
    return None


def _restated(a: Figure, b: Figure, links: ClaimLinks) -> bool:
    """One article states the same distinctive value of one unit and noun twice."""
    if a.article_id != b.article_id or a.value is None or a.value != b.value:
        return False
    if not (_distinctive(a.value) or abs(a.value) >= 100) or unit_key(a.unit) != unit_key(b.unit):
        return False
    noun_a, noun_b = _noun_key(a), _noun_key(b)
    if noun_a and noun_b and noun_a != noun_b:
        return False
    return links.intervals[a.mention_id].overlaps(links.intervals[b.mention_id])


def claim_id(members: list[Figure]) -> str:
    key = ",".join(sorted(f.mention_id for f in members))
    return "c-" + hashlib.sha1(key.encode()).hexdigest()[:12]


# --- relations ----------------------------------------------------------------------


def _quote(f: Figure) -> str:
    return " ".join(_URL.sub(" ", f.sentence).split())


def find_relations(
    story_id: str,
    figures: list[Figure],
    claim_of: dict[str, str],
    structures: dict[str, SentenceStructure],
    times: dict[str, str | None] | None = None,
) -> list[Relation]:
    """Relations between claims that the wording of the story's articles states."""
    relations: list[Relation] = []
    whole_votes: Counter[str] = Counter()
    pending: list[Figure] = []  # shares whose whole is named only by a noun, or not at all
    categories: list[list[Figure]] = []
    for structure in structures.values():
        for whole, parts in structure.part_of:
            whole_votes[claim_of[whole.mention_id]] += 1
            relations.append(
                Relation("part_of", story_id, claim_of[whole.mention_id],
                         tuple(claim_of[p.mention_id] for p in parts), None, _quote(whole))
            )  # fmt: skip
        for share, whole, parts in structure.shares:
            if whole is None:
                pending.append(share)
                continue
            if not parts:
                parts = _part_by_verb(share, whole, figures, claim_of, times or {})
            whole_votes[claim_of[whole.mention_id]] += 1
            relations.append(
                Relation("share_of", story_id, claim_of[whole.mention_id],
                         tuple(claim_of[p.mention_id] for p in parts),
                         claim_of[share.mention_id], _quote(share))
            )  # fmt: skip
        categories.extend(structure.categories)

    principal = _principal_wholes(figures, claim_of, whole_votes)
    for share in pending:
        noun = _OF_NOUN.match(_after(share))
        whole_claim = principal.get(unit_key(noun.group(1)) or "") if noun else None
        part = _part_of_them_after(share, figures)
        if whole_claim and part is not None:
            relations.append(
                Relation("share_of", story_id, whole_claim, (claim_of[part.mention_id],),
                         claim_of[share.mention_id], f"{_quote(share)} / {_quote(part)}")
            )  # fmt: skip
        elif whole_claim:
            relations.append(
                Relation(
                    "share_of", story_id, whole_claim, (), claim_of[share.mention_id], _quote(share)
                )
            )
        else:
            relations.extend(
                _share_of_categories(story_id, share, categories, figures, claim_of, whole_votes)
            )
    for members in categories:
        whole_claim = _article_principal(members, figures, claim_of, whole_votes)
        if whole_claim:
            relations.append(
                Relation("categories_of", story_id, whole_claim,
                         tuple(claim_of[m.mention_id] for m in members), None, _quote(members[0]))
            )  # fmt: skip
    return list({r.relation_id: r for r in relations}.values())


# Verbs too common to say two figures count the same thing ("was", "said", "found").
_LIGHT_VERBS = frozenset("be have do say find show report make get go include give".split())


def _part_by_verb(
    share: Figure, whole: Figure, figures: list[Figure], claim_of: dict[str, str],
    times: dict[str, str | None],
) -> list[Figure]:  # fmt: skip
    """The count the story states for a share whose sentence names no part.

    "15% of the 480 schools ... were rated inadequate" and, elsewhere in the
    story, "72 schools were rated inadequate": a count of the whole's unit, not
    the whole, whose verb is the share's (a content verb, not "be" or "say") and
    not the whole's, is the share's part.
    Only when one claim fits, and no time reference sets it apart.
    """
    verb = share.verb
    if not verb or verb in _LIGHT_VERBS or verb == whole.verb:
        return []
    whole_claim = claim_of[whole.mention_id]
    fitting = [
        f for f in figures
        if f.kind == "count" and f.verb == verb and f.sentence_id != share.sentence_id
        and unit_key(f.unit) == unit_key(whole.unit) and claim_of[f.mention_id] != whole_claim
        and not _times_differ(times.get(f.mention_id), times.get(share.mention_id))
    ]  # fmt: skip
    claims = {claim_of[f.mention_id] for f in fitting}
    return fitting[:1] if len(claims) == 1 else []


def _principal_wholes(
    figures: list[Figure], claim_of: dict[str, str], votes: Counter[str]
) -> dict[str, str]:
    """Per unit, the claim the story most often states as a whole (else the largest)."""
    best: dict[str, tuple[tuple, str]] = {}
    for f in figures:
        if f.kind != "count":
            continue
        unit = unit_key(f.unit) or ""
        claim = claim_of[f.mention_id]
        rank = (votes.get(claim, 0), f.value)
        if unit not in best or rank > best[unit][0]:
            best[unit] = (rank, claim)
    return {unit: claim for unit, (_, claim) in best.items()}


def _article_principal(
    members: list[Figure], figures: list[Figure], claim_of: dict[str, str], votes: Counter[str]
) -> str | None:
    """The claim a breakdown's own article states as the whole of that unit."""
    unit, article_id = unit_key(members[0].unit), members[0].article_id
    excluded = {claim_of[m.mention_id] for m in members}
    candidates = [
        f for f in figures
        if f.article_id == article_id and f.kind == "count" and unit_key(f.unit) == unit
        and claim_of[f.mention_id] not in excluded
    ]  # fmt: skip
    if not candidates:
        return None
    mentions = Counter(claim_of[f.mention_id] for f in candidates)

    def rank(f: Figure) -> tuple:
        claim = claim_of[f.mention_id]
        return (votes.get(claim, 0), mentions[claim], f.value)

    return claim_of[max(candidates, key=rank).mention_id]


def _part_of_them_after(share: Figure, figures: list[Figure]) -> Figure | None:
    """A count stated as "N of them" in the same or the next sentence of the article."""
    for f in sorted(figures, key=lambda f: f.start_char):
        if f.article_id != share.article_id or f.kind != "count" or f.start_char < share.end_char:
            continue
        if f.sentence_index > share.sentence_index + 1:
            return None
        if _OF_THEM.search(f.text) or _OF_THEM.match(_after(f, 20).lstrip()):
            return f
    return None


def _share_of_categories(
    story_id: str, share: Figure, categories: list[list[Figure]], figures: list[Figure],
    claim_of: dict[str, str], votes: Counter[str],
) -> list[Relation]:  # fmt: skip
    """A share whose wording names some categories of a breakdown in its article
    ("needed improvement or was inadequate"): those categories' share of the whole."""
    share_words = set(words(share.sentence))
    out = []
    for members in categories:
        if members[0].article_id != share.article_id:
            continue
        chosen = []
        for k, member in enumerate(members):
            stop = members[k + 1].start_char if k + 1 < len(members) else None
            tail = member.sentence[member.end_char - member.sentence_start :]
            if stop is not None:
                tail = tail[: stop - member.end_char]
            predicate = set(words(tail)) - {unit_key(member.unit) or ""}
            if predicate & share_words:
                chosen.append(member)
        if chosen and len(chosen) < len(members):
            whole = _article_principal(members, figures, claim_of, votes)
            if whole:
                parts = tuple(claim_of[m.mention_id] for m in chosen)
                evidence = f"{_quote(share)} / {_quote(members[0])}"
                out.append(
                    Relation(
                        "share_of", story_id, whole, parts, claim_of[share.mention_id], evidence
                    )
                )
    return out


# --- the whole step -----------------------------------------------------------------


def build_links(
    articles: list[Article],
    figures: list[Figure],
    entities_by_article: dict[str, set[str]],
    dates_by_sentence: dict[str, list[DateInSentence]],
    names_by_sentence: dict[str, list[NameInSentence]] | None = None,
) -> ClaimLinks:
    """Stories, sources, claims and relations for a whole warehouse.

    A vague amount ("tens of thousands") has no value of its own: it joins a claim
    that stated values make (and supports those its interval allows), but takes no
    part in grouping stories, in relations or as a claim on its own.
    """
    parallel: dict[tuple, list[Figure]] = defaultdict(list)
    for f in figures:
        parallel[(f.sentence_id, f.kind, unit_key(f.unit))].append(f)
    vague = [f for f in figures if f.value is None]
    figures = [f for f in figures if f.value is not None]
    figures_by_article: dict[str, list[Figure]] = defaultdict(list)
    for f in figures:
        figures_by_article[f.article_id].append(f)
    links = ClaimLinks(
        stories=infer_stories(articles, figures_by_article, entities_by_article),
        sources=source_groups(articles),
        claim_of={},
        intervals={f.mention_id: figure_interval(f) for f in figures + vague},
        attribution={
            f.mention_id: attribution(f, (names_by_sentence or {}).get(f.sentence_id, ()))
            for f in figures + vague
        },
        time_reference={
            f.mention_id: time_reference(
                f,
                dates_by_sentence.get(f.sentence_id, []),
                parallel[(f.sentence_id, f.kind, unit_key(f.unit))],
            )
            for f in figures + vague
        },
    )
    by_story: dict[str, list[Figure]] = defaultdict(list)
    for f in figures:
        by_story[links.stories[f.article_id][0]].append(f)
    vague_by_story: dict[str, list[Figure]] = defaultdict(list)
    for f in vague:
        vague_by_story[links.stories[f.article_id][0]].append(f)
    for story_id, story_figures in sorted(by_story.items()):
        by_sentence: dict[str, list[Figure]] = defaultdict(list)
        for f in story_figures:
            by_sentence[f.sentence_id].append(f)
        structures = {
            sid: sentence_structure(figs, links.attribution, links.time_reference)
            for sid, figs in by_sentence.items()
        }
        by_kind: dict[str, list[Figure]] = defaultdict(list)
        for f in story_figures:
            by_kind[f.kind].append(f)
        # Shares first: a count that two articles state as the whole of one share
        # claim ("three-quarters of the 384 cases" / "374 cases ... three quarters")
        # is one claim even when the two values disagree.
        share_claims: dict[str, set[str]] = defaultdict(set)
        for kind in sorted(by_kind, key=lambda k: k not in ("percent", "fraction")):
            if kind == "count":
                for structure in structures.values():
                    for share, whole, _ in structure.shares:
                        if whole is not None:
                            share_claims[whole.mention_id].add(links.claim_of[share.mention_id])
            candidates = by_kind[kind] + (vague_by_story[story_id] if kind == "count" else [])
            for members in cluster_claims(candidates, links, share_claims):
                if all(f.value is None for f in members):
                    continue  # vague amounts alone state no value to check
                cid = claim_id(members)
                for f in members:
                    links.claim_of[f.mention_id] = cid
        links.relations.extend(
            find_relations(
                story_id, story_figures, links.claim_of, structures, links.time_reference
            )
        )
    return links


def _figures(con: duckdb.DuckDBPyConnection) -> list[Figure]:
    rows = con.execute(
        "SELECT f.mention_id, f.article_id, f.sentence_id, s.sentence_index, f.start_char,"
        " f.end_char, f.text, f.value, f.value_high, f.kind, f.unit, f.qualifier, f.counted_noun,"
        " f.verb, s.text, s.start_char"
        " FROM figure_mentions f JOIN sentences s USING (sentence_id)"
        " WHERE f.value IS NOT NULL OR f.kind = 'count' ORDER BY f.article_id, f.start_char"
    ).fetchall()
    figures = [Figure(*row) for row in rows]
    return [f for f in figures if f.value is not None or vague_interval(f.text)]


def _articles(con: duckdb.DuckDBPyConnection) -> list[Article]:
    rows = con.execute(
        "SELECT article_id, outlet, published, story, source_kind, agency, text"
        " FROM articles ORDER BY article_id"
    ).fetchall()
    return [Article(*row) for row in rows]


def link_claims(con: duckdb.DuckDBPyConnection) -> ClaimLinks:
    """Recompute stories, sources, claims and relations; replace their tables at once."""
    articles = _articles(con)
    figures = _figures(con)
    # One read of entity_mentions gives both the names each article mentions and
    # where each sentence names someone.
    entities: dict[str, set[str]] = defaultdict(set)
    names: dict[str, list[NameInSentence]] = defaultdict(list)
    for article_id, entity_id, sentence_id, start_char, end_char, canonical in con.execute(
        "SELECT article_id, entity_id, sentence_id, start_char, end_char, canonical"
        " FROM entity_mentions ORDER BY sentence_id, start_char"
    ).fetchall():
        entities[article_id].add(entity_id)
        names[sentence_id].append(NameInSentence(start_char, end_char, canonical))
    dates: dict[str, list[DateInSentence]] = defaultdict(list)
    for sentence_id, start_char, end_char, start, end in con.execute(
        "SELECT sentence_id, start_char, end_char, date_start, date_end FROM date_mentions"
        " WHERE date_start IS NOT NULL ORDER BY sentence_id, start_char"
    ).fetchall():
        dates[sentence_id].append(DateInSentence(start_char, end_char, start, end))
    links = build_links(articles, figures, entities, dates, names)
    tables = {
        "article_stories": pa.Table.from_pylist(
            [{"article_id": a, "story_id": s, "method": m, "evidence": e}
             for a, (s, m, e) in sorted(links.stories.items())],
            schema=pa.schema([("article_id", pa.string()), ("story_id", pa.string()),
                              ("method", pa.string()), ("evidence", pa.string())]),
        ),
        "source_groups": pa.Table.from_pylist(
            [{"article_id": a, "source_group": g, "method": m, "is_primary": p}
             for a, (g, m, p) in sorted(links.sources.items())],
            schema=pa.schema([("article_id", pa.string()), ("source_group", pa.string()),
                              ("method", pa.string()), ("is_primary", pa.bool_())]),
        ),
        "claim_assignments": pa.Table.from_pylist(
            [{"mention_id": f.mention_id, "claim_id": links.claim_of[f.mention_id],
              "story_id": links.stories[f.article_id][0],
              "low": links.intervals[f.mention_id].low,
              "high": links.intervals[f.mention_id].high,
              "interval_note": links.intervals[f.mention_id].note,
              "attributed_to": links.attribution[f.mention_id],
              "time_reference": links.time_reference[f.mention_id]}
             for f in figures if f.mention_id in links.claim_of],
            schema=pa.schema([("mention_id", pa.string()), ("claim_id", pa.string()),
                              ("story_id", pa.string()), ("low", pa.float64()),
                              ("high", pa.float64()), ("interval_note", pa.string()),
                              ("attributed_to", pa.string()), ("time_reference", pa.string())]),
        ),
        "claim_relations": pa.Table.from_pylist(
            [{"relation_id": r.relation_id, "story_id": r.story_id, "relation": r.relation,
              "whole_claim_id": r.whole_claim_id, "part_claim_ids": list(r.part_claim_ids),
              "share_claim_id": r.share_claim_id, "evidence": r.evidence}
             for r in links.relations],
            schema=pa.schema([("relation_id", pa.string()), ("story_id", pa.string()),
                              ("relation", pa.string()), ("whole_claim_id", pa.string()),
                              ("part_claim_ids", pa.list_(pa.string())),
                              ("share_claim_id", pa.string()), ("evidence", pa.string())]),
        ),
    }  # fmt: skip
    con.execute("BEGIN TRANSACTION")
    try:
        for name, table in tables.items():
            con.execute(f"DELETE FROM {name}")
            con.register("claim_rows", table)
            con.execute(f"INSERT INTO {name} SELECT * FROM claim_rows")
            con.unregister("claim_rows")
        reach("link_claims")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return links
