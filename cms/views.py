"""The public pages' content: one context builder per page type.

Registered in ``cms.page_context`` when the app is ready (see ``CmsConfig``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext

from calls.enums import CallStatus
from calls.publication import is_offered
from core import page_cache
from core.formatting import duration

from .context_processors import request_navigation_pages
from .forms import CallFilterForm
from .page_context import context_builder
from .results import call_results_html
from .selectors import (
    authorities_for_filter,
    call_for_public_page,
    call_pages_by_status,
    call_pages_for_index,
    next_call_change,
)


def next_change_of(calls, now) -> datetime | None:
    """The next opening or closing after ``now`` among ``calls``."""
    moments = [
        moment
        for call in calls
        for moment in (call.opens_at, call.closes_at)
        if moment > now
    ]
    return min(moments, default=None)


def time_left_units() -> dict[str, str]:
    """The words of a duration, for the browser's count of the time left
    (cms/js/time-left.js): each unit as 1 and 2 of it, the number replaced there."""
    return {
        "day": duration(timedelta(days=1)),
        "days": duration(timedelta(days=2)),
        "hour": duration(timedelta(hours=1)),
        "hours": duration(timedelta(hours=2)),
        "minute": duration(timedelta(minutes=1)),
        "minutes": duration(timedelta(minutes=2)),
        "joined": gettext("%(first)s and %(second)s")
        % {"first": "{first}", "second": "{second}"},
        "less": gettext("less than a minute"),
    }


@context_builder("cms.HomePage")
def home_page_context(page, request, context: dict) -> dict:
    now = timezone.now()
    context["now"] = now
    open_pages = list(call_pages_by_status(CallStatus.OPEN, at=now))
    upcoming_pages = list(call_pages_by_status(CallStatus.UPCOMING, at=now))
    context["open_call_pages"] = open_pages
    context["upcoming_call_pages"] = upcoming_pages
    context["call_index"] = request_navigation_pages(request).call_index
    # The page lists the open and upcoming calls: it changes when one of them
    # opens or closes (the closed ones are not shown).
    calls = [page.call for page in (*open_pages, *upcoming_pages)]
    page_cache.expires_at(request, next_change_of(calls, now))
    return context


@context_builder("cms.CallIndexPage")
def call_index_page_context(page, request, context: dict) -> dict:
    now = timezone.now()
    form = CallFilterForm(request.GET or None, authorities=authorities_for_filter())
    filters = {}
    if form.is_bound:
        # Cleaning keeps the valid fields: an invalid value (a stale link, a
        # hand-edited URL) drops that filter only.
        form.is_valid()
        filters = form.cleaned_data
    context["now"] = now
    context["filter_form"] = form
    status = filters.get("status") or None
    call_pages = list(
        call_pages_for_index(
            page,
            at=now,
            status=status,
            kind=filters.get("kind") or None,
            authority=filters.get("authority"),
        )
    )
    context["call_pages"] = call_pages
    # Each call's state is shown; filtered by state, a call may also enter the
    # list when it opens or closes: then every call of the index counts.
    if status:
        next_change = next_call_change(page, at=now)
    else:
        next_change = next_change_of([p.call for p in call_pages], now)
    page_cache.expires_at(request, next_change)
    return context


@context_builder("cms.CallPage")
def call_page_context(page, request, context: dict) -> dict:
    now = timezone.now()
    call = call_for_public_page(page)
    context["now"] = now
    context["call"] = call
    context["call_status"] = call.status(now)
    context["call_is_open"] = call.is_open(now)
    context["call_is_offered"] = is_offered(call, now)
    context["time_left"] = call.time_left(now)
    context["time_left_units"] = time_left_units()
    # The apply button appears at the opening and goes at the closing.
    page_cache.expires_at(request, next_change_of([call], now))
    # The « Résultats » section, once the decisions are released (cached).
    context["results_html"] = call_results_html(call, request)
    return context
