"""Features of one line of a page, for telling article text from page furniture.

A page's text is split into *units*: a line, or several lines of one hard-wrapped
paragraph joined back (a wrapped line ends mid-phrase and the next one carries on
in lower case or with an inline link). Each unit gets a vector of general features
(length, terminal punctuation, capitalisation, position on the page, how much of it
is a date or a clock time, credit and byline shapes, whether it reads like a
sentence, what its neighbours look like). The weights that turn these into a
furniture probability are fitted (``tests/benchmarks/fit_furniture.py``) and stored
in ``data/furniture_model.json``; this module only computes the features, so the
fitting script and the cleaner use exactly the same ones.

The small lexicons in ``data/furniture.json`` (share-button and link labels,
credit words, publishing cues) and the photo agencies of ``data/agencies.csv`` are
inputs to features here, each with a fitted weight, not rules that decide on their own.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.lang.en.stop_words import STOP_WORDS

from .agencies import credit_names
from .calendar_words import months, weekdays

_MONTHS = months()
_WEEKDAYS = weekdays(abbreviated=True)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
_URL = re.compile(r"(?:https?://|www\.)\S+|<(?:https?://|www\.|mailto:|/)[^<>\s]*>")
INLINE_LINK = re.compile(r"<(?:https?://|www\.|mailto:|/)[^<>\s]*>|<>")
BARE_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"]+")
_CLOCK = re.compile(
    r"\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?\b|[ap]\b)?|\b\d{1,2}\s*[ap]\.?m\.?(?!\w)",
    re.IGNORECASE,
)
FULL_DATE = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?[A-Za-z]{3,9}\.?,?\s+\d{4}\b"  # 25 November 2016
    r"|\b[A-Za-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b"  # Nov 25, 2016
    r"|\b\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}\b",  # 25/11/2016, 2016-11-25, 2012.08.08
    re.IGNORECASE,
)
_TIMEZONES = frozenset(
    "gmt bst utc et est edt ct cst cdt mt mst mdt pt pst pdt akst akdt hst ist cet cest eet "
    "eest aest aedt".split()
)
_BYLINE = re.compile(r"^(?i:by|written by|reported by|words by|story by)\s+[A-Z]")
_NAME_FOR = re.compile(
    r"^[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){1,3}\s+(?:for|in|at)\s+(?:the\s+)?[A-Z]"
)
_CREDIT = re.compile(r"(?:^|[.!?]\s+|\s)([A-Za-z]+)(?:\s+[a-z]+)?\s*:\s*\S")
_PAREN = re.compile(r"^\(([^()]{2,80})\)$")
_SLASH_CREDIT = re.compile(r"[A-Z][\w.'’-]*\s*/\s*[A-Z][\w.'’ -]*$")
_COPYRIGHT = re.compile(r"©|\(c\)\s*\d{4}|\bcopyright\b|\ball rights reserved\b", re.I)
# Banners and appeals speak of the page itself; article text rarely does.
_SELF_REFERENCE = re.compile(
    r"\b(?:this|the) (?:article|story|page|site|website|content)\b"
    r"|\bour (?:journalism|newsletters?|reporting|website|site|work|standards)\b",
    re.IGNORECASE,
)
_POST_HEADER = re.compile(r"\(@\w{1,30}\)\s*$")
_DAY_OR_CLOCK = re.compile(r"\d{1,2}(?:st|nd|rd|th|am|pm|[ap])")  # "25th", "9am", "9p"
_SENTENCE_END = ".!?\"'\u201d\u2019…"
_CLOCK_END = re.compile(r"\d\s*[ap]\.?\s?m\.\s*$", re.IGNORECASE)
_CLOSERS = "\"'\u201d\u2019)]"
# A wrapped line ends mid-phrase: on a comma, a hyphen or a word that cannot close one.
_OPEN_END = re.compile(r"(?:[,(]|\b(?:a|an|the|of|to|for|and|or|in|on|at|by|with|from|that))\s*$")


@dataclass(frozen=True)
class Unit:
    """A stretch of one or more lines judged together; offsets into the page text."""

    start: int
    end: int
    first_line: int
    last_line: int
    text: str  # the lines joined by single spaces, links kept


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Lexicon:
    share_labels: frozenset[str]
    link_labels: frozenset[str]
    headline_labels: frozenset[str]
    credit_prefixes: frozenset[str]
    agencies: frozenset[str]
    stamp_cues: frozenset[str]
    appeal_words: frozenset[str]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    raw = json.loads(
        resources.files(__package__).joinpath("data/furniture.json").read_text("utf-8")
    )
    return Lexicon(
        share_labels=frozenset(raw["share_labels"]),
        link_labels=frozenset(raw["link_labels"]),
        headline_labels=frozenset(raw["labels_introducing_a_headline"]),
        credit_prefixes=frozenset(raw["credit_prefixes"]),
        agencies=credit_names(),
        stamp_cues=frozenset(raw["stamp_cues"]),
        appeal_words=frozenset(raw["appeal_words"]),
    )


def split_lines(text: str) -> list[_Line]:
    lines, pos = [], 0
    for chunk in text.splitlines(keepends=True):
        body = chunk.rstrip("\r\n")
        lines.append(_Line(pos, pos + len(body), body))
        pos += len(chunk)
    return lines


def _continues(line: str, following: str) -> bool:
    """Whether ``following`` carries on the paragraph ``line`` was wrapped from."""
    a, b = line.rstrip(), following.lstrip()
    if not a or not b or a[-1] in _SENTENCE_END or is_link_label(a):
        return False
    if is_url_only(a) and not (b[:1].islower() or b[:1] in ",;.:)"):
        return False
    return b[:1].islower() or b[:1] in "<,;" or bool(_OPEN_END.search(a)) or a.endswith(">")


def units_of(text: str) -> list[Unit]:
    """Lines of ``text``, hard-wrapped paragraphs joined back into one unit each."""
    lines = split_lines(text)
    units: list[Unit] = []
    i = 0
    while i < len(lines):
        if not lines[i].text.strip():
            i += 1
            continue
        j = i
        while (
            j + 1 < len(lines)
            and lines[j + 1].text.strip()
            and _continues(lines[j].text, lines[j + 1].text)
        ):
            j += 1
        joined = " ".join(ln.text.strip() for ln in lines[i : j + 1])
        units.append(Unit(lines[i].start, lines[j].end, i, j, joined))
        i = j + 1
    return units


def label_key(line: str) -> str:
    """A label's words: links (and the "<>" of a blanked one) dropped, lower case."""
    return " ".join(_URL.sub(" ", line).replace("<>", " ").split()).lower().rstrip(":")


def is_url_only(line: str) -> bool:
    return _url_only(line.strip(), label_key(line))


def _url_only(stripped: str, key: str) -> bool:
    """Text that is nothing but links: not blank, yet no words in its :func:`label_key`."""
    return bool(stripped) and key == ""


def _words(line: str) -> list[str]:
    return _WORD.findall(_URL.sub(" ", line))


def date_share(line: str) -> float:
    """Share of the line's words that are dates, clock times or time zones."""
    return _date_share(_words(line))


def _date_share(words: list[str]) -> float:
    if not words:
        return 0.0
    return sum(map(_is_datey, words)) / len(words)


@lru_cache(maxsize=65536)
def _is_datey(word: str) -> bool:
    """A month, weekday, number, clock time, am/pm or time zone (cached: words repeat)."""
    low = word.lower().rstrip(".")
    return bool(
        low in _MONTHS
        or low in _WEEKDAYS
        or low.isdigit()
        or _DAY_OR_CLOCK.fullmatch(low)
        or low in ("am", "pm", "a", "p", "m")
        or low in _TIMEZONES
    )


def has_full_date(line: str) -> bool:
    return bool(FULL_DATE.search(line))


def is_credit(line: str) -> bool:
    """A photo credit shape: "Photograph: X/Agency", "(X/PA)", "Image copyright AGENCY"."""
    lex = lexicon()
    s = line.strip()
    for m in _CREDIT.finditer(s):
        if m.group(1).lower() in lex.credit_prefixes:
            return True
    words = s.lower().split()
    if len(words) >= 2 and words[0] in lex.credit_prefixes and words[1] in ("copyright", "credit"):
        return True
    paren = _PAREN.match(s)
    if paren:
        inner = paren.group(1).strip().lower()
        parts = [p.strip() for p in inner.split("/")]
        return "/" in inner or inner in lex.agencies or parts[-1] in lex.agencies
    return False


def is_link_label(line: str) -> bool:
    return _is_link_key(label_key(line))


def _is_link_key(key: str) -> bool:
    """A share button's or link's label, given the line's :func:`label_key`."""
    lex = lexicon()
    return key in lex.share_labels or key in lex.link_labels


FEATURES = (
    "log_words",
    "few_words",
    "ends_sentence",
    "ends_exclamation_or_question",
    "ends_colon",
    "title_case_share",
    "upper_share",
    "stop_share",
    "top_three",
    "last_three",
    "date_share",
    "full_date",
    "date_share_below_top",
    "full_date_below_top",
    "clock_time",
    "stamp_cue",
    "byline",
    "credit",
    "link_label",
    "headline_label_next",
    "credit_next",
    "post_header",
    "appeal",
    "date_only_before",
    "title_shape",
    "after_url",
    "short_no_end",
    "copyright",
    "self_reference",
    "near_post_header",
    "dash_end",
)


def ends_statement(text: str) -> bool:
    """Ends as a statement does: a full stop, maybe inside closing quotes or brackets.

    A clock time's "p.m." at the end of a time stamp is no full stop.
    """
    if _CLOCK_END.search(text):
        return False
    return text.rstrip().rstrip(_CLOSERS)[-1:] in (".", "…")


def _stamp_like(label: str, share: float, full_date: bool) -> bool:
    """A date or time stamp: mostly dates and times, or led by a publishing cue with a
    full date (the line's label key, date share and whether it has a full date)."""
    words = label.split()
    cues = lexicon().stamp_cues
    led_by_cue = bool(words) and (words[0] in cues or " ".join(words[:2]) in cues)
    return share >= 0.6 or (led_by_cue and full_date)


def _first_text_unit(url_only: list[bool], stamp_like: list[bool]) -> int:
    """Index of the first unit that is neither a link nor a date or time stamp."""
    for k in range(min(6, len(url_only))):
        if not url_only[k] and not stamp_like[k]:
            return k
    return -1


@dataclass(frozen=True)
class _Page:
    """What the features of a unit read of it and of its neighbours, computed once per
    unit of the page, not once for the unit and again for each neighbour."""

    units: list[Unit]
    text: list[str]  # each unit's text, stripped
    words: list[list[str]]  # :func:`_words`
    label: list[str]  # :func:`label_key`
    share: list[float]  # :func:`date_share`
    full_date: list[bool]  # :func:`has_full_date`
    credit: list[bool]  # :func:`is_credit`
    url_only: list[bool]
    stamp_like: list[bool]
    first_text: int  # :func:`_first_text_unit`


def _page(units: list[Unit]) -> _Page:
    text = [u.text.strip() for u in units]
    words = [_words(t) for t in text]
    label = [label_key(t) for t in text]
    share = [_date_share(w) for w in words]
    full_date = [has_full_date(t) for t in text]
    url_only = [_url_only(t, key) for t, key in zip(text, label, strict=True)]
    stamp_like = [_stamp_like(*f) for f in zip(label, share, full_date, strict=True)]
    return _Page(
        units, text, words, label, share, full_date, [is_credit(t) for t in text],
        url_only, stamp_like, _first_text_unit(url_only, stamp_like),
    )  # fmt: skip


def _unit_features(page: _Page, k: int) -> dict[str, float]:
    lex = lexicon()
    units = page.units
    text = page.text[k]
    words = page.words[k]
    n = len(words)
    alpha = [w for w in words if w[:1].isalpha()]
    content = [w for w in alpha if w.lower() not in STOP_WORDS]
    label = page.label[k]
    first_word = label.split(" ", 1)[0] if text else ""
    first_two = " ".join(label.split()[:2])
    share = page.share[k]
    full_date = page.full_date[k]
    # A caption sits right above its credit, a related headline right above its
    # "Read more": the next unit counts only with no blank line in between.
    adjacent = k + 1 < len(units) and units[k + 1].first_line == units[k].last_line + 1
    next_label = page.label[k + 1] if adjacent else ""
    appeal_hits = sum(1 for w in alpha if w.lower() in lex.appeal_words)
    return {
        "log_words": math.log1p(n),
        "few_words": float(n <= 3),
        "ends_sentence": float(ends_statement(text)),
        "ends_exclamation_or_question": float(text.rstrip(_CLOSERS)[-1:] in ("!", "?")),
        "ends_colon": float(text.endswith(":")),
        "title_case_share": (
            sum(1 for w in content if w[:1].isupper()) / len(content) if content else 0.0
        ),
        "upper_share": (
            sum(1 for w in alpha if w.isupper() and len(w) > 1) / len(alpha) if alpha else 0.0
        ),
        "stop_share": (sum(1 for w in alpha if w.lower() in STOP_WORDS) / n if n else 0.0),
        # Position counts only on a page long enough to have a top and a bottom.
        "top_three": float(k <= 2 and len(units) > 6),
        "last_three": float(k >= len(units) - 3 and k > 2 and len(units) > 6),
        # A date line at the top stamps the page; one further down may be the date of
        # an embedded post or a letter the article quotes.
        "date_share": share,
        "full_date": float(full_date),
        "date_share_below_top": share if k > 3 else 0.0,
        "full_date_below_top": float(k > 3 and full_date),
        "clock_time": float(bool(_CLOCK.search(text))),
        "stamp_cue": float(first_word in lex.stamp_cues or first_two in lex.stamp_cues),
        "byline": float(bool(_BYLINE.match(text) or (_NAME_FOR.match(text) and n <= 8))),
        "credit": float(page.credit[k]),
        "link_label": float(_is_link_key(label)),
        "headline_label_next": float(next_label in lex.headline_labels),
        "credit_next": float(adjacent and page.credit[k + 1]),
        "post_header": float(bool(_POST_HEADER.search(text))),
        "appeal": min(appeal_hits, 3) / 3,
        "date_only_before": float(k > 0 and page.stamp_like[k - 1]),
        # Interactions a linear model cannot form itself: a title is a line at the top
        # that does not end a sentence; a label is a short one.
        "title_shape": float(
            k == page.first_text
            and units[k].first_line == units[k].last_line
            and n <= 18
            and not ends_statement(text)
        ),
        "short_no_end": float(n <= 8 and not ends_statement(text)),
        "after_url": float(k > 0 and page.url_only[k - 1]),
        "copyright": float(bool(_COPYRIGHT.search(text))),
        "self_reference": float(bool(_SELF_REFERENCE.search(text))),
        # The text and date under an embedded post's header belong to the post.
        "near_post_header": float(
            any(_POST_HEADER.search(units[j].text) for j in range(max(0, k - 2), k))
        ),
        "dash_end": float(text.endswith(("-", "–", "—"))),
    }


def feature_rows(text: str) -> tuple[tuple[Unit, ...], tuple[tuple[float, ...], ...]]:
    """The units of ``text`` and, for each, its feature vector in :data:`FEATURES` order.

    The cleaner and the metadata both read them for every article, a batch of
    articles apart: they are computed once (kept for the last few hundred texts)
    and come as tuples, which no reader can change under the other.
    """
    return _feature_rows(text)


@lru_cache(maxsize=256)
def _feature_rows(text: str) -> tuple[tuple[Unit, ...], tuple[tuple[float, ...], ...]]:
    units = units_of(text)
    page = _page(units)
    rows = []
    for k in range(len(units)):
        values = _unit_features(page, k)
        rows.append(tuple(values[name] for name in FEATURES))
    return tuple(units), tuple(rows)
