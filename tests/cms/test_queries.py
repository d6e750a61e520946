"""The public listings run a fixed number of queries whatever the number of calls."""

from datetime import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.time import PARIS
from tests.factories import (
    CallFactory,
    CallPageFactory,
    CriterionFactory,
    RequiredDocumentFactory,
    TerritoryFactory,
    call_index_page,
    home_page,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 3, 10, 0, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def add_call_pages(count: int) -> None:
    """``count`` call pages, a third of them open, upcoming and closed."""
    for number in range(count):
        trait = ("open", "upcoming", "closed")[number % 3]
        CallPageFactory(call=CallFactory(**({} if trait == "open" else {trait: True})))


def count_queries(client, url: str) -> int:
    client.get(url)  # warm the per-process caches (site root paths, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        pytest.param(lambda: call_index_page().url, id="call-index"),
        pytest.param(
            lambda: call_index_page().url + "?status=open", id="call-index-open"
        ),
        pytest.param(lambda: home_page().url, id="home"),
    ],
)
def test_listing_query_count_does_not_grow_with_the_calls(client, url):
    add_call_pages(2)
    with_two = count_queries(client, url())

    add_call_pages(18)
    with_twenty = count_queries(client, url())

    assert with_twenty == with_two


def test_call_page_query_count_does_not_grow_with_its_lists(client):
    call = CallFactory(envelope=Decimal("2200000"))
    page = CallPageFactory(call=call)

    def grow(size: int) -> None:
        for number in range(size):
            RequiredDocumentFactory(call=call, label=f"Pièce {number}")
            CriterionFactory(call=call)
            call.territories.add(TerritoryFactory())
        call.save()

    grow(1)
    with_one = count_queries(client, page.url)
    grow(9)
    with_ten = count_queries(client, page.url)

    assert with_ten == with_one
