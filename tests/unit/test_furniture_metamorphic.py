"""Metamorphic: adding page furniture to an article changes none of its mentions."""

from __future__ import annotations

import datetime

import pytest

from extractors.article import extract_text

_ARTICLE = [
    "Rail fares will rise by an average of 3.1% in January, the industry body said on Friday.",
    "The increase is the smallest in four years, according to the Rail Delivery Group.",
    "Passenger groups said some season tickets would cost more than £5,000 for the first time.",
    "The transport secretary, Helen Marsh, said the money would pay for 40 new trains.",
]
_PUBLISHED = datetime.date(2016, 11, 25)


def _mentions(text: str) -> list[tuple]:
    """Every mention as (kind, surface, value), offsets left out: they shift."""
    _, extraction = extract_text(text, _PUBLISHED)
    return sorted(
        [("figure", m.text, m.value, m.unit) for m in extraction.figures]
        + [("entity", m.text, m.canonical, m.label) for m in extraction.entities]
        + [("date", m.text, m.value, m.granularity) for m in extraction.dates]
    )


@pytest.mark.parametrize(
    ("where", "lines"),
    [
        (0, ["Written by Tomasz Okafor"]),
        (0, ["Priya Halvorsen for The Midland Courier", "Nov 25, 2016 00:01 GMT"]),
        (2, ["Commuters wait on a platform at Leeds station on Thursday morning",
             "Photograph: Jane Doe/Reuters"]),
        (2, ["Commuters wait on a platform at Leeds station", "(Jane Doe/PA)"]),
        (4, ["This article is more than 3 years old", "Support our journalism: subscribe today"]),
        (1, ["Bus fares frozen for 2017 in three cities", "Read more"]),
    ],
)  # fmt: skip
def test_furniture_lines_change_no_mention(where, lines):
    plain = "\n".join(_ARTICLE) + "\n"
    dressed = "\n".join(_ARTICLE[:where] + lines + _ARTICLE[where:]) + "\n"
    assert _mentions(plain)  # the article states figures, people and dates
    assert _mentions(dressed) == _mentions(plain)
