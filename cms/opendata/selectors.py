"""The open data's reads: the calls the public site shows, and a call's
results once released. A fixed number of queries each."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from calls.models import Call, Territory
from reviews.selectors.results import (
    CallFigures,
    CallResults,
    call_results,
    figures_of,
    laureates_of,
    released_q,
    territory_tree,
)

from ..models import CallPage


def public_call_pages() -> QuerySet[CallPage]:
    """The live public call pages with their call, its authority and region,
    its territories, and whether its results are released; latest closing
    first."""
    return (
        CallPage.objects.live()
        .public()
        .select_related("call", "call__authority", "call__authority__region")
        .prefetch_related(
            Prefetch(
                "call__territories",
                queryset=Territory.objects.order_by("level", "code", "name"),
            )
        )
        .annotate(results_released=released_q_for_pages())
        .order_by("-call__closes_at", "call__reference")
    )


def released_q_for_pages():
    """``released_q`` on a call page's call."""
    return Exists(Call.objects.filter(released_q(), pk=OuterRef("call_id")))


def public_call_page(reference: str) -> CallPage | None:
    return public_call_pages().filter(call__reference=reference).first()


def figures_for_pages(pages) -> dict[int, CallFigures]:
    """Call id → figures, for the pages whose results are released (five
    queries; none when none is)."""
    calls = [page.call for page in pages if page.results_released]
    if not calls:
        return {}
    return figures_of(calls, laureates_of(calls, tree=territory_tree()))


def public_results(reference: str) -> tuple[CallPage, CallResults] | None:
    """A public call page and its released results, or ``None``."""
    page = public_call_page(reference)
    if page is None or not page.results_released:
        return None
    results = call_results(page.call)
    if results is None:  # released a moment ago, or no longer
        return None
    return page, results
