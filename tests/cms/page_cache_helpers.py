"""The page cache turned on for a test, in a generation of its own."""

from __future__ import annotations

import pytest

from core import page_cache


@pytest.fixture
def page_cache_on(settings):
    """Turned off in the test settings: each test's database is rolled back,
    while the cache outlives it. A new generation forgets the other tests'
    pages (the cache is Redis when CACHE_URL is set)."""
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_SECONDS = 300
    page_cache.invalidate()
    yield
    page_cache.invalidate()


def cache_status(response) -> str:
    """``hit``, ``miss`` (rendered and stored) or ``""`` (not cached)."""
    return response.headers.get(page_cache.STATUS_HEADER, "")
