"""Read queries of the public site."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Case,
    CharField,
    Exists,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Length, Substr
from wagtail.models import Page, PageViewRestriction

from calls.enums import CallStatus
from calls.models import Authority, Call, Criterion, RequiredDocument, Territory
from calls.selectors import status_q

from .models import CallIndexPage, CallPage, StandardPage

# The slug of the terms of use page created by migration 0004_terms_of_use_page.
TERMS_OF_USE_SLUG = "conditions-generales-d-utilisation"


def public_q() -> Q:
    """The pages under no view restriction (on themselves or an ancestor), as
    Wagtail's ``PageQuerySet.public()`` but in the same query (a subquery)
    instead of one more query per listing."""
    restricted = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return ~Q(Exists(restricted))


@dataclass(frozen=True)
class NavigationPages:
    """The pages every public page links to (``None`` when not live)."""

    call_index: Page | None
    directory: Page | None
    terms_of_use: Page | None


def navigation_pages() -> NavigationPages:
    """The call index, the directory's page and the terms of use: one query
    (the content types come from Django's cache)."""
    call_index, standard = (
        ContentType.objects.get_for_model(model)
        for model in (CallIndexPage, StandardPage)
    )
    # By name: cms does not import the directory, built on it.
    directory = ContentType.objects.get_by_natural_key("directory", "directorypage")
    pages = (
        Page.objects.live()
        .filter(public_q())
        .filter(
            Q(content_type__in=(call_index, directory))
            | Q(content_type=standard, slug=TERMS_OF_USE_SLUG)
        )
        .order_by("path")
    )
    first: dict[int, Page] = {}
    for page in pages:
        first.setdefault(page.content_type_id, page)
    return NavigationPages(
        call_index=first.get(call_index.pk),
        directory=first.get(directory.pk),
        terms_of_use=first.get(standard.pk),
    )


def _call_pages(*, at: datetime) -> QuerySet:
    """Live public call pages with their call, its authority and its status at ``at``.

    The status is computed by the database so that a listing never calls
    ``Call.status()`` row by row.
    """
    return (
        CallPage.objects.live()
        .filter(public_q())
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


def authorities_for_filter() -> QuerySet:
    return Authority.objects.order_by("name")


def call_for_public_page(page: CallPage):
    """The call of ``page`` with everything its public page shows, in a fixed
    number of queries."""
    call = (
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
        .get(pk=page.call_id)
    )
    call.page = page  # read by calls.publication: no query for it
    return call


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
