"""The apply button appears and goes at the exact second, across the page
cache: a page cached before a call opens or closes is never served past it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from cms.views import next_change_of
from tests.factories import CallFactory, CallPageFactory, call_index_page, home_page

from .helpers import by_testid, card_references, soup
from .page_cache_helpers import cache_status, page_cache_on  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]

OPENS = datetime(2026, 10, 1, 7, 0, tzinfo=UTC)
CLOSES = datetime(2027, 1, 15, 11, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)


@pytest.fixture
def clock():
    with time_machine.travel(OPENS - timedelta(hours=1), tick=False) as traveller:
        yield traveller


@pytest.fixture
def call_page(clock):
    return CallPageFactory(
        call=CallFactory(reference="AAC-2026-TST-CLK", opens_at=OPENS, closes_at=CLOSES)
    )


def visit(client, clock, moment, url):
    clock.move_to(moment)
    response = client.get(url)
    assert response.status_code == 200
    return response


def has_button(response) -> bool:
    return soup(response).select_one("#apply-button") is not None


def test_the_button_goes_at_the_closing_second(client, clock, call_page):
    url = call_page.url
    cached = visit(client, clock, CLOSES - timedelta(minutes=3), url)
    before = visit(client, clock, CLOSES - SECOND, url)
    at = visit(client, clock, CLOSES, url)
    after = visit(client, clock, CLOSES + SECOND, url)

    assert (cache_status(cached), has_button(cached)) == ("miss", True)
    assert (cache_status(before), has_button(before)) == ("hit", True)
    assert (cache_status(at), has_button(at)) == ("miss", False)
    assert by_testid(soup(at), "call-closed-notice") is not None
    assert by_testid(soup(at), "time-left") is None
    assert (cache_status(after), has_button(after)) == ("hit", False)


def test_the_button_appears_at_the_opening_second(client, clock, call_page):
    url = call_page.url
    cached = visit(client, clock, OPENS - timedelta(minutes=3), url)
    before = visit(client, clock, OPENS - SECOND, url)
    at = visit(client, clock, OPENS, url)
    after = visit(client, clock, OPENS + SECOND, url)

    assert (cache_status(cached), has_button(cached)) == ("miss", False)
    assert by_testid(soup(cached), "call-upcoming-notice") is not None
    assert (cache_status(before), has_button(before)) == ("hit", False)
    assert (cache_status(at), has_button(at)) == ("miss", True)
    assert (cache_status(after), has_button(after)) == ("hit", True)


def test_a_page_rendered_within_the_last_second_is_not_stored(client, clock, call_page):
    # Whole seconds, rounded down: less than one left, nothing is stored.
    last = visit(client, clock, CLOSES - timedelta(milliseconds=400), call_page.url)
    again = visit(client, clock, CLOSES - timedelta(milliseconds=100), call_page.url)

    assert [cache_status(last), cache_status(again)] == ["", ""]
    assert has_button(again)


@pytest.mark.parametrize(
    "url",
    [
        pytest.param(lambda: home_page().url, id="home"),
        pytest.param(lambda: call_index_page().url, id="call-index"),
        pytest.param(lambda: call_index_page().url + "?status=open", id="only-open"),
    ],
)
def test_listings_change_at_the_second_a_call_opens(client, clock, call_page, url):
    before = visit(client, clock, OPENS - SECOND, url())
    at = visit(client, clock, OPENS, url())

    assert cache_status(at) == "miss"
    status = by_testid(soup(at), "status-badge")
    if status is not None:
        assert status["data-status"] == "open"
    assert before.content != at.content


def test_the_open_calls_list_changes_at_the_second_one_closes(client, clock, call_page):
    url = call_index_page().url + "?status=open"
    other = CallPageFactory(
        call=CallFactory(
            reference="AAC-2026-TST-LTR",
            opens_at=OPENS,
            closes_at=CLOSES + timedelta(days=30),
        )
    )
    before = visit(client, clock, CLOSES - SECOND, url)
    at = visit(client, clock, CLOSES, url)

    listed = card_references(soup(before).select_one("main"))
    assert sorted(listed) == ["AAC-2026-TST-CLK", "AAC-2026-TST-LTR"]
    assert card_references(soup(at).select_one("main")) == [other.call.reference]


def test_next_change_is_the_first_moment_after_now():
    first = CallFactory.build(opens_at=OPENS, closes_at=CLOSES)
    second = CallFactory.build(opens_at=OPENS + SECOND, closes_at=CLOSES - SECOND)

    assert next_change_of([first, second], OPENS - SECOND) == OPENS
    assert next_change_of([first, second], OPENS) == OPENS + SECOND
    assert next_change_of([first, second], CLOSES - SECOND) == CLOSES
    assert next_change_of([first], CLOSES) is None
