"""Call schedules, fixed or relative to the moment the seed runs.

Relative schedules keep the demo's statuses right whenever it is seeded: the
open calls are open, the upcoming one is upcoming. Times are Paris wall-clock
times (a call closes at noon or at 23:59, local time).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from core.time import PARIS

from .specs import Schedule


def paris(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=PARIS)


def days_from(now: datetime, days: int, at: time) -> datetime:
    """``at`` (Paris time) on the local day ``days`` days after ``now``."""
    day = now.astimezone(PARIS).date() + timedelta(days=days)
    return datetime.combine(day, at, tzinfo=PARIS)


def fixed(opens_at: datetime, closes_at: datetime) -> Schedule:
    def schedule(now: datetime) -> tuple[datetime, datetime]:
        return opens_at, closes_at

    return schedule


def relative(
    *, opens_in_days: int, closes_in_days: int, opens_at: time, closes_at: time
) -> Schedule:
    """Negative days are in the past: ``opens_in_days=-20`` opened 20 days ago."""

    def schedule(now: datetime) -> tuple[datetime, datetime]:
        return (
            days_from(now, opens_in_days, opens_at),
            days_from(now, closes_in_days, closes_at),
        )

    return schedule


NINE_AM = time(9, 0)
NOON = time(12, 0)
END_OF_DAY = time(23, 59)
