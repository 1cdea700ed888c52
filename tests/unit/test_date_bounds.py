"""date_start/date_end: the calendar days an ISO partial date value covers."""

from datetime import date

import pytest

from flows.extraction import date_bounds


@pytest.mark.parametrize(
    ("value", "first", "last"),
    [
        ("2016-11-25", date(2016, 11, 25), date(2016, 11, 25)),
        ("2016-02", date(2016, 2, 1), date(2016, 2, 29)),
        ("2016", date(2016, 1, 1), date(2016, 12, 31)),
        ("2016-W47", date(2016, 11, 21), date(2016, 11, 27)),
        ("2017-Q4", date(2017, 10, 1), date(2017, 12, 31)),
        ("2018-SP", date(2018, 3, 1), date(2018, 5, 31)),
        ("2018-SU", date(2018, 6, 1), date(2018, 8, 31)),
        ("2018-FA", date(2018, 9, 1), date(2018, 11, 30)),
        ("2019-WI", date(2019, 12, 1), date(2020, 2, 29)),  # winter runs into the next year
    ],
)
def test_each_granularity_covers_its_days(value, first, last):
    assert date_bounds(value) == (first, last)


@pytest.mark.parametrize("value", [None, "", "2016-13", "2016-W60", "1990s", "200"])
def test_values_without_calendar_days_have_no_bounds(value):
    assert date_bounds(value) == (None, None)
