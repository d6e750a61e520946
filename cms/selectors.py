"""Read queries of the public site."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet

from calls.enums import CallStatus
from calls.selectors import status_q


def _call_pages() -> QuerySet:
    from .models import CallPage

    return CallPage.objects.live().public().select_related("call", "call__authority")


def call_pages_by_status(status: CallStatus, *, at: datetime) -> QuerySet:
    order = "call__closes_at" if status == CallStatus.OPEN else "call__opens_at"
    return _call_pages().filter(status_q(status, at=at, prefix="call__")).order_by(order)


def call_pages_for_index(
    index_page, *, at: datetime, status: str | None = None, kind: str | None = None,
    authority=None,
) -> QuerySet:
    pages = _call_pages().child_of(index_page)
    if status:
        pages = pages.filter(status_q(status, at=at, prefix="call__"))
    if kind:
        pages = pages.filter(call__kind=kind)
    if authority is not None:
        pages = pages.filter(call__authority=authority)
    return pages.order_by("-call__closes_at", "title")
