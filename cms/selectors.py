"""Read queries of the public site."""

from __future__ import annotations

from datetime import datetime

from django.db.models import (
    Case,
    CharField,
    Min,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)

from calls.enums import CallStatus
from calls.models import Authority, Call, Criterion, RequiredDocument, Territory
from calls.selectors import status_q

from .models import CallIndexPage, CallPage, StandardPage

# The slug of the terms of use page created by migration 0004_terms_of_use_page.
TERMS_OF_USE_SLUG = "conditions-generales-d-utilisation"


def _call_pages(*, at: datetime) -> QuerySet:
    """Live public call pages with their call, its authority and its status at ``at``.

    The status is computed by the database so that a listing never calls
    ``Call.status()`` row by row.
    """
    return (
        CallPage.objects.live()
        .public()
        .select_related("call", "call__authority")
        .annotate(
            call_status=Case(
                *(
                    When(
                        status_q(status, at=at, prefix="call__"),
                        then=Value(status.value),
                    )
                    for status in CallStatus
                ),
                output_field=CharField(),
            )
        )
    )


def call_pages_by_status(status: CallStatus, *, at: datetime) -> QuerySet:
    order = "call__closes_at" if status == CallStatus.OPEN else "call__opens_at"
    return (
        _call_pages(at=at)
        .filter(status_q(status, at=at, prefix="call__"))
        .order_by(order)
    )


def call_pages_for_index(
    index_page,
    *,
    at: datetime,
    status: str | None = None,
    kind: str | None = None,
    authority=None,
) -> QuerySet:
    pages = _call_pages(at=at).child_of(index_page)
    if status:
        pages = pages.filter(status_q(status, at=at, prefix="call__"))
    if kind:
        pages = pages.filter(call__kind=kind)
    if authority is not None:
        pages = pages.filter(call__authority=authority)
    return pages.order_by("-call__closes_at", "title")


def next_call_change(index_page, *, at: datetime) -> datetime | None:
    """The next opening or closing after ``at`` of a call of ``index_page``."""
    moments = (
        CallPage.objects.live()
        .child_of(index_page)
        .aggregate(
            opens=Min("call__opens_at", filter=Q(call__opens_at__gt=at)),
            closes=Min("call__closes_at", filter=Q(call__closes_at__gt=at)),
        )
    )
    return min((m for m in moments.values() if m is not None), default=None)


def live_call_index():
    """The call index linked from the main navigation, if one is published."""
    return CallIndexPage.objects.live().public().order_by("path").first()


def authorities_for_filter() -> QuerySet:
    return Authority.objects.order_by("name")


def call_for_public_page(call_id: int):
    """A call with everything its public page shows, in a fixed number of queries."""
    return (
        Call.objects.select_related("authority")
        .prefetch_related(
            Prefetch(
                "required_documents",
                queryset=RequiredDocument.objects.order_by("sort_order", "pk"),
            ),
            Prefetch(
                "criteria", queryset=Criterion.objects.order_by("sort_order", "pk")
            ),
            Prefetch(
                "territories", queryset=Territory.objects.order_by("level", "name")
            ),
        )
        .get(pk=call_id)
    )


def terms_of_use_url() -> str:
    """The URL of the live terms of use page, or "" if it is not published."""
    page = (
        StandardPage.objects.live()
        .public()
        .filter(slug=TERMS_OF_USE_SLUG)
        .order_by("path")
        .first()
    )
    return (page.get_url() or "") if page is not None else ""
