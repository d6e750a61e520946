"""Formatting filters of the public site.

They format values already loaded by the views and selectors; they never query
and never decide (whether a call is open comes from the page context).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django import template
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from calls.enums import CallStatus

register = template.Library()

PARIS = ZoneInfo("Europe/Paris")
NBSP = "\u00a0"


def _in_paris(value: datetime) -> datetime:
    return timezone.localtime(value, PARIS) if timezone.is_aware(value) else value


@register.filter
def paris_date(value: datetime | None) -> str:
    """The calendar date in Paris, e.g. « 15 janvier 2027 »."""
    if not value:
        return ""
    return formats.date_format(_in_paris(value), "DATE_FORMAT")


@register.filter
def paris_time(value: datetime | None) -> str:
    """The time of day in Paris, e.g. « 12:00 »."""
    if not value:
        return ""
    return formats.time_format(_in_paris(value), "TIME_FORMAT")


@register.filter
def paris_datetime(value: datetime | None) -> str:
    """Date and time of day in Paris, e.g. « 15 janvier 2027 à 12:00 »."""
    if not value:
        return ""
    return _("%(date)s at %(time)s") % {
        "date": paris_date(value),
        "time": paris_time(value),
    }


def _unit(count: int, unit: str) -> str:
    if unit == "day":
        text = ngettext("%(count)d day", "%(count)d days", count)
    elif unit == "hour":
        text = ngettext("%(count)d hour", "%(count)d hours", count)
    else:
        text = ngettext("%(count)d minute", "%(count)d minutes", count)
    # A number never wraps away from its unit.
    return (text % {"count": count}).replace(" ", NBSP, 1)


@register.filter
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


@register.filter
def duration_until(value: datetime | None, now: datetime | None) -> str:
    """How long from ``now`` until ``value``, formatted as :func:`duration`."""
    if not value or not now:
        return ""
    # Subtracting two datetimes of one zone compares wall clocks: go through UTC.
    return duration(value.astimezone(UTC) - now.astimezone(UTC))


@register.filter
def euros(value) -> str:
    """An amount in euros, grouped by thousands, e.g. « 2 200 000 € ».

    Cents are shown only when there are some.
    """
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    decimals = 0 if amount == amount.to_integral_value() else 2
    number = formats.number_format(
        amount, decimal_pos=decimals, use_l10n=True, force_grouping=True
    )
    return f"{number}{NBSP}€"


@register.filter
def call_status_label(value: str) -> str:
    """The label of a call status value (``open`` → « Ouvert »)."""
    try:
        return str(CallStatus(value).label)
    except ValueError:
        return ""
