"""Date mentions normalised to ISO partial values, relative ones resolved as a reader would.

A date expression is found by a small grammar of patterns (explicit dates in UK and
US order, numeric dates, weekdays, "yesterday", "last week", "February next year",
"three years ago", decades, bare years after a preposition) and, for what the grammar
does not cover, by spaCy's DATE entities when they hold a calendar anchor (a month,
a weekday or a year). Durations ("96 days", "three months", "17 days later"), ages
("10-year-old"), frequencies ("quarterly") and vague spans ("weeks") are not dates
and are left to the figures extractor.

Values are ISO partials: ``2016-11-25`` (day), ``2016-W47`` (week), ``2016-11``
(month), ``2016-Q3`` (quarter), ``2016`` (year), ``199`` (decade, as TIMEX3 writes
the 1990s). Relative expressions are resolved against the publication date:

- a bare weekday ("on Friday") is the most recent such day on or before publication,
  or the next one on or after it when the governing verb is future ("will ... on
  Friday"); "last Friday" is strictly before, "next Friday" strictly after;
- a month or day without a year ("in March", "25 November") takes the year that puts
  it on the side of publication the tense says (past: before, future: after) or, with
  no tense, the nearest one;
- "this/last/next week|month|quarter|year" shift from the publication date's period;
  "the new year" is the coming year when said in the second half of a year; "the end
  of the year" is the current year, "a fortnight ago" two weeks back;
- "the first quarter" (no year) and "last summer", "in the spring" (TIMEX3 season
  codes ``2019-SU``, granularity ``season``; a season belongs to the year it starts
  in) take the year the tense says, like a month without a year;
- "the following day", "the previous year" shift from the latest date stated before
  them in the article (kept with ``value=None`` and a reason when there is none).

Explicit dates are parsed with dateparser (DMY or MDY order from ``day_first``, which
by default is read from the article's own dates: "5/17/2018" or "November 25, 2016"
make it month first).
A relative expression with no publication date is kept with ``value=None`` and a
``reason``, never guessed.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import dateparser
from spacy.tokens import Doc, Token

from .nlp import sentence_index_at, sentences_of
from .proper_names import in_proper_name
from .records import CleanedText, DateMention
from .spans import without_overlaps

VERSION = "dates-4"  # dates-4: a month word inside a proper name is not a date

NO_PUBLICATION_DATE = "relative date and no publication date"


@lru_cache(maxsize=1)
def _vocab() -> dict[str, Any]:
    raw = resources.files(__package__).joinpath("data/dates_vocabulary.json").read_text("utf-8")
    return json.loads(raw)


def season_start_months() -> dict[str, int]:
    """TIMEX3 season code → the month the season starts in ("WI" → 12)."""
    return dict(_vocab()["season_start_month"])


def _alternation(words: list[str]) -> str:
    """Regex alternation, longest first so "Sept" wins over "Sep"."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _title(words: list[str]) -> list[str]:
    return [w[:1].upper() + w[1:] for w in words]


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    kind: str
    groups: dict[str, str | None]


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The date grammar, built from the vocabulary; order only matters for ties."""
    v = _vocab()
    months_all = _title(list(v["months"]))
    months_full = _title([m for m, n in v["months"].items() if len(m) > 3 or m == "may"])
    # Month names are matched capitalised only: "may" and "march" are also verbs.
    m_any = rf"(?P<month>{_alternation(months_all)})\.?"
    m_full = rf"(?P<month>{_alternation(months_full)})"
    wd = rf"(?P<wd>{_alternation(_title(list(v['weekdays'])))})"
    day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
    year = r"(?P<year>(?:1[6-9]|20)\d{2})"
    wd_prefix = rf"(?:{wd},?\s+(?:the\s+)?)?"
    numbers = _alternation(list(v["number_words"]))
    shifts = _alternation(list(v["period_shifts"]))
    day_words = _alternation(list(v["day_offsets"]))
    holidays = _alternation(list(v["holidays"])).replace("'", "['’]")
    seasons = _alternation(list(v["seasons"]))
    ordinals = _alternation([q for q in v["quarter_ordinals"] if q != "last"])
    parts = _alternation(list(v["period_parts"]))
    week_units = _alternation(list(v["unit_weeks"]))
    anaphoric_shifts = _alternation([k for k in v["anaphoric_shifts"] if k != "next"])
    anaphoric_units = _alternation(list(v["anaphoric_units"]))
    not_number_after = r"(?![\d%£$€]|\.\d|:\d|,?\s+\d{1,4}\b)"
    patterns = [
        ("dmy", rf"\b{wd_prefix}{day}\s+(?:of\s+)?{m_any},?\s+{year}\b"),
        ("mdy", rf"\b{wd_prefix}{m_any}\s+{day},?\s+{year}\b"),
        ("dm", rf"\b{wd_prefix}{day}\s+(?:of\s+)?{m_any}\b{not_number_after}"),
        ("md", rf"\b{wd_prefix}{m_any}\s+{day}\b{not_number_after}"),
        ("my", rf"\b{m_any},?\s+{year}\b(?![-/–]\d)"),
        ("month_rel", rf"\b{m_full}\s+(?P<rel>next|last|this)\s+year\b"),
        # "next April": the first April after publication, whatever the tense says.
        ("rel_month", rf"\b(?P<rel>[Nn]ext|[Ll]ast|[Tt]his)\s+{m_full}\b(?!\s+\d)"),
        ("iso", r"\b(?P<year>\d{4})-(?P<mon>[01]\d)-(?P<day>[0-3]\d)\b"),
        ("numeric", r"\b(?P<a>[0-3]?\d)(?P<sep>[/.])(?P<b>[0-3]?\d)(?P=sep)(?P<y>\d{4}|\d{2})\b"),
        (
            "weekday",
            rf"\b(?:(?P<rel>[Ll]ast|[Nn]ext|[Tt]his)\s+)?{wd}"
            r"(?:\s+(?:morning|afternoon|evening|night|lunchtime))?\b",
        ),
        ("day_word", rf"(?i:\b(?P<word>{day_words})\b)"),
        (
            "period",
            rf"(?i:\b(?P<rel>{shifts})\s+(?P<unit>week|month|quarter|year)\b)(?![-‑]\w)",
        ),
        ("new_year", r"\b(?:the\s+)?[Nn]ew\s+[Yy]ear\b(?!['’]s|\s+(?:[Hh]onours|[Ee]ve|[Dd]ay))"),
        (
            "ago",
            rf"(?i:\b(?P<n>\d+|{numbers})\s+(?P<unit>day|week|month|year|decade)s?\s+ago\b)",
        ),
        ("decade", r"\b(?:the\s+)?(?P<decade>(?:1[6-9]|20)\d)0['’]?s\b"),
        (
            "quarter_year",
            rf"(?i:\b(?:the\s+)?(?P<q>{_alternation(list(v['quarter_ordinals']))})\s+quarter"
            rf"\s+(?:of\s+)?){year}\b",
        ),
        ("quarter_year", rf"\bQ(?P<qn>[1-4])\s+{year}\b"),
        # "the first quarter": of the year the tense says ("of 2016" is quarter_year).
        ("quarter", rf"(?i:\b(?:the\s+)?(?P<q>{ordinals})\s+quarter\b)(?!\s*\d)"),
        ("season_year", rf"(?i:\b(?:the\s+)?(?P<season>{seasons})\s+(?:of\s+)?){year}\b"),
        (
            "season",
            rf"\b(?:(?P<rel>[Ll]ast|[Nn]ext|[Tt]his|[Tt]he)\s+)(?:(?:early|late)\s+)?"
            rf"(?P<season>{seasons})\b(?!\s+(?:of\s+)?\d)",
        ),
        # "in spring": the preposition is context, not part of the expression.
        (
            "season",
            rf"\b(?:in|during|by|until|since|over|through|throughout)\s+"
            rf"(?P<span>(?:(?:early|late)\s+)?(?P<season>{seasons}))\b(?!\s+(?:of\s+)?\d)",
        ),
        (
            "period_part",
            rf"(?i:\b(?:the\s+)?(?:{parts})\s+of\s+(?:the|this)\s+(?P<unit>week|month|year)\b)",
        ),
        (
            "ago",
            rf"(?i:\b(?P<n>\d+|{numbers})\s+(?P<unit>{week_units})s?\s+ago\b)",
        ),
        ("holiday", rf"(?i:\b(?P<holiday>{holidays})\b)"),
        (
            "anaphor",
            rf"(?i:\bthe\s+(?P<rel>{anaphoric_shifts})\s+(?P<unit>{anaphoric_units})\b)",
        ),
        ("anaphor", r"(?i:\bthe\s+(?P<rel>next)\s+(?P<unit>day|morning)\b)"),
        ("year", rf"\b{year}\b(?!\s*[-/–]\s*\d|%|\.\d|,\d|-year|\s+years?\b)"),
        ("month", rf"\b{m_full}\b(?!\s+\d)"),
    ]
    return tuple((name, re.compile(p)) for name, p in patterns)


def _grammar_candidates(text: str) -> list[_Candidate]:
    found = [
        _Candidate(*m.span("span" if m.groupdict().get("span") else 0), name, m.groupdict())
        for name, pattern in _patterns()
        for m in pattern.finditer(text)
    ]
    # The longest of overlapping matches wins ("19 July 2017" over "July 2017").
    return without_overlaps(found, prefer="longest")


# --- context from the parse ---------------------------------------------------------


def _tokens_in(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def _previous_word(doc: Doc, start: int) -> Token | None:
    tokens = _tokens_in(doc, start, start + 1)
    if not tokens or tokens[0].i == 0:
        return None
    i = tokens[0].i - 1
    while i >= 0 and (doc[i].is_space or doc[i].text in "-‑–"):
        i -= 1
    return doc[i] if i >= 0 else None


def _next_word(doc: Doc, end: int) -> Token | None:
    tokens = _tokens_in(doc, end - 1, end)
    if not tokens:
        return None
    i = tokens[-1].i + 1
    while i < len(doc) and doc[i].is_space:
        i += 1
    return doc[i] if i < len(doc) else None


def _starts_sentence(doc: Doc, start: int) -> bool:
    tokens = _tokens_in(doc, start, start + 1)
    if not tokens:
        return True
    prev = _previous_word(doc, start)
    return bool(
        tokens[0].is_sent_start or prev is None or prev.is_quote or prev.text in {":", "(", "—"}
    )


def tense_at(doc: Doc, start: int, end: int) -> str | None:
    """ "future", "past", "present" or None, from the verb that governs the expression.

    Walks up the dependency heads from the expression to the first verb and reads
    its auxiliaries: "will"/"shall" (or "due to", "expected to" ...) make it future,
    a past-tense verb or a perfect makes it past, a simple present ("the match is
    on Saturday", "he appears in court on Monday") makes it present.
    """
    v = _vocab()
    tokens = _tokens_in(doc, start, end)
    if not tokens:
        return None
    token = tokens[0]
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX") or token.lemma_ in v["future_heads"]:
            aux = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
            if any(a.lower_ in v["future_auxiliaries"] for a in aux):
                return "future"
            if token.lemma_ in v["future_heads"] and any(c.lower_ == "to" for c in token.subtree):
                return "future"
            if token.tag_ == "VBD" or any(a.tag_ == "VBD" for a in aux):
                return "past"
            if token.tag_ == "VBN" and any(a.lemma_ == "have" for a in aux):
                return "past"
            if token.tag_ in ("VBZ", "VBP") and token.pos_ == "VERB":
                return None if token.lemma_ in v["reporting_verbs"] else "present"
        if token.head.i == token.i:  # the root (Token objects are not reused: no "is")
            return "present" if token.tag_ in ("VBZ", "VBP") else None
        token = token.head
    return None


# --- normalisation --------------------------------------------------------------------


@dataclass(frozen=True)
class _Resolved:
    value: str | None
    granularity: str | None
    reason: str | None = None


def _iso_week(day: datetime.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _shift_month(year: int, month: int, shift: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + shift
    return index // 12, index % 12 + 1


def _quarter(year: int, month: int, shift: int) -> str:
    index = year * 4 + (month - 1) // 3 + shift
    return f"{index // 4}-Q{index % 4 + 1}"


def _choose_year(
    month: int, day: int | None, published: datetime.date, tense: str | None
) -> int | None:
    """Year for a month (and day) stated without one, on the side the tense says."""
    options = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            # a day of 0 is no date ("May 0"), not a month without its day
            when = datetime.date(year, month, 1 if day is None else day)
        except ValueError:
            continue
        reference = published if day is not None else published.replace(day=1)
        options.append((when, year, reference))
    if not options:
        return None
    if tense == "past":
        before = [o for o in options if o[0] <= o[2]]
        return max(before)[1] if before else None
    if tense == "future":
        after = [o for o in options if o[0] >= o[2]]
        return min(after)[1] if after else None
    # No tense: the nearest; a tie goes to the past (news mostly reports).
    return min(options, key=lambda o: (abs((o[0] - o[2]).days), o[0] > o[2]))[1]


def _year_with_weekday(month: int, day: int, weekday: int, published: datetime.date) -> int | None:
    """The year next to publication in which ``day`` ``month`` falls on ``weekday``."""
    for year in sorted(
        range(published.year - 1, published.year + 2), key=lambda y: abs(y - published.year)
    ):
        try:
            if datetime.date(year, month, day).weekday() == weekday:
                return year
        except ValueError:
            return None
    return None


def _weekday_date(
    weekday: int, rel: str | None, published: datetime.date, tense: str | None
) -> datetime.date:
    back = (published.weekday() - weekday) % 7
    forward = (weekday - published.weekday()) % 7
    if rel == "last":
        return published - datetime.timedelta(days=back or 7)
    if rel == "next":
        return published + datetime.timedelta(days=forward or 7)
    if rel == "this":
        monday = published - datetime.timedelta(days=published.weekday())
        return monday + datetime.timedelta(days=weekday)
    if tense in ("future", "present"):
        # News writes coming events in the present: "the match is on Saturday".
        return published + datetime.timedelta(days=forward)
    return published - datetime.timedelta(days=back)


@lru_cache(maxsize=512)
def _dateparse(text: str, day_first: bool) -> datetime.date | None:
    settings = {
        "DATE_ORDER": "DMY" if day_first else "MDY",
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "STRICT_PARSING": False,
        # Explicit dates hold their own year; the base only fills what is missing.
        "RELATIVE_BASE": datetime.datetime(2000, 1, 1),
    }
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    return parsed.date() if parsed else None


def _resolve(
    cand: _Candidate,
    text: str,
    published: datetime.date | None,
    tense: str | None,
    day_first: bool,
) -> _Resolved | None:
    """Normalise one grammar match; None means "not a date after all"."""
    v = _vocab()
    g = cand.groups
    kind = cand.kind
    month = v["months"].get((g.get("month") or "").lower().rstrip("."))

    if kind in ("dmy", "mdy", "my", "iso"):
        year = int(g["year"] or 0)
        if kind == "my":
            return _Resolved(f"{year:04d}-{month:02d}", "month")
        day = int(g["day"] or 0)
        if kind == "iso":
            month = int(g["mon"] or 0)
        explicit = f"{day} {_month_name(month)} {year}"
        parsed = _dateparse(explicit, True) if month else None
        if parsed is None:
            return _Resolved(None, "day", "not a valid calendar date")
        return _Resolved(parsed.isoformat(), "day")

    if kind == "numeric":
        a, b, y = int(g["a"] or 0), int(g["b"] or 0), g["y"] or ""
        if len(y) == 2:
            y = ("20" if int(y) < 50 else "19") + y
        if a > 12 and b > 12:
            return None
        # A part above 12 can only be the day; otherwise the outlet's order decides.
        read_day_first = a > 12 or (day_first and b <= 12)
        parsed = _dateparse(f"{a}/{b}/{y}", read_day_first)
        if parsed is None:
            return None
        return _Resolved(parsed.isoformat(), "day")

    if kind == "quarter_year":
        quarter = int(g["qn"]) if g.get("qn") else v["quarter_ordinals"][(g["q"] or "").lower()]
        return _Resolved(f"{g['year']}-Q{quarter}", "quarter")
    if kind == "season_year":
        code = v["seasons"][(g["season"] or "").lower()]
        return _Resolved(f"{g['year']}-{code}", "season")
    if kind == "decade":
        return _Resolved(g["decade"], "decade")
    if kind == "year":
        return _Resolved(g["year"], "year")

    if kind == "anaphor":
        # Resolved against the previous date in extract_dates, not here.
        return None

    # Everything below is relative to the publication date.
    granularity = _relative_granularity(cand)
    if published is None:
        return _Resolved(None, granularity, NO_PUBLICATION_DATE)

    if kind in ("dm", "md"):
        day = int(g["day"] or 0)
        year = _choose_year(month or 0, day, published, tense)
        if g.get("wd"):
            # "Monday, May 13": the weekday names the year.
            year = _year_with_weekday(month or 0, day, v["weekdays"][g["wd"].lower()], published)
            year = year or _choose_year(month or 0, day, published, tense)
        if year is None:
            return _Resolved(None, "day", "not a valid calendar date")
        return _Resolved(datetime.date(year, month or 0, day).isoformat(), "day")
    if kind == "holiday":
        key = " ".join((g["holiday"] or "").lower().replace("’", "'").split())
        month, day = v["holidays"][key]
        year = _choose_year(month, day, published, tense)
        return _Resolved(datetime.date(year or published.year, month, day).isoformat(), "day")
    if kind == "month":
        year = _choose_year(month or 0, None, published, tense)
        return _Resolved(f"{year:04d}-{month:02d}", "month")
    if kind == "month_rel":
        shift = {"next": 1, "last": -1, "this": 0}[(g["rel"] or "this").lower()]
        return _Resolved(f"{published.year + shift:04d}-{month:02d}", "month")
    if kind == "rel_month":
        rel = (g["rel"] or "this").lower()
        year = published.year
        if rel == "next" and (month or 0) <= published.month:
            year += 1  # published in May: "next April" is next year's, "next June" this year's
        elif rel == "last" and (month or 0) >= published.month:
            year -= 1
        return _Resolved(f"{year:04d}-{month:02d}", "month")
    if kind == "weekday":
        weekday = v["weekdays"][(g["wd"] or "").lower()]
        rel = (g.get("rel") or "").lower() or None
        return _Resolved(_weekday_date(weekday, rel, published, tense).isoformat(), "day")
    if kind == "day_word":
        offset = v["day_offsets"][" ".join((g["word"] or "").lower().split())]
        return _Resolved((published + datetime.timedelta(days=offset)).isoformat(), "day")
    if kind == "period":
        shift = v["period_shifts"][" ".join((g["rel"] or "").lower().split())]
        return _period(published, (g["unit"] or "").lower(), shift)
    if kind == "new_year":
        return _Resolved(str(published.year + (1 if published.month >= 7 else 0)), "year")
    if kind == "quarter":
        quarter = v["quarter_ordinals"][(g["q"] or "").lower()]
        year = _choose_year(3 * quarter - 2, None, published, tense)
        return _Resolved(f"{year or published.year}-Q{quarter}", "quarter")
    if kind == "season":
        return _season(published, (g["season"] or "").lower(), (g.get("rel") or "").lower(), tense)
    if kind == "period_part":
        return _period(published, (g["unit"] or "").lower(), 0)
    if kind == "ago":
        word = (g["n"] or "").lower()
        count = int(word) if word.isdigit() else v["number_words"][word]
        unit = (g["unit"] or "").lower()
        if unit in v["unit_weeks"]:
            count, unit = count * v["unit_weeks"][unit], "week"
        if unit == "day":
            return _Resolved((published - datetime.timedelta(days=count)).isoformat(), "day")
        if unit == "decade":
            return _Resolved(str(published.year - 10 * count)[:3], "decade")
        return _period(published, unit, -count)
    return None


def _month_name(month: int) -> str:
    return datetime.date(2000, month, 1).strftime("%B") if 1 <= month <= 12 else ""


def _season(published: datetime.date, name: str, rel: str, tense: str | None) -> _Resolved:
    """ "last summer", "this winter", "in the spring" as a TIMEX3 season (``2019-SU``).

    A season belongs to the year it starts in (winter starts in December). "last" is
    the latest such season before the current one, "next" the first after it; a bare
    "the summer" is on the side the tense says, else the current year's.
    """
    v = _vocab()
    code = v["seasons"][name]
    order = v["season_order"]
    month = published.month
    # The season the publication date falls in, and the year that season started in.
    starts = v["season_start_month"]
    current_code = max((m, c) for c, m in starts.items() if m <= month)[1] if month >= 3 else "WI"
    current_year = published.year - (1 if month < 3 else 0)
    here, there = order[current_code], order[code]
    same_allowed = rel not in ("last", "next")  # "last summer" is never this one
    if rel == "last" or (rel not in ("this", "next") and tense == "past"):
        earlier = there < here or (there == here and same_allowed)
        year = current_year if earlier else current_year - 1
    elif rel == "next" or tense == "future":
        later = there > here or (there == here and same_allowed)
        year = current_year if later else current_year + 1
    else:
        year = current_year
    return _Resolved(f"{year:04d}-{code}", "season")


def _relative_granularity(cand: _Candidate) -> str | None:
    g = cand.groups
    if cand.kind in ("dm", "md", "weekday", "day_word", "holiday"):
        return "day"
    if cand.kind in ("month", "month_rel", "rel_month"):
        return "month"
    if cand.kind == "new_year":
        return "year"
    if cand.kind == "quarter":
        return "quarter"
    if cand.kind == "anaphor":
        return _vocab()["anaphoric_units"][(g.get("unit") or "").lower()]
    if cand.kind == "season":
        return "season"
    unit = (g.get("unit") or "").lower()
    if unit in _vocab()["unit_weeks"]:
        return "week"
    return {"week": "week", "month": "month", "quarter": "quarter", "year": "year"}.get(
        unit, "day" if unit == "day" else ("decade" if unit == "decade" else None)
    )


def _period(published: datetime.date, unit: str, shift: int) -> _Resolved:
    if unit == "week":
        return _Resolved(_iso_week(published + datetime.timedelta(weeks=shift)), "week")
    if unit == "month":
        year, month = _shift_month(published.year, published.month, shift)
        return _Resolved(f"{year:04d}-{month:02d}", "month")
    if unit == "quarter":
        return _Resolved(_quarter(published.year, published.month, shift), "quarter")
    return _Resolved(f"{published.year + shift:04d}", "year")


# --- filters: grammar matches that are not dates in context ---------------------------


def _is_date_in_context(cand: _Candidate, doc: Doc, text: str, date_ents: list[tuple]) -> bool:
    v = _vocab()
    surface = text[cand.start : cand.end]
    prev = _previous_word(doc, cand.start)
    prev_lower = prev.lower_ if prev is not None else ""
    nxt = _next_word(doc, cand.end)
    covered_by_ent = any(s <= cand.start and cand.end <= e for s, e in date_ents)

    if cand.kind in ("weekday", "month", "holiday", "md", "dm") and prev_lower in v["set_words"]:
        # "every Sunday", "each August": a recurrence, not one date.
        return False
    if cand.kind == "season":
        # "the summer holidays", "the winter fuel payment": the season names a thing.
        last = _tokens_in(doc, cand.start, cand.end)[-1:]
        if last and nxt is not None and nxt.pos_ in ("NOUN", "PROPN") and last[0].head == nxt:
            return False
    if cand.kind == "day_word" and surface[:1].isupper() and not _starts_sentence(doc, cand.start):
        # "told Today", "BBC Radio 4's Today programme": a title, not a day.
        return False
    if cand.kind == "anaphor" and prev_lower in v["duration_prepositions"]:
        return False  # "for the following year": a duration
    if cand.kind == "period" and prev_lower == "the":
        # "over the last year", "for the next month": a duration, not a date.
        return False
    if cand.kind == "weekday" and not cand.groups.get("rel"):
        # "Sunday Times", "Black Friday Sale": part of a name when capitalised words
        # follow; a capitalised word before it, not at a sentence start, too.
        if nxt is not None and nxt.is_title and nxt.lower_ not in v["months"]:
            if nxt.ent_type_ in ("ORG", "WORK_OF_ART", "PRODUCT", "EVENT", "FAC"):
                return False
    if cand.kind == "year":
        # "of 2016 cases": a count, not a year; "the 2016 elections" is a year.
        if nxt is not None and nxt.tag_ == "NNS" and prev_lower not in ("the", "this", "its"):
            return False
        return covered_by_ent or prev_lower in v["year_prepositions"]
    if cand.kind == "month":
        if in_proper_name(doc, cand.start, cand.end):
            return False  # "the Women's March", "the March for Our Lives": a name
        if covered_by_ent:
            return True
        return prev_lower in v["month_prepositions"]
    if cand.kind == "md" and (g := cand.groups.get("month")) and g.lower() == "may":
        return covered_by_ent or prev_lower in v["month_prepositions"]
    return True


def _has_anchor(span_text: str) -> bool:
    """A spaCy DATE the grammar missed is kept only with a calendar anchor in it."""
    v = _vocab()
    words = re.findall(r"[A-Za-z]+|\d+", span_text)
    return (
        any(w.lower() in v["months"] and w[:1].isupper() and len(w) > 2 for w in words)
        or any(w.lower() in v["weekdays"] for w in words)
        or any(len(w) == 4 and w.isdigit() for w in words)
    )


NO_ANCHOR = "relative to an earlier date, and none is stated before it"


def _from_anchor(cand: _Candidate, anchor: DateMention | None) -> _Resolved:
    """ "the following day", "the previous year": shifted from the latest date before.

    The anchor must be at least as fine as the unit (a day for "the following
    day"); otherwise the expression is kept with ``value=None`` and a reason.
    """
    v = _vocab()
    unit = v["anaphoric_units"][(cand.groups["unit"] or "").lower()]
    shift = v["anaphoric_shifts"][(cand.groups["rel"] or "").lower()]
    finer = {"day": ("day",), "week": ("day", "week"), "month": ("day", "month")}
    allowed = finer.get(unit, ("day", "week", "month", "quarter", "season", "year"))
    if anchor is None or not anchor.value or anchor.granularity not in allowed:
        return _Resolved(None, unit, NO_ANCHOR)
    year = int(anchor.value[:4])
    if unit == "year":
        return _Resolved(f"{year + shift:04d}", "year")
    fields = anchor.value.split("-")
    if anchor.granularity == "week":
        day = datetime.date.fromisocalendar(year, int(fields[1].lstrip("W")), 1)
    else:
        day = datetime.date(year, int(fields[1]), int(fields[2]) if len(fields) > 2 else 1)
    if unit == "day":
        return _Resolved((day + datetime.timedelta(days=shift)).isoformat(), "day")
    return _period(day, unit, shift)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def infer_day_first(text: str) -> bool:
    """Whether the article writes numeric dates day first, from its own dates.

    A numeric date with a middle part above 12 ("5/17/2018") can only be month
    first, one with a first part above 12 only day first; failing those, the order
    of written dates decides ("November 25, 2016" against "25 November 2016").
    Without evidence, day first (the UK order).
    """
    month_first = day_first = 0
    for name, pattern in _patterns():
        if name not in ("numeric", "dmy", "mdy"):
            continue
        for m in pattern.finditer(text):
            if name == "numeric":
                a, b = int(m.group("a")), int(m.group("b"))
                # Decisive evidence weighs more than a style of writing dates.
                month_first += 10 * (b > 12 >= a)
                day_first += 10 * (a > 12 >= b)
            elif name == "mdy":
                month_first += 1
            else:
                day_first += 1
    return month_first <= day_first


def extract_dates(
    doc: Doc,
    cleaned: CleanedText,
    published: datetime.date | None,
    *,
    day_first: bool | None = None,
) -> list[DateMention]:
    """Date mentions of ``doc`` (parsed from ``cleaned.text``), sorted by start.

    ``published`` anchors relative expressions; without it they come back with
    ``value=None`` and a reason. ``day_first`` reads "05/11/2016" as 5 November;
    ``None`` (the default) takes the order the article's own dates show
    (:func:`infer_day_first`).
    """
    text = cleaned.text
    if day_first is None:
        day_first = infer_day_first(text)
    sentences = sentences_of(doc, cleaned.original)
    date_ents = [_trimmed(text, e.start_char, e.end_char) for e in doc.ents if e.label_ == "DATE"]
    mentions: list[DateMention] = []

    def add(start: int, end: int, resolved: _Resolved) -> None:
        if cleaned.is_furniture(start, end):
            return
        mentions.append(
            DateMention(
                start,
                end,
                cleaned.original[start:end],
                sentence_index_at(sentences, start),
                resolved.value,
                resolved.granularity,
                resolved.reason,
            )
        )

    candidates = _grammar_candidates(text)
    # Spans the grammar has judged (kept or rejected) are not second-guessed below.
    judged = [(c.start, c.end) for c in candidates]
    for cand in candidates:
        if not _is_date_in_context(cand, doc, text, date_ents):
            continue
        if cand.kind == "anaphor":
            anchor = next((m for m in reversed(mentions) if m.value), None)
            add(cand.start, cand.end, _from_anchor(cand, anchor))
            continue
        tense = tense_at(doc, cand.start, cand.end)
        resolved = _resolve(cand, text, published, tense, day_first)
        if resolved is not None:
            add(cand.start, cand.end, resolved)

    # spaCy DATE entities the grammar did not cover: keep those anchored in the
    # calendar, parsed by dateparser; durations and vague spans have no anchor.
    for start, end in date_ents:
        if start >= end or any(s < end and start < e for s, e in judged):
            continue
        surface = text[start:end]
        if not _has_anchor(surface) or re.search(r"\b(?:old|long|later|earlier)\b", surface):
            continue
        add(start, end, _Resolved(None, None, "date expression not normalised"))

    return sorted(mentions, key=lambda m: (m.start, m.end))
