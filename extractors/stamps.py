"""Date stamp lines at the top of a page ("Nov 25, 2016 00:01 GMT", "Published: …").

Page metadata that two readers need: the cleaner blanks these lines as furniture and
the metadata reads the publication date from them, so they are found here, in one
place that neither imports.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from .calendar_words import month_prefixes

_MONTH_NAMES = rf"(?:{'|'.join(stem.title() for stem in month_prefixes())})[a-z]*\.?"
_MONTH_DAY = re.compile(rf"\b{_MONTH_NAMES}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?!\s*[:.]\d)")
_DAY_MONTH = re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_NAMES}(?=[\s,.]|$)")
_ABBREVIATION_DOT = re.compile(r"\b([A-Za-z]{2,4})\.(?=[\s,])")
_UPDATED = re.compile(r"\b(?:updated|modified|edited)\b", re.IGNORECASE)
HEADER_UNITS = 8  # URL, title, stamp lines (and a standfirst) sit in the first few


@lru_cache(maxsize=4096)  # the cleaner and the metadata read the same stamp lines
def parse_date(surface: str, day_first: bool) -> date | None:
    """A full date (day, month and year) in ``surface``, as dateparser reads it.

    dateparser knows the formats ("Nov 25, 2016 00:01 GMT", "2012.08.08 09:01 AM",
    "Published on Friday, 27 September 2013"); abbreviation dots it trips on
    ("Fri., May. 3, 2013") are dropped first, and the day order comes from the caller.
    """
    import dateparser
    from dateparser.search import search_dates

    settings = {
        "REQUIRE_PARTS": ["day", "month", "year"],
        "DATE_ORDER": "DMY" if day_first else "MDY",
        "PREFER_DAY_OF_MONTH": "first",
    }
    for variant in (surface, _ABBREVIATION_DOT.sub(r"\1", surface)):
        try:
            hits = search_dates(variant, languages=["en"], settings=settings)
        except (ValueError, OverflowError):  # dateparser on odd input
            hits = None
        for _, when in hits or []:
            if 1900 <= when.year <= 2100:
                return when.date()
    # A clock time it cannot read ("22.34 BST") can hide the date: parse the date alone.
    from . import line_features

    for match in line_features.FULL_DATE.finditer(surface):
        when = dateparser.parse(match.group(0), languages=["en"], settings=settings)
        if when and 1900 <= when.year <= 2100:
            return when.date()
    return None


_NUMERIC_DATE = re.compile(r"\b(\d{1,2})([/.-])(\d{1,2})\2(\d{2,4})\b")
_US_ZONES = frozenset("et est edt ct cst cdt mt mst mdt pt pst pdt akst akdt hst".split())
_DMY_ZONES = frozenset("gmt bst cet cest eet eest ist aest aedt nzst nzdt".split())


def stamp_day_first(line: str, text: str) -> bool:
    """Whether a numeric date in a stamp line ("05/02/2013") is written day first.

    dateparser reads such a date in one fixed order; the order is the page's, so it
    is taken, in this order, from the stamp's time zone (US zones write month first,
    European and Indian ones day first), a dotted date ("08.07.2012", the European
    style), the way the article itself writes dates with month names ("May 2"
    against "2 May"), and last the article's numeric dates (``dates.infer_day_first``).
    """
    from .dates import infer_day_first

    words = {w.lower() for w in re.findall(r"[A-Za-z]+", line)}
    if words & _US_ZONES:
        return False
    if words & _DMY_ZONES:
        return True
    numeric = _NUMERIC_DATE.search(line)
    if numeric and numeric.group(2) == ".":
        return True
    month_first = len(_MONTH_DAY.findall(text))
    day_first = len(_DAY_MONTH.findall(text))
    if month_first != day_first:
        return day_first > month_first
    return infer_day_first(text)


def header_stamps(text: str, units: list | None = None) -> list[tuple[int, date, str, bool]]:
    """The date stamp lines at the top of the page: (unit index, date, line, says "updated").

    A stamp line is a line of dates and clock times (and no sentence: "He died on
    3 May 2016." is none), or one led by a publishing cue
    ("Published", "Posted on") of at most a dozen words, in which dateparser finds a
    full date. It is page metadata, so the cleaner blanks it as furniture too.
    """
    from . import line_features

    if units is None:
        units = line_features.units_of(text)
    found = []
    for k, unit in enumerate(units[:HEADER_UNITS]):
        line = unit.text.strip()
        if line_features.is_url_only(line):
            continue
        cue = line_features.label_key(line).split(" ", 2)
        led_by_cue = bool({cue[0], " ".join(cue[:2])} & line_features.lexicon().stamp_cues)
        datey = line_features.date_share(line) >= 0.5 and not line_features.ends_statement(line)
        if not any(c.isdigit() for c in line):
            continue  # a full date has a day or a year in figures
        if datey or (led_by_cue and len(line.split()) <= 12):
            when = parse_date(line, stamp_day_first(line, text))
            if when:
                found.append((k, when, line, bool(_UPDATED.search(line))))
    return found
