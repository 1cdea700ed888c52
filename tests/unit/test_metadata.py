"""Metadata from the page itself: URL, outlet, headline and publication date, with evidence."""

from __future__ import annotations

import datetime

import pytest

from extractors.article import extract_text
from extractors.metadata import date_from_url, infer_metadata
from extractors.records import Evidence
from extractors.stamps import stamp_day_first

_BODY = (
    "The harbour board met on Tuesday and approved a plan to dredge the river mouth.\n"
    "The work will cost £4m and take nine months, the board said.\n"
    "Fishing crews said the silt had made the channel unsafe at low tide.\n"
)


def _evidence(meta, field):
    return next(e for e in meta.evidence if e.field == field)


def test_url_line_gives_url_outlet_and_date():
    page = "https://www.theguardian.com/uk-news/2016/nov/25/harbour-dredging\n" + _BODY
    meta = infer_metadata(page)
    assert meta.url.startswith("https://www.theguardian.com/")
    assert meta.outlet == "The Guardian"
    assert _evidence(meta, "outlet").source == "url_domain"
    assert meta.published == "2016-11-25"
    assert _evidence(meta, "published").source == "url_date"


def test_an_unknown_domain_names_the_outlet_with_lower_confidence():
    meta = infer_metadata("http://www.riverside-echo.example/news/4411.html\n" + _BODY)
    assert meta.outlet == "riverside-echo.example"
    assert _evidence(meta, "outlet").confidence < 0.9


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://example.com/2016/11/25/story", datetime.date(2016, 11, 25)),
        ("http://example.com/uk/2016/nov/25/story", datetime.date(2016, 11, 25)),
        ("http://example.com/new-york/20130914/queens/story", datetime.date(2013, 9, 14)),
        ("http://example.com/2012-08-07/fire-crews_33105272", datetime.date(2012, 8, 7)),
        ("http://example.com/story/11765-harbour", None),
        ("http://example.com/2013/08/only-a-month.html", None),
    ],
)
def test_date_patterns_in_urls(url, expected):
    assert date_from_url(url) == expected


def test_title_line_gives_the_headline():
    page = "http://www.riverside-echo.example/news/4411.html\nHarbour board backs dredging plan\n"
    meta = infer_metadata(page + "Published: March 13, 2013\n" + _BODY)
    assert meta.headline == "Harbour board backs dredging plan"
    assert _evidence(meta, "headline").source == "title_line"


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ("Published: March 13, 2013", "2013-03-13"),
        ("Nov 25, 2016 00:01 GMT", "2016-11-25"),
        ("Thursday, 22 February 2018", "2018-02-22"),
        ("Published on Friday, 27 September 2013", "2013-09-27"),
        ("Published: 2012.08.08 09:01 AM", "2012-08-08"),
        ("Fri., May. 3, 2013 11:45 AM PDT", "2013-05-03"),
        ("Posted at 3:21 PM ET, 01/5/2011", "2011-01-05"),
        ("Last updated 13:26 14/09/2013", "2013-09-14"),
        ("Tuesday 28 April 2009 22.34 BST", "2009-04-28"),
    ],
)
def test_a_stamp_line_gives_the_publication_date(stamp, expected):
    meta = infer_metadata("Harbour board backs dredging plan\n" + stamp + "\n" + _BODY)
    assert meta.published == expected, stamp
    assert _evidence(meta, "published").source == "dateline"


def test_published_wins_over_updated():
    page = "Harbour board backs dredging plan\nUpdated: April 2, 2013\nPublished: April 1, 2013\n"
    assert infer_metadata(page + _BODY).published == "2013-04-01"


def test_the_stamp_line_wins_over_the_url_and_the_manifest_over_both():
    page = "http://www.nytimes.com/2013/03/14/nyregion/x.html\nA title\nPublished: March 13, 2013\n"
    assert infer_metadata(page + _BODY).published == "2013-03-13"
    manifest = {"published": "2013-03-15", "outlet": "Our Outlet"}
    meta = infer_metadata(page + _BODY, manifest)
    assert meta.published == "2013-03-15"
    assert meta.outlet == "Our Outlet"
    assert _evidence(meta, "published").source == "manifest"


@pytest.mark.parametrize(
    ("line", "text", "day_first"),
    [
        ("Posted 2/3/2009 11:11 PM EST", "", False),
        ("Updated 05/03/2013 18:07 BST", "", True),
        ("Article posted on 08.07.2012", "", True),
        ("05/02/2013", "He was seen on May 1 and again on May 2.", False),
        ("05/02/2013", "He was seen on 1 May and again on 2 May.", True),
    ],
)
def test_the_order_of_a_numeric_stamp_comes_from_the_page(line, text, day_first):
    assert stamp_day_first(line, text) is day_first


def test_a_date_the_page_markup_states_is_used_when_the_text_has_none():
    stated = Evidence("published", "2019-06-03", "page_date", '<meta name="date">')
    meta = infer_metadata(_BODY, given=(stated,))
    assert meta.published == "2019-06-03"
    assert _evidence(meta, "published").source == "page_date"


def test_failing_all_else_the_latest_stated_date_is_an_estimate():
    text = _BODY + "The board first discussed dredging on 3 March 2014 and again on 9 June 2015.\n"
    meta = infer_metadata(text)
    assert meta.published == "2015-06-09"
    evidence = _evidence(meta, "published")
    assert evidence.source == "latest_stated_date"
    assert evidence.confidence < 0.5


def test_no_date_anywhere_leaves_it_null():
    meta = infer_metadata(_BODY)
    assert meta.published is None
    assert not [e for e in meta.evidence if e.field == "published"]


def test_the_stamp_line_is_no_date_mention_and_relative_dates_resolve_against_it():
    page = "Harbour board backs dredging plan\nThursday, 22 February 2018\n" + _BODY
    meta = infer_metadata(page)
    cleaned, extraction = extract_text(page, datetime.date.fromisoformat(meta.published))
    stamp_start = page.index("Thursday, 22 February")
    assert all(not (stamp_start <= d.start < stamp_start + 30) for d in extraction.dates)
    tuesday = next(d for d in extraction.dates if d.text == "Tuesday")
    assert tuesday.value == "2018-02-20"


def test_without_any_date_a_relative_date_stays_null_with_a_reason():
    _, extraction = extract_text(_BODY, None)
    tuesday = next(d for d in extraction.dates if d.text == "Tuesday")
    assert tuesday.value is None and tuesday.reason
