"""The directory's entry in the site's main navigation."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import SimpleLazyObject

from cms.context_processors import request_navigation_pages


@dataclass(frozen=True)
class DirectoryNavigation:
    url: str  # "" when no directory page is live: no entry, no dead link
    # For aria-current: "page" on the directory page, "true" below it, else "".
    current: str


def _navigation(request) -> DirectoryNavigation:
    page = request_navigation_pages(request).directory
    url = (page.get_url(request) or "") if page else ""
    if not url:
        return DirectoryNavigation("", "")
    match = getattr(request, "resolver_match", None)
    if request.path == url:
        current = "page"
    elif request.path.startswith(url) or (match and match.namespace == "directory"):
        current = "true"
    else:
        current = ""
    return DirectoryNavigation(url, current)


def navigation(request) -> dict:
    """Built (one query) only when a template reads it."""
    return {"directory_nav": SimpleLazyObject(lambda: _navigation(request))}
