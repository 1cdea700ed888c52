"""Date mentions: found where a reader sees a date, normalised against publication."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.clean import clean
from extractors.dates import NO_PUBLICATION_DATE, extract_dates
from extractors.nlp import get_nlp
from tests.conftest import CORPUS, article_text, read_csv

# A Friday, so weekday rules can be told apart.
PUBLISHED = datetime.date(2016, 11, 25)


@pytest.fixture(scope="module")
def nlp():
    return get_nlp()


def dates_in(nlp, text: str, published=PUBLISHED, **kwargs):
    cleaned = clean(text)
    return extract_dates(nlp(cleaned.text), cleaned, published, **kwargs)


def values(nlp, text: str, published=PUBLISHED, **kwargs):
    return [(m.value, m.granularity) for m in dates_in(nlp, text, published, **kwargs)]


EXPLICIT = [
    ("The hearing opened on 19 July 2017 in Leeds.", ("2017-07-19", "day")),
    ("The tweet was posted on November 25, 2016 at noon.", ("2016-11-25", "day")),
    ("She was born on the 3rd of March 1990.", ("1990-03-03", "day")),
    ("The deadline is Tuesday, 4 April 2017.", ("2017-04-04", "day")),
    ("The council met in November 2016 to vote.", ("2016-11", "month")),
    ("The figures were first reported in 2014.", ("2014", "year")),
    ("The law changed in the 1990s.", ("199", "decade")),
    ("The form was signed on 2016-03-09.", ("2016-03-09", "day")),
    ("Revenue in the third quarter of 2016 rose sharply.", ("2016-Q3", "quarter")),
    ("Sales in Q1 2017 were flat.", ("2017-Q1", "quarter")),
]


@pytest.mark.parametrize(("sentence", "expected"), EXPLICIT)
def test_explicit_dates(nlp, sentence, expected):
    assert values(nlp, sentence) == [expected]


@pytest.mark.parametrize(
    ("sentence", "day_first", "expected"),
    [
        ("The letter is dated 05/11/2016.", True, "2016-11-05"),
        ("The letter is dated 05/11/2016.", False, "2016-05-11"),
        ("The letter is dated 25/11/2016.", False, "2016-11-25"),
    ],
)
def test_numeric_dates_follow_the_outlet_order(nlp, sentence, day_first, expected):
    assert values(nlp, sentence, day_first=day_first) == [(expected, "day")]


RELATIVE = [
    # weekdays: on or before publication unless the tense is future
    ("The minister spoke on Friday about the plan.", ("2016-11-25", "day")),
    ("The minister spoke to the mayor on Thursday.", ("2016-11-24", "day")),
    ("The minister said on Monday that the plan failed.", ("2016-11-21", "day")),
    ("The minister will publish the plan on Monday.", ("2016-11-28", "day")),
    ("The committee met last Friday.", ("2016-11-18", "day")),
    ("The committee meets next Tuesday.", ("2016-11-29", "day")),
    # day words
    ("The report was published yesterday.", ("2016-11-24", "day")),
    ("The lights went out last night across the city.", ("2016-11-24", "day")),
    ("Officials said today that the figures were wrong.", ("2016-11-25", "day")),
    ("The vote takes place tomorrow.", ("2016-11-26", "day")),
    # periods
    ("The board met twice this week.", ("2016-W47", "week")),
    ("Prices rose last week.", ("2016-W46", "week")),
    ("Sales fell this month.", ("2016-11", "month")),
    ("The scheme starts next month.", ("2016-12", "month")),
    ("Crime fell last year.", ("2015", "year")),
    ("The law takes effect next year.", ("2017", "year")),
    ("Profits rose this quarter.", ("2016-Q4", "quarter")),
    ("He is due to retire in February next year.", ("2017-02", "month")),
    ("The force will get a new chief in the new year.", ("2017", "year")),
    ("The factory closed three years ago.", ("2013", "year")),
    # month or day without a year
    ("The inquiry opened in March and is still running.", ("2016-03", "month")),
    ("The inquiry will report in March.", ("2017-03", "month")),
    ("The ban was lifted on 3 October.", ("2016-10-03", "day")),
    ("The strike will last until Christmas.", ("2016-12-25", "day")),
]


@pytest.mark.parametrize(("sentence", "expected"), RELATIVE)
def test_relative_dates_resolve_against_publication(nlp, sentence, expected):
    assert values(nlp, sentence) == [expected]


# Published on a Friday in spring, so seasons and quarters can be told apart.
SPRING_FRIDAY = datetime.date(2019, 5, 3)

RELATIVE_PERIODS = [
    # quarters without a year: the tense's side of publication
    ("Sales rose in the first quarter.", ("2019-Q1", "quarter")),
    ("Profits will recover in the fourth quarter.", ("2019-Q4", "quarter")),
    # seasons as TIMEX3 codes; a season belongs to the year it starts in
    ("The bridge collapsed last summer.", ("2018-SU", "season")),
    ("The festival will return in the summer.", ("2019-SU", "season")),
    ("The scheme was launched in the spring.", ("2019-SP", "season")),
    ("The floods came in the winter.", ("2018-WI", "season")),
    ("Talks will resume next spring.", ("2020-SP", "season")),
    ("Prices fell in spring 2017.", ("2017-SP", "season")),
    ("The winter of 2010 was harsh.", ("2010-WI", "season")),
    # parts of the current period
    ("The work will be finished by the end of the year.", ("2019", "year")),
    ("Staff will be told by the end of the month.", ("2019-05", "month")),
    # "a fortnight ago" is two weeks back
    ("The strike began a fortnight ago.", ("2019-W16", "week")),
    # a stated weekday picks the year; a simple present is a coming event
    ("The meeting was held on Monday, May 13.", ("2019-05-13", "day")),
    ("The match is on Saturday night.", ("2019-05-04", "day")),
    ("He appears in court on Monday.", ("2019-05-06", "day")),
    # a present-tense reporting verb is no sign of the future
    ("In a statement on Wednesday, the council says the plan failed.", ("2019-05-01", "day")),
    # "next/last/this <month>" counts from the publication month, whatever the tense
    ("The new law comes into force next April.", ("2020-04", "month")),
    ("The trial starts next June.", ("2019-06", "month")),
    ("The inquiry opened last June.", ("2018-06", "month")),
    ("The rules changed last April.", ("2019-04", "month")),
    ("The shop closed last May.", ("2018-05", "month")),
    ("This March was the wettest on record.", ("2019-03", "month")),
]


@pytest.mark.parametrize(("sentence", "expected"), RELATIVE_PERIODS)
def test_quarters_seasons_and_period_parts_resolve(nlp, sentence, expected):
    assert values(nlp, sentence, published=SPRING_FRIDAY) == [expected]


ANAPHORIC = [
    (
        "The attack was on 3 March 2019. He was arrested the following day.",
        [("2019-03-03", "day"), ("2019-03-04", "day")],
    ),
    (
        "The firm was fined in 2015. The previous year it made a loss.",
        [("2015", "year"), ("2014", "year")],
    ),
    ("The rules changed in 2015. She left the same month.", [("2015", "year"), (None, "month")]),
    ("He was released the following day.", [(None, "day")]),
    ("She will serve for the following year.", []),
]


@pytest.mark.parametrize(("text", "expected"), ANAPHORIC)
def test_anaphoric_dates_shift_from_the_date_before_them(nlp, text, expected):
    """ "the following day" counts from the latest date stated before it, not from
    publication; with no such date (or one too coarse) it keeps a reason."""
    mentions = dates_in(nlp, text, published=SPRING_FRIDAY)
    assert [(m.value, m.granularity) for m in mentions] == expected
    assert all(m.value or m.reason for m in mentions)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # no day_first given: the article's own dates decide the numeric order
        ("The order was signed on 5/17/2018. It took effect on 06/01/2018.", "2018-06-01"),
        ("It was signed on May 17, 2018. It took effect on 06/01/2018.", "2018-06-01"),
        ("It was signed on 17 May 2018. It took effect on 06/01/2018.", "2018-01-06"),
        ("It took effect on 06/01/2018.", "2018-01-06"),
    ],
)
def test_numeric_order_is_inferred_from_the_article(nlp, text, expected):
    assert [v for v, _ in values(nlp, text)][-1] == expected


NOT_DATES = [
    "It took 96 days to get a warrant.",
    "Even then it took three months for the force to act.",
    "Nobody was assigned until 17 days later.",
    "The force will face another inspection in 12 months' time.",
    "A 10-year-old girl was not interviewed.",
    "Of 2016 cases, most were closed.",
    "Over 90% of 135 cases were substandard.",
    "The Met faces cuts of £400m.",
    "The report comes weeks after a damning review.",
    "HMIC asked for quarterly reports.",
    "He told Today that the level of failure was troubling.",
    "She met officers in the Sunday Times offices.",
    "Crime has fallen over the last year.",
    "The force may act soon.",
    "The service runs every Sunday.",
    "The market is held each August.",
    "Pensioners receive the winter fuel payment.",
    "The boy, aged 14, was taken to hospital.",
    "The helpline is open 24/7.",
    "Officers arrived at 7am.",
]


@pytest.mark.parametrize("sentence", NOT_DATES)
def test_durations_ages_figures_and_names_are_not_dates(nlp, sentence):
    assert dates_in(nlp, sentence) == []


def test_relative_date_without_publication_is_kept_with_a_reason(nlp):
    [mention] = dates_in(nlp, "The minister spoke to the mayor on Thursday.", published=None)
    assert mention.value is None
    assert mention.reason == NO_PUBLICATION_DATE
    assert mention.text == "Thursday"


def test_absolute_date_resolves_without_publication(nlp):
    assert values(nlp, "It happened on 14 August 2017.", published=None) == [("2017-08-14", "day")]


def test_date_in_furniture_is_ignored(nlp):
    text = (
        "The report was published on 3 May 2016.\n\n"
        "Photograph: Jane Doe/Getty 3 June 2016\n\n"
        "It was debated on 9 May 2016."
    )
    assert [v for v, _ in values(nlp, text)] == ["2016-05-03", "2016-05-09"]


def test_mentions_are_sorted_and_carry_offsets_and_sentences(nlp):
    text = "On 1 May 2016 the plan began. It ended yesterday."
    mentions = dates_in(nlp, text)
    assert [m.text for m in mentions] == ["1 May 2016", "yesterday"]
    assert all(text[m.start : m.end] == m.text for m in mentions)
    assert [m.sentence_index for m in mentions] == [0, 1]


def test_gold_dates_every_required_row_is_found(nlp, gold_dir):
    published = {r["file"]: r["published"] for r in read_csv(CORPUS / "manifest.csv")}
    for row in read_csv(gold_dir / "dates.csv"):
        day = published.get(row["file"]) or ""
        pub = datetime.date.fromisoformat(day) if day else None
        mentions = dates_in(nlp, article_text(row["file"]), published=pub)
        same_text = [m for m in mentions if " ".join(m.text.split()) == row["text"]]
        assert same_text, (row["file"], row["text"])
        if row["optional"] == "1" and pub is None:
            assert same_text[0].value is None and same_text[0].reason
        else:
            assert (same_text[0].value, same_text[0].granularity) == (
                row["value"],
                row["granularity"],
            ), row


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.sampled_from(
            [
                "on Friday",
                "19 July 2017",
                "last year",
                "10%",
                "£400m",
                "96 days",
                "May",
                "the Met",
                "yesterday",
                "2016",
                "in the new year",
                "(HMIC)",
                "\n",
                "  ",
                "05/11/2016",
                "Today",
                "three years ago",
                "31 February 2016",
                "99/99/9999",
            ]
        )
        | st.text(max_size=20),
        max_size=12,
    ),
    st.booleans(),
)
def test_never_crashes_and_offsets_stay_valid(nlp, parts, with_date):
    text = " ".join(parts)
    published = PUBLISHED if with_date else None
    mentions = dates_in(nlp, text, published=published)
    assert mentions == sorted(mentions, key=lambda m: (m.start, m.end))
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert m.value is not None or m.reason


@pytest.mark.parametrize("text", ["He arrived on Friday May 0.", "He arrived on May 0."])
def test_a_day_of_zero_is_no_date_and_no_crash(nlp, text):
    """Found by the property test above: "May 0" had its year chosen as if no day were
    stated, and building the date then raised."""
    for m in dates_in(nlp, text):
        assert m.value is None or not m.value.endswith("-00")
