"""Line labels and gold publication dates of the ECB+ dev documents (benchmarks only).

ECB+ (CC BY 3.0, (c) Agata Cybulska, Piek Vossen and VU University Amsterdam; see the
split's README) documents named ``*ecbplus.txt`` open with the page's URL, then
usually a title line and a date line, then the article, one sentence per line.
``*ecb.txt`` documents are bare wire copy. This module labels those lines for the
furniture classifier and reads the gold publication date off the date line, with a
procedure of its own (``dateparser.search.search_dates`` and a word count), kept
apart from what ``extractors.metadata`` does so that the benchmark does not grade
the extractor with itself.

Split: ECB+ topics are sorted by number and every third one (index 2, 5, 8 ...) is
held apart: the classifier is fitted on the others and reported on those.
"""

from __future__ import annotations

import csv
import datetime
import os
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ECB = Path(os.environ.get("NEWSFACTS_ECBPLUS", ROOT.parent / "shared" / "ecbplus-dev"))
HEADER_LINES = 6  # the URL, title and date lines sit within the first six lines
_CUES = {
    "published", "updated", "posted", "created", "story", "first", "originally", "last",
    "release", "found", "on", "at", "by", "edited", "time", "modified", "pm", "am", "et",
}  # fmt: skip


@dataclass(frozen=True)
class Doc:
    name: str
    topic: int
    text: str

    @property
    def plus(self) -> bool:
        return self.name.endswith("ecbplus.txt")


def available() -> bool:
    return (ECB / "manifest.csv").exists()


def documents() -> list[Doc]:
    with open(ECB / "manifest.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [
        Doc(r["file"], int(r["topic"]), (ECB / "texts" / r["file"]).read_text("utf-8"))
        for r in rows
    ]


def held_apart_topics(docs: list[Doc]) -> set[int]:
    topics = sorted({d.topic for d in docs})
    return {t for i, t in enumerate(topics) if i % 3 == 2}


def _date_hits(line: str) -> list[tuple[str, datetime.datetime]]:
    from dateparser.search import search_dates

    settings = {"REQUIRE_PARTS": ["day", "month", "year"]}
    for variant in (line, re.sub(r"\b([A-Za-z]{2,4})\.", r"\1", line)):
        hits = search_dates(variant, languages=["en"], settings=settings)
        # Only dates written out: "today" parses too, as the day the code runs.
        hits = [(surface, when) for surface, when in hits or [] if re.search(r"\d", surface)]
        if hits:
            return hits
    return []


def _is_stamp(line: str) -> bool:
    """A line that is a date or time stamp: at most two words besides dates and cues."""
    rest = line
    hits = _date_hits(line)
    if not hits and not re.search(r"\d{1,2}[:.]\d{2}", line):
        return False
    for surface, _ in hits:
        rest = rest.replace(surface, " ")
    rest = re.sub(r"\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?|[ap])?|\b[A-Z]{2,4}\b|\(.*?\)", " ", rest)
    words = [w for w in re.findall(r"[A-Za-z]+", rest) if w.lower() not in _CUES]
    return len(words) <= 2


def _reads_as_sentence(line: str) -> bool:
    return len(line.split()) > 12 and line.rstrip()[-1:] in ".!?"


_NUMERIC = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}\b")


def ambiguous_numeric(surface: str) -> bool:
    """A numeric date whose day and month could be swapped ("05/02/2013")."""
    m = _NUMERIC.search(surface)
    return bool(m) and int(m.group(1)) <= 12 and int(m.group(2)) <= 12 and m.group(1) != m.group(2)


def gold_date_line(doc: Doc) -> tuple[int, datetime.date] | None:
    """(line index, date) of the first stamp line carrying a full date, if any.

    A date line whose date is numeric with day and month interchangeable
    ("05/02/2013") is no gold: which is which depends on the outlet's country,
    which the line does not say (see :func:`ambiguous_date_lines`).
    """
    found = _date_line(doc)
    if found is None or ambiguous_numeric(found[2]):
        return None
    return found[0], found[1]


def ambiguous_date_lines(doc: Doc) -> tuple[int, str] | None:
    """(line index, text) of a date line whose numeric date has no settled order."""
    found = _date_line(doc)
    if found is None or not ambiguous_numeric(found[2]):
        return None
    return found[0], found[2]


def _date_line(doc: Doc) -> tuple[int, datetime.date, str] | None:
    if not doc.plus:
        return None
    lines = doc.text.splitlines()
    for i, line in enumerate(lines[1:HEADER_LINES], start=1):
        hits = _date_hits(line)
        if hits and _is_stamp(line):
            return i, hits[0][1].date(), line
    return None


def line_labels(doc: Doc) -> list[int | None]:
    """Per line: 1 furniture (URL, title, stamp lines), 0 article, None not labelled.

    Lines between the title and the last stamp line of the header (a standfirst,
    a subtitle) are left unlabelled: whether they belong to the article is a matter
    of taste the gold does not settle.
    """
    lines = doc.text.splitlines()
    labels: list[int | None] = [0] * len(lines)
    if not lines:
        return labels
    if not doc.plus:
        # Wire copy often opens with its title: a first line that is no sentence.
        first = lines[0].rstrip()
        if first[-1:] not in ".!?\"'”’" and len(first.split()) <= 20:
            labels[0] = 1
        elif len(first.split()) < 10:
            labels[0] = None
        return labels
    labels[0] = 1  # the URL
    stamps = [i for i in range(1, min(HEADER_LINES, len(lines))) if _is_stamp(lines[i])]
    title = next((i for i in range(1, min(4, len(lines))) if i not in stamps), None)
    if title is not None and _reads_as_sentence(lines[title]):
        title = None  # a blog's first paragraph, not a title
    last = max([*stamps, title or 1])
    for i in range(1, last + 1):
        labels[i] = 1 if i in stamps or i == title else None
    return labels
