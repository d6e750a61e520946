"""Context shared by every template of the public site."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from .selectors import live_call_index, terms_of_use_url


@dataclass(frozen=True)
class MainNavigation:
    home_url: str
    call_index_url: str
    # Which entry the request is under, for aria-current: "home", "calls" or "".
    current: str
    # Whether the request is the entry's own page ("page") or below it ("true").
    current_kind: str


def _main_navigation(request) -> MainNavigation:
    home_url = reverse("wagtail_serve", args=[""])
    call_index = live_call_index()
    call_index_url = (call_index.get_url(request) or "") if call_index else ""
    path = request.path
    current, current_kind = "", ""
    if call_index_url and path.startswith(call_index_url):
        current = "calls"
        current_kind = "page" if path == call_index_url else "true"
    elif path == home_url:
        current, current_kind = "home", "page"
    return MainNavigation(home_url, call_index_url, current, current_kind)


def navigation(request) -> dict:
    """The main navigation and the footer's terms of use link, each built (one
    query) only when a template reads it."""
    return {
        "main_nav": SimpleLazyObject(lambda: _main_navigation(request)),
        "terms_of_use_url": SimpleLazyObject(terms_of_use_url),
    }
