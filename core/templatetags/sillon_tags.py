"""Formatting filters shared by every template (``{% load sillon_tags %}``).

They format values already loaded by the views and selectors; they never query
and never decide.
"""

from __future__ import annotations

from django import template

from core import formatting, time

register = template.Library()

register.filter("paris_date", time.paris_date)
register.filter("paris_time", time.paris_time)
register.filter("paris_datetime", time.paris_datetime)
register.filter("paris_datetime_short", time.paris_datetime_short)
register.filter("duration", formatting.duration)
register.filter("duration_until", formatting.duration_until)
register.filter("euros", formatting.euros)
