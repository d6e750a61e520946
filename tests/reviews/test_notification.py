"""Proof of notification: the first opening of a letter is recorded once; the
appeal deadline is two months later (the month's last day when it has none)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from core.models import ActivityEntry
from reviews import services
from reviews.notification import appeal_deadline, months_after


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2026, 12, 3), datetime.date(2027, 2, 3)),
        (datetime.date(2026, 12, 31), datetime.date(2027, 2, 28)),
        (datetime.date(2027, 12, 31), datetime.date(2028, 2, 29)),
        (datetime.date(2026, 11, 30), datetime.date(2027, 1, 30)),
    ],
)
def test_months_after(day, expected):
    assert months_after(day, 2) == expected


def test_the_first_opening_is_the_notification(decided, manager):
    letter = services.decision_letter_generate(decision=decided())
    assert appeal_deadline(letter) is None
    # 23:30 UTC on 31 January is 1 February in Paris.
    opened = datetime.datetime(2027, 1, 31, 23, 30, tzinfo=datetime.UTC)
    with time_machine.travel(opened, tick=False):
        services.letter_opened(letter=letter, user=manager)
    assert letter.first_opened_at == opened
    assert timezone.localtime(letter.first_opened_at, ZoneInfo("Europe/Paris")).day == 1
    assert appeal_deadline(letter) == datetime.date(2027, 4, 1)
    with time_machine.travel(opened + datetime.timedelta(days=3), tick=False):
        services.letter_opened(letter=letter, user=manager)
    letter.refresh_from_db()
    assert letter.first_opened_at == opened
    assert ActivityEntry.objects.filter(action="decision_letter.opened").count() == 1
