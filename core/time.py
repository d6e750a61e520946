"""Paris time: every date a user reads, in the UI, an email or a letter.

The ARS concerned sit in metropolitan France, so moments are shown on the Paris
clock whatever the server's or the user's zone.
"""

from __future__ import annotations

import calendar
from contextlib import contextmanager
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

PARIS = ZoneInfo("Europe/Paris")


def in_paris(value: datetime) -> datetime:
    """The moment on the Paris clock (a naive value is returned as it is)."""
    return timezone.localtime(value, PARIS) if timezone.is_aware(value) else value


def paris_date(value: datetime | None) -> str:
    """The calendar date in Paris, e.g. « 15 janvier 2027 »."""
    if not value:
        return ""
    return formats.date_format(in_paris(value), "DATE_FORMAT")


def paris_time(value: datetime | None) -> str:
    """The time of day in Paris, e.g. « 12:00 »."""
    if not value:
        return ""
    return formats.time_format(in_paris(value), "TIME_FORMAT")


def paris_datetime(value: datetime | None) -> str:
    """Date and time of day in Paris, e.g. « 15 janvier 2027 à 12:00 »."""
    if not value:
        return ""
    return _("%(date)s at %(time)s") % {
        "date": paris_date(value),
        "time": paris_time(value),
    }


def paris_datetime_short(value: datetime | None) -> str:
    """``22/11/2026 14:05``: the compact form of staff tables."""
    if value is None:
        return ""
    return formats.date_format(in_paris(value), "SHORT_DATETIME_FORMAT")


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it has none."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last_day))


@contextmanager
def french_on_paris_clock(language: str = "fr"):
    """Render in ``language`` on the Paris clock: emails, letters, receipts."""
    with translation.override(language), timezone.override(PARIS):
        yield
