"""Read queries on calls."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from .enums import CallStatus
from .models import Call


def status_q(status: str, *, at: datetime | None = None, prefix: str = "") -> Q:
    """A filter for the calls in ``status`` at ``at`` (now by default).

    ``prefix`` lets the same rule filter related models, e.g. ``"call__"`` on pages.
    """
    at = at or timezone.now()
    if status == CallStatus.OPEN:
        return Q(**{f"{prefix}opens_at__lte": at, f"{prefix}closes_at__gt": at})
    if status == CallStatus.UPCOMING:
        return Q(**{f"{prefix}opens_at__gt": at})
    if status == CallStatus.CLOSED:
        return Q(**{f"{prefix}closes_at__lte": at})
    raise ValueError(f"Unknown call status: {status!r}")


def call_list(*, status: str | None = None, at: datetime | None = None) -> QuerySet:
    calls = Call.objects.select_related("authority")
    if status:
        calls = calls.filter(status_q(status, at=at))
    return calls
