"""Full-page cache of the public pages for anonymous visitors (issue 12).

A page an anonymous visitor reads (a Wagtail page, the directory's pages, the
open data) is rendered once and kept in the ``PAGE_CACHE_ALIAS`` cache (Redis
when ``CACHE_URL`` is set) for at most ``PAGE_CACHE_SECONDS``. Every key holds a
*generation*, a value kept in the same cache: :func:`invalidate` replaces it,
so that every page stored before is never read again (it expires on its own).
The apps call :func:`invalidate` from their signals when what a page shows
changes (a page published, a call edited, results released, the directory's
services changed...): core imports no app.

A page is served from the cache or stored only when all of these hold:

- the request is a GET (or a HEAD, served from what a GET stored), from a
  visitor who is not signed in, with no message waiting to be shown, and whose
  query string only holds the filters of the listings (``ALLOWED_QUERY_KEYS``,
  short values, one each): a free-text search is never cached;
- the view is one of the public ones (``wagtail_serve`` and the namespaces of
  ``PUBLIC_NAMESPACES``);
- the response is a 200, not streamed, sets no cookie, does not say
  ``private``/``no-cache``/``no-store``, and the page used no CSRF token
  (a page with a form is never cached) and no message.

A page whose content changes at a known moment (a call opening or closing)
sets that moment with :func:`expires_at`: the page is stored no longer than
until then, and never served past it, even if the cache still holds it.

What browsers and proxies are told: a page that may be shared is sent with
``Cache-Control: no-cache`` (stored, but checked with the server before each
use, so that none is shown past a change); any response to a signed-in user is
``private`` (see docs/decisions/issue12-page-cache.md).
"""

from __future__ import annotations

import logging
import math
import uuid
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
# The listings' filters: bounded values (choices, ids, page numbers).
ALLOWED_QUERY_KEYS = frozenset(
    {"status", "kind", "authority", "filiere", "departement", "age_group", "region"}
    | {"page"}
)
MAX_QUERY_VALUE_LENGTH = 40
PUBLIC_URL_NAMES = frozenset({"wagtail_serve"})
PUBLIC_NAMESPACES = frozenset(
    {"directory", "directory_indicators", "directory_api", "opendata"}
)
# Headers a stored response keeps: the others are set again by the middleware
# around this one on each response (security headers, Vary, cookies).
STORED_HEADERS = ("Content-Type", "Content-Language", "Content-Disposition")
# Set by the middleware between PageCacheFetchMiddleware and this one: a page
# served early carries them from the response it was stored from.
POLICY_HEADERS = (
    "Content-Security-Policy",
    "Permissions-Policy",
    "X-Frame-Options",
    "Cross-Origin-Opener-Policy",
    "Referrer-Policy",
    "X-Content-Type-Options",
)
# Wagtail keeps there the pages whose password a visitor gave.
WAGTAIL_PASSED_RESTRICTIONS = "passed_page_view_restrictions"
STATUS_HEADER = "X-Page-Cache"


def _enabled() -> bool:
    return getattr(settings, "PAGE_CACHE_ENABLED", True) and _timeout() > 0


def _timeout() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 300))


def _cache():
    alias = getattr(settings, "PAGE_CACHE_ALIAS", "default")
    return caches[alias if alias in settings.CACHES else "default"]


# --- Generation --------------------------------------------------------------


def generation() -> str:
    """The current generation; a fresh one if the cache lost it (so that no
    page stored under an earlier one can come back)."""
    cache = _cache()
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        value = cache.get(GENERATION_KEY)
    return str(value)


def _new_generation() -> None:
    try:
        _cache().set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:  # pragma: no cover - the cache server is down
        logger.exception("Could not invalidate the page cache.")


def invalidate(**_signal_kwargs) -> None:
    """Forget every cached page: now, and again once the transaction commits
    (a page rendered between the two from the data not yet committed would
    otherwise stay). Usable as a signal receiver."""
    _new_generation()
    transaction.on_commit(_new_generation, robust=True)


def expires_at(request: HttpRequest, moment: datetime | None) -> None:
    """The page rendered for ``request`` changes at ``moment`` (a call opens
    or closes): it is never stored or served past it. The earliest wins."""
    if moment is None:
        return
    current = getattr(request, "page_cache_expires_at", None)
    if current is None or moment < current:
        request.page_cache_expires_at = moment


# --- Middleware --------------------------------------------------------------


@dataclass(frozen=True)
class CachedPage:
    content: bytes
    headers: tuple[tuple[str, str], ...]
    expires_at: float  # a POSIX timestamp
    policy_headers: tuple[tuple[str, str], ...] = ()

    def response(self, *, with_policy_headers: bool = False) -> HttpResponse:
        response = HttpResponse(self.content)
        headers = self.headers + (self.policy_headers if with_policy_headers else ())
        for name, value in headers:
            response[name] = value
        return response


def _query_key(request: HttpRequest) -> str | None:
    """The query string in a canonical order, or ``None`` when the page is not
    to be cached with it."""
    items = []
    for key, values in request.GET.lists():
        if key not in ALLOWED_QUERY_KEYS or len(values) != 1:
            return None
        if len(values[0]) > MAX_QUERY_VALUE_LENGTH:
            return None
        if values[0]:
            items.append((key, values[0]))
    return urlencode(sorted(items))


def _signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def _has_messages(request: HttpRequest) -> bool:
    # len() loads the stored messages without marking them read.
    return bool(len(get_messages(request)))


def _request_key(request: HttpRequest) -> str | None:
    """The cache key of ``request`` without its generation, or ``None`` when it
    may neither be served from the cache nor stored."""
    if request.method not in ("GET", "HEAD"):
        return None
    query = _query_key(request)
    if query is None or _signed_in(request) or _has_messages(request):
        return None
    session = getattr(request, "session", None)
    if session is not None and session.get(WAGTAIL_PASSED_RESTRICTIONS):
        return None
    return f"{request.scheme}://{request.get_host()}{request.path}?{query}"


def _public_view(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return False
    return match.url_name in PUBLIC_URL_NAMES or match.namespace in PUBLIC_NAMESPACES


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    cache_control = response.get("Cache-Control", "").lower()
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in cache_control for word in ("private", "no-store"))
        and "no-cache" not in cache_control
        and not request.META.get("CSRF_COOKIE_USED")
        and not _has_messages(request)
        and not getattr(request, "page_cache_exempt", False)
        and _public_view(request)
    )


class PageCacheMiddleware:
    """Serves and stores the public pages of anonymous visitors (module doc).

    Placed after the authentication and messages middleware: it reads who is
    signed in and whether a message waits."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _enabled():
            return self._headers(request, self.get_response(request))
        key = _request_key(request)
        if key is None:
            return self._headers(request, self.get_response(request))
        try:
            key = f"page-cache:{generation()}:page:{key}"
            cached = _cache().get(key)
        except Exception:  # pragma: no cover - the cache server is down
            logger.exception("Could not read the page cache.")
            return self._headers(request, self.get_response(request))
        if cached is not None and timezone.now().timestamp() < cached.expires_at:
            response = cached.response()
            response[STATUS_HEADER] = "hit"
            return self._headers(request, response, shared=True)
        response = self.get_response(request)
        storable = _storable(request, response)
        if storable:
            self._store(request, response, key)
        response = self._headers(request, response, shared=storable)
        if storable:
            # What the outer middleware adds, for PageCacheFetchMiddleware's hits.
            request.page_cache_stored = (key, response)
        return response

    def _store(self, request, response, key: str) -> None:
        now = timezone.now()
        limit = now.timestamp() + _timeout()
        moment = getattr(request, "page_cache_expires_at", None)
        if moment is not None:
            limit = min(limit, moment.timestamp())
        # Whole seconds, rounded down: the entry expires before the moment.
        timeout = math.floor(limit - now.timestamp())
        if timeout <= 0:
            return
        headers = tuple(
            (name, response[name]) for name in STORED_HEADERS if name in response
        )
        try:
            _cache().set(
                key, CachedPage(response.content, headers, limit), timeout=timeout
            )
        except Exception:  # pragma: no cover - the cache server is down
            logger.exception("Could not store a page in the page cache.")
            return
        request.page_cache_timeout = timeout
        response[STATUS_HEADER] = "miss"

    @staticmethod
    def _headers(request, response: HttpResponse, shared: bool = False):
        if _signed_in(request):
            # Never kept by a shared cache; checked again before any reuse.
            if "no-store" not in response.get("Cache-Control", ""):
                patch_cache_control(response, private=True, no_cache=True)
        elif shared:
            # Any cache may keep it, but must ask the server before each use:
            # the server's cache, invalidated on each change, stays the only one.
            patch_cache_control(response, no_cache=True)
        return response


class PageCacheFetchMiddleware:
    """Serves a stored page before the session, CSRF, authentication and
    messages middleware run, to a visitor who cannot be signed in: no session
    cookie (every signed-in visitor has one, and so has anyone with a message
    or an unlocked page waiting in the session) and no messages cookie.

    Placed right after WhiteNoise. It only serves what PageCacheMiddleware
    stored, with the policy headers (CSP, Permissions-Policy, X-Frame-Options…)
    of the response it was stored from; a miss goes on to the full path, which
    decides whether to store. On the way back it re-stores a page just stored
    with those headers, which the middleware in between had added."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _enabled() or not self._cookieless(request):
            return self.get_response(request)
        key = self._key(request)
        if key is not None:
            try:
                cached = _cache().get(key)
            except Exception:  # pragma: no cover - the cache server is down
                logger.exception("Could not read the page cache.")
                cached = None
            if (
                cached is not None
                and cached.policy_headers
                and timezone.now().timestamp() < cached.expires_at
            ):
                response = cached.response(with_policy_headers=True)
                response[STATUS_HEADER] = "hit"
                patch_cache_control(response, no_cache=True)
                return response
        response = self.get_response(request)
        stored = getattr(request, "page_cache_stored", None)
        if stored is not None:
            self._store_policy_headers(request, *stored)
        return response

    @staticmethod
    def _cookieless(request: HttpRequest) -> bool:
        return request.method in ("GET", "HEAD") and not (
            settings.SESSION_COOKIE_NAME in request.COOKIES
            or "messages" in request.COOKIES
        )

    @staticmethod
    def _key(request: HttpRequest) -> str | None:
        query = _query_key(request)
        if query is None:
            return None
        try:
            host = request.get_host()
            current = generation()
        except Exception:  # a disallowed host, or the cache server is down
            return None
        return (
            f"page-cache:{current}:page:{request.scheme}://{host}{request.path}?{query}"
        )

    @staticmethod
    def _store_policy_headers(request, key: str, response: HttpResponse) -> None:
        timeout = getattr(request, "page_cache_timeout", None)
        if not timeout:
            return
        policy = tuple(
            (name, response[name]) for name in POLICY_HEADERS if name in response
        )
        try:
            cached = _cache().get(key)
            if cached is not None:
                _cache().set(
                    key,
                    CachedPage(
                        cached.content, cached.headers, cached.expires_at, policy
                    ),
                    timeout=timeout,
                )
        except Exception:  # pragma: no cover - the cache server is down
            logger.exception("Could not store a page in the page cache.")
