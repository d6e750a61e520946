"""The public pages' content: one context builder per page type.

Registered in ``cms.page_context`` when the app is ready (see ``CmsConfig``).
"""

from __future__ import annotations

from django.utils import timezone

from calls.enums import CallStatus
from calls.publication import is_offered

from .forms import CallFilterForm
from .page_context import context_builder
from .results import call_results_html
from .selectors import (
    authorities_for_filter,
    call_for_public_page,
    call_pages_by_status,
    call_pages_for_index,
    live_call_index,
)


@context_builder("cms.HomePage")
def home_page_context(page, request, context: dict) -> dict:
    now = timezone.now()
    context["now"] = now
    context["open_call_pages"] = call_pages_by_status(CallStatus.OPEN, at=now)
    context["upcoming_call_pages"] = call_pages_by_status(CallStatus.UPCOMING, at=now)
    context["call_index"] = live_call_index()
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
    context["call_pages"] = call_pages_for_index(
        page,
        at=now,
        status=filters.get("status") or None,
        kind=filters.get("kind") or None,
        authority=filters.get("authority"),
    )
    return context


@context_builder("cms.CallPage")
def call_page_context(page, request, context: dict) -> dict:
    now = timezone.now()
    call = call_for_public_page(page.call_id)
    context["now"] = now
    context["call"] = call
    context["call_status"] = call.status(now)
    context["call_is_open"] = call.is_open(now)
    context["call_is_offered"] = is_offered(call, now)
    context["time_left"] = call.time_left(now)
    # The « Résultats » section, once the decisions are released (cached).
    context["results_html"] = call_results_html(call, request)
    return context
