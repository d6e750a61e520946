"""Filters of the public pages that know the calls' vocabulary."""

from __future__ import annotations

from django import template

from calls.enums import CallStatus

register = template.Library()


@register.filter
def call_status_label(value: str) -> str:
    """The label of a call status value (``open`` → « Ouvert »)."""
    try:
        return str(CallStatus(value).label)
    except ValueError:
        return ""
