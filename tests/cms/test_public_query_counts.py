"""The queries of the public pages, rendered (the page cache is cold: off in
the test settings), at two sizes: the number is fixed and does not grow.

Issue 12 measured before the navigation was read in one query: home 17, call
index 16, call page 21, standard page 13, directory 21, service page 11."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.models import StandardPage
from core.time import PARIS
from tests.directory.builders import directory_page
from tests.factories import CallFactory, CallPageFactory, call_index_page, home_page
from tests.factories.directory import ServiceFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 3, 10, 0, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def add_calls(count: int) -> list:
    """``count`` call pages, open, upcoming and closed in turn."""
    pages = []
    for number in range(count):
        trait = ("open", "upcoming", "closed")[number % 3]
        call = CallFactory(**({} if trait == "open" else {trait: True}))
        pages.append(CallPageFactory(call=call))
    return pages


def add_services(count: int) -> list:
    return [ServiceFactory() for _ in range(count)]


def queries_of(client, url: str) -> int:
    client.get(url)  # the per-process caches: site root paths, content types
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def standard_page_url() -> str:
    return StandardPage.objects.live().get().url


def call_page_url(pages) -> str:
    return pages[0].url


def service_url(services) -> str:
    service = services[0]
    return f"/annuaire/services/{service.pk}-{service.slug}/"


# (page, its URL from what was added, how rows are added, queries)
PAGES = [
    pytest.param(lambda rows: home_page().url, add_calls, 8, id="home"),
    pytest.param(lambda rows: call_index_page().url, add_calls, 10, id="call-index"),
    pytest.param(
        lambda rows: call_index_page().url + "?status=open",
        add_calls,
        11,  # and the next opening or closing of any call of the index
        id="call-index-filtered",
    ),
    pytest.param(call_page_url, add_calls, 15, id="call-page"),
    pytest.param(lambda rows: standard_page_url(), add_calls, 8, id="standard-page"),
    pytest.param(
        lambda rows: directory_page().url, add_services, 16, id="directory-list"
    ),
    pytest.param(service_url, add_services, 4, id="service-page"),
]


@pytest.mark.parametrize(("url", "add", "expected"), PAGES)
@pytest.mark.parametrize("size", [2, 10])
def test_public_page_query_count(client, url, add, expected, size):
    rows = add(size)

    assert queries_of(client, url(rows)) == expected
