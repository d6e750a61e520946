"""French formatting of amounts and durations, for pages, emails and letters.

These functions format values already loaded; they never query and never decide.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

NBSP = "\u00a0"


def to_decimal(value: Any) -> Decimal | None:
    """A number typed or stored in any of the usual ways (« 1 234,5 », 1234.5),
    or ``None`` when it is not one."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    text = str(value)
    for space in (" ", NBSP, "\u202f"):
        text = text.replace(space, "")
    try:
        return Decimal(text.replace(",", "."))
    except (InvalidOperation, ValueError):
        return None


def number_text(value: Any) -> str:
    """A number grouped by thousands, with cents only when there are some."""
    number = to_decimal(value)
    if number is None:
        return "" if value is None else str(value)
    places = 0 if number == number.to_integral_value() else 2
    return formats.number_format(
        number, decimal_pos=places, use_l10n=True, force_grouping=True
    )


def euros(value: Any) -> str:
    """An amount in euros, e.g. « 2 200 000 € » or « 1 234,50 € »; empty when the
    value is not a number."""
    if to_decimal(value) is None:
        return ""
    return f"{number_text(value)}{NBSP}€"


def _unit(count: int, unit: str) -> str:
    if unit == "day":
        text = ngettext("%(count)d day", "%(count)d days", count)
    elif unit == "hour":
        text = ngettext("%(count)d hour", "%(count)d hours", count)
    else:
        text = ngettext("%(count)d minute", "%(count)d minutes", count)
    # A number never wraps away from its unit.
    return (text % {"count": count}).replace(" ", NBSP, 1)


def duration(value: timedelta | None) -> str:
    """A duration in its two largest units, e.g. « 3 jours et 4 heures »."""
    if value is None:
        return ""
    seconds = int(value.total_seconds())
    if seconds <= 0:
        return ""
    days, seconds = divmod(seconds, 86400)
    hours, seconds = divmod(seconds, 3600)
    minutes = seconds // 60
    if days:
        units = [(days, "day"), (hours, "hour")]
    elif hours:
        units = [(hours, "hour"), (minutes, "minute")]
    elif minutes:
        units = [(minutes, "minute")]
    else:
        return _("less than a minute")
    parts = [_unit(count, unit) for count, unit in units if count]
    if len(parts) == 1:
        return parts[0]
    return _("%(first)s and %(second)s") % {"first": parts[0], "second": parts[1]}


def duration_until(value: datetime | None, now: datetime | None) -> str:
    """How long from ``now`` until ``value``, formatted as :func:`duration`."""
    if not value or not now:
        return ""
    # Subtracting two datetimes of one zone compares wall clocks: go through UTC.
    return duration(value.astimezone(UTC) - now.astimezone(UTC))
