from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from cms.templatetags.cms_tags import call_status_label
from core.formatting import duration, duration_until, euros
from core.time import PARIS, paris_date, paris_datetime, paris_time

UTC = ZoneInfo("UTC")


@pytest.fixture
def english():
    # The msgids are English: the assertions hold whatever the French catalogue says.
    with translation.override("en"):
        yield


@pytest.fixture
def french():
    with translation.override("fr"):
        yield


@pytest.mark.parametrize(
    ("left", "expected"),
    [
        (timedelta(days=3, hours=4, minutes=59), "3\xa0days and 4\xa0hours"),
        (timedelta(days=1), "1\xa0day"),
        (timedelta(days=2, minutes=30), "2\xa0days"),
        (timedelta(hours=1, minutes=1), "1\xa0hour and 1\xa0minute"),
        (timedelta(hours=5), "5\xa0hours"),
        (timedelta(minutes=12, seconds=59), "12\xa0minutes"),
        (timedelta(seconds=59), "less than a minute"),
        (timedelta(0), ""),
        (timedelta(seconds=-5), ""),
        (None, ""),
    ],
)
def test_duration_keeps_the_two_largest_units(english, left, expected):
    assert duration(left) == expected


def test_duration_until_counts_from_now(english):
    now = datetime(2027, 1, 12, 8, 0, tzinfo=UTC)

    assert (
        duration_until(now + timedelta(days=3, hours=4), now)
        == "3\xa0days and 4\xa0hours"
    )
    assert duration_until(None, now) == ""


def test_duration_until_counts_real_time_across_a_clock_change(english):
    paris = PARIS
    # Clocks go forward on the night of 27 to 28 March 2027: 23 hours elapse.
    now = datetime(2027, 3, 27, 12, 0, tzinfo=paris)
    closes_at = datetime(2027, 3, 28, 12, 0, tzinfo=paris)

    assert duration_until(closes_at, now) == "23\xa0hours"


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal("2200000.00"), "2\xa0200\xa0000\xa0€"),
        (Decimal("6700000"), "6\xa0700\xa0000\xa0€"),
        (Decimal("950"), "950\xa0€"),
        (Decimal("1234.5"), "1\xa0234,50\xa0€"),
        (0, "0\xa0€"),
        (None, ""),
        ("", ""),
        ("not a number", ""),
    ],
)
def test_euros_french_style(french, amount, expected):
    assert euros(amount) == expected


def test_paris_date_and_time_convert_from_utc(french):
    winter = datetime(2027, 1, 15, 11, 0, tzinfo=UTC)
    summer = datetime(2027, 6, 30, 10, 0, tzinfo=UTC)

    assert paris_date(winter) == "15 janvier 2027"
    assert paris_time(winter) == "12:00"
    assert paris_time(summer) == "12:00"
    assert paris_date(datetime(2027, 1, 31, 23, 30, tzinfo=UTC)) == "1 février 2027"


def test_paris_datetime_joins_date_and_time(english):
    assert paris_datetime(datetime(2027, 1, 15, 11, 0, tzinfo=UTC)) == (
        "Jan. 15, 2027 at noon"
    )
    assert paris_datetime(None) == ""


def test_call_status_label(english):
    assert call_status_label("open") == "Open"
    assert call_status_label("bogus") == ""
