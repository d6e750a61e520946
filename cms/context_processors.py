"""Context shared by every template of the public site."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from .selectors import NavigationPages, navigation_pages


@dataclass(frozen=True)
class MainNavigation:
    home_url: str
    call_index_url: str
    # Which entry the request is under, for aria-current: "home", "calls" or "".
    current: str
    # Whether the request is the entry's own page ("page") or below it ("true").
    current_kind: str


def request_navigation_pages(request) -> NavigationPages:
    """:func:`cms.selectors.navigation_pages`, looked up once per request (the
    header, the footer, the home page and the directory's link share it)."""
    pages = getattr(request, "_sillon_navigation_pages", None)
    if pages is None:
        pages = navigation_pages()
        request._sillon_navigation_pages = pages
    return pages


def _terms_of_use_url(request) -> str:
    page = request_navigation_pages(request).terms_of_use
    return (page.get_url(request) or "") if page is not None else ""


def _main_navigation(request) -> MainNavigation:
    home_url = reverse("wagtail_serve", args=[""])
    call_index = request_navigation_pages(request).call_index
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
    """The main navigation and the footer's terms of use link, built (one
    query for both) only when a template reads them."""
    return {
        "main_nav": SimpleLazyObject(lambda: _main_navigation(request)),
        "terms_of_use_url": SimpleLazyObject(lambda: _terms_of_use_url(request)),
    }
