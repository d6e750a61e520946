"""The appeal deadline (CJA R421-1, R421-5): two
months from the day the applicant first opened the letter."""

from __future__ import annotations

import calendar
import datetime

from core.time import in_paris

from .models import DecisionLetter

APPEAL_MONTHS = 2


def months_after(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or that month's last day when it has
    none (31 December + 2 months → 28 or 29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last))


def appeal_deadline(letter: DecisionLetter) -> datetime.date | None:
    """The last day to appeal against ``letter``'s decision: two months from
    its notification (the day it was first opened); ``None`` until then."""
    if letter.first_opened_at is None:
        return None
    return months_after(in_paris(letter.first_opened_at).date(), APPEAL_MONTHS)
