"""Response headers that whole groups of pages share: set where the URLs are
gathered, never page by page."""

from __future__ import annotations

import functools

from django.views.decorators.cache import never_cache
from wagtail.utils.urlpatterns import decorate_urlpatterns


def private_urlpatterns(urlpatterns: list) -> list:
    """Decorate every view of ``urlpatterns`` (included ones too) so that its
    response is never stored by a browser or a shared cache
    (``Cache-Control: private, no-store, ...``): dossiers, downloads, accounts."""
    return decorate_urlpatterns(urlpatterns, never_cache)


def referrer_origin_only(view):
    """Send only the site's origin as Referer from this page, even to itself.

    For a page whose URL carries a secret (a partner's signed link): the requests
    it makes (its styles, scripts, its own form) would otherwise carry the secret
    in their Referer, into access logs. ``strict-origin`` keeps the ``Origin``
    header of its form posts, which the CSRF check needs (``no-referrer`` would
    send ``Origin: null``)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "strict-origin"
        return response

    return wrapper
