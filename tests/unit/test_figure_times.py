"""Which of its sentence's dates say when a figure holds: one table.

The rule is ``warehouse.claims.attribution.time_reference``. Figures tied to times
that differ are never one claim, and a pair with times is an update rather than a
conflict, so a date wrongly read as a figure's time splits one fact in two
(docs/claims.md, "Conflict or update").
"""

from __future__ import annotations

from datetime import date

import pytest

from warehouse.claims.attribution import DateInSentence, of_the_past, time_reference
from warehouse.claims.records import Figure

MON, TUE = date(2024, 3, 4), date(2024, 3, 5)
MARCH = (date(2024, 3, 1), date(2024, 3, 31))
Y2003 = (date(2003, 1, 1), date(2003, 12, 31))

TABLE = [
    # (sentence, figure, {date text: (first day, last day)}, time expected)
    # A single day is the day of the event or of its telling: no time of the count.
    ("Gray was shot 11 times by police on Monday.", "11 times", {"Monday": (MON, MON)}, None),
    ("On Monday, Gray was shot 11 times by police.", "11 times", {"Monday": (MON, MON)}, None),
    ("An autopsy on Tuesday showed that seven bullets hit Gray.", "seven bullets",
     {"Tuesday": (TUE, TUE)}, None),
    ("Seven bullets hit Gray, an autopsy showed on Tuesday.", "Seven bullets",
     {"Tuesday": (TUE, TUE)}, None),
    # ... unless the wording bounds the count by it.
    ("As of Tuesday, 50 people had died.", "50 people", {"Tuesday": (TUE, TUE)},
     "2024-03-05..2024-03-05"),
    ("By Tuesday 50 people had died.", "50 people", {"Tuesday": (TUE, TUE)},
     "2024-03-05..2024-03-05"),
    ("Fifty people had died up to Tuesday.", "Fifty people", {"Tuesday": (TUE, TUE)},
     "2024-03-05..2024-03-05"),
    # Parallel figures each take the day that follows them.
    ("Twenty people died on Monday and 30 on Tuesday.", "Twenty people",
     {"Monday": (MON, MON), "Tuesday": (TUE, TUE)}, "2024-03-04..2024-03-04"),
    ("Twenty people died on Monday and 30 on Tuesday.", "30",
     {"Monday": (MON, MON), "Tuesday": (TUE, TUE)}, "2024-03-05..2024-03-05"),
    # A period is the time of the measurement as stated.
    ("Police made 400 arrests in March.", "400 arrests", {"March": MARCH},
     "2024-03-01..2024-03-31"),
    ("In March, police made 400 arrests.", "400 arrests", {"March": MARCH},
     "2024-03-01..2024-03-31"),
    # "since" runs to the telling: the figure holds now, like one that states no time.
    ("At least 400 people have died since March.", "400 people", {"March": MARCH}, None),
    ("The 1.3 million marchers made it the largest protest since 2003.", "1.3 million",
     {"2003": Y2003}, None),
    # A date after "of" names a thing, not when the figure holds; "as of" bounds it.
    ("The quake killed five people in a region hit by the tsunami of 2003.", "five people",
     {"2003": Y2003}, None),
    ("As of 2003, 500 people had been rehoused.", "500 people", {"2003": Y2003},
     "2003-01-01..2003-12-31"),
    ("By the end of 2003, 400 people had died.", "400 people", {"2003": Y2003},
     "2003-01-01..2003-12-31"),
    ("The toll stood at 400 at the end of 2003.", "400", {"2003": Y2003},
     "2003-01-01..2003-12-31"),
    ("As of the end of March, 400 people had died.", "400 people", {"March": MARCH},
     "2024-03-01..2024-03-31"),
    # A date after a verb of founding or starting tells when a thing began.
    ("A software firm set up in 2003 is to be bought in a £7.1 billion deal.",
     "£7.1 billion", {"2003": Y2003}, None),
    ("The war, which started in 2003, has killed 400,000 people.", "400,000 people",
     {"2003": Y2003}, None),
    ("A school built in 2003 held 300 pupils.", "300 pupils", {"2003": Y2003}, None),
    # Outside its clause, a year after the figure tells of something else ...
    ("Organisers put the turnout at 1.3 million, the most since the handover in 2003.",
     "1.3 million", {"2003": Y2003}, None),
    # ... a year before it sets the scene.
    ("In 2003, organisers put the turnout at 500,000.", "500,000", {"2003": Y2003},
     "2003-01-01..2003-12-31"),
]


def _figure(sentence: str, text: str) -> Figure:
    at = sentence.index(text)
    return Figure(f"m{at}", "a", "s", 0, at, at + len(text), text, 1.0, None, "count", None,
                  "exact", None, None, sentence, 0)  # fmt: skip


@pytest.mark.parametrize(("sentence", "figure", "dates", "expected"), TABLE)
def test_a_figure_is_timed_only_by_a_date_that_bounds_its_count(sentence, figure, dates, expected):
    found = [DateInSentence(sentence.index(t), sentence.index(t) + len(t), *days)
             for t, days in dates.items()]  # fmt: skip
    parallel = [_figure(sentence, f) for s, f, *_ in TABLE if s == sentence]
    assert time_reference(_figure(sentence, figure), found, parallel) == expected


@pytest.mark.parametrize(
    ("reference", "published", "past"),
    [
        ("2003-01-01..2003-12-31", date(2024, 3, 5), True),  # the protest of 2003
        ("2023-01-01..2023-12-31", date(2024, 3, 5), False),  # last year's count
        ("2024-03-01..2024-03-31", date(2024, 3, 5), False),
        ("2003-01-01..2003-12-31", None, False),  # no publication date: unknown
        (None, date(2024, 3, 5), False),
        ("final", date(2024, 3, 5), False),  # a time word, not a date
    ],
)
def test_a_figure_tied_to_a_time_over_a_year_before_its_article_is_of_the_past(
    reference, published, past
):
    assert of_the_past(reference, published) is past
