"""The full-page cache of the public pages (core.page_cache): who is served
from it, what is stored in it, and what forgets it."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine
from django.contrib.messages import constants as levels
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.test import RequestFactory
from wagtail.models import PageViewRestriction, Site

from cms.models import SiteIdentity, StandardPage
from core import page_cache
from core.time import PARIS
from tests.directory.builders import directory_page
from tests.factories import (
    CallFactory,
    CallPageFactory,
    UserFactory,
    call_index_page,
    home_page,
)
from tests.factories.directory import ServiceFactory

from .helpers import by_testid, soup
from .page_cache_helpers import cache_status, page_cache_on  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]

NOW = datetime(2026, 11, 3, 10, 0, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def call_page():
    return CallPageFactory(
        call=CallFactory(
            reference="AAC-2026-TST-CCH",
            title="Appel mis en cache",
            opens_at=NOW - timedelta(days=7),
            closes_at=NOW + timedelta(days=14),
        )
    )


def get(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200
    return response


# Served and stored -----------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        pytest.param(lambda: home_page().url, id="home"),
        pytest.param(lambda: call_index_page().url, id="call-index"),
        pytest.param(lambda: call_index_page().url + "?status=open", id="filtered"),
        pytest.param(
            lambda: StandardPage.objects.live().first().url, id="standard-page"
        ),
    ],
)
def test_second_anonymous_visit_is_served_from_the_cache(client, call_page, url):
    first = get(client, url())
    second = get(client, url())

    assert cache_status(first) == "miss"
    assert cache_status(second) == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Cache-Control"] == "no-cache"
    # The headers of every response are set around the cache, on a hit too.
    assert "Content-Security-Policy" in second
    assert second["X-Frame-Options"] == first["X-Frame-Options"]


def test_call_page_is_cached_with_its_closing_time_for_the_browser(client, call_page):
    get(client, call_page.url)
    page = soup(get(client, call_page.url))

    time_left = by_testid(page, "time-left")
    assert time_left["data-closes-at"] == "2026-11-17T10:00:00+01:00"
    assert time_left.get_text() == "Il reste 14\xa0jours"
    assert time_left["data-sentence"] == "Il reste {left}"
    assert (time_left["data-day"], time_left["data-days"]) == (
        "1\xa0jour",
        "2\xa0jours",
    )
    script = page.select_one('script[src$="cms/js/time-left.js"]')
    assert script is not None
    assert script.has_attr("defer")


def test_directory_pages_are_cached(client):
    page = directory_page()
    service = ServiceFactory(name="USP du Ponant")
    url = f"/annuaire/services/{service.pk}-{service.slug}/"

    assert [cache_status(get(client, page.url)) for _ in range(2)] == ["miss", "hit"]
    assert [cache_status(get(client, url)) for _ in range(2)] == ["miss", "hit"]


def test_a_hit_runs_no_query(client, call_page, django_assert_num_queries):
    get(client, call_page.url)

    with django_assert_num_queries(0):
        response = get(client, call_page.url)

    assert cache_status(response) == "hit"


def reached_the_full_path(request):
    raise AssertionError("the request went past PageCacheFetchMiddleware")


def test_a_visitor_without_a_session_is_served_before_the_other_middleware(
    client, call_page, settings, monkeypatch
):
    get(client, call_page.url)
    with monkeypatch.context() as patched:
        patched.setattr(page_cache, "_request_key", reached_the_full_path)
        early = get(client, call_page.url)
    # A session cookie (stale here): served after the authentication checks.
    client.cookies[settings.SESSION_COOKIE_NAME] = "stale-session-key"
    late = get(client, call_page.url)

    assert cache_status(early) == cache_status(late) == "hit"
    assert early.content == late.content
    for header in ("Content-Security-Policy", "Permissions-Policy", "X-Frame-Options"):
        assert early[header] == late[header]
    assert early["Cache-Control"] == late["Cache-Control"] == "no-cache"


def test_head_is_served_from_what_a_get_stored(client, call_page):
    get(client, call_page.url)

    response = client.head(call_page.url)

    assert cache_status(response) == "hit"


# Never cached ----------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "?q=soins",
        "?utm_source=lettre",
        "?status=open&status=closed",
        "?page=" + "9" * 41,
    ],
)
def test_a_query_string_other_than_the_filters_is_never_cached(client, query):
    url = call_index_page().url + query

    responses = [client.get(url) for _ in range(2)]

    assert [cache_status(r) for r in responses] == ["", ""]
    assert "Cache-Control" not in responses[1]


def test_filters_in_another_order_share_one_entry(client, call_page):
    url = call_index_page().url

    get(client, url + "?status=open&kind=other")

    assert cache_status(get(client, url + "?kind=other&status=open")) == "hit"


def test_a_signed_in_user_never_gets_a_cached_page(client, call_page):
    get(client, call_page.url)
    client.force_login(UserFactory(first_name="Camille", last_name="Durand"))

    response = get(client, call_page.url)

    assert cache_status(response) == ""
    assert "Camille" in response.content.decode()
    assert response["Cache-Control"] == "private, no-cache"


def test_a_signed_in_user_never_fills_the_cache(client, call_page):
    client.force_login(UserFactory(first_name="Camille"))
    get(client, call_page.url)
    get(client, call_page.url)
    client.logout()

    response = get(client, call_page.url)

    assert cache_status(response) == "miss"
    assert "Camille" not in response.content.decode()


def test_a_page_with_a_form_token_is_never_cached(client, call_page):
    PageViewRestriction.objects.create(
        page=call_page, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )

    responses = [client.get(call_page.url) for _ in range(2)]

    assert all(b"csrfmiddlewaretoken" in r.content for r in responses)
    assert [cache_status(r) for r in responses] == ["", ""]


def test_a_page_unlocked_by_its_password_is_never_cached(client, call_page):
    PageViewRestriction.objects.create(
        page=call_page, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    session = client.session
    session["passed_page_view_restrictions"] = [
        call_page.get_view_restrictions().get().pk
    ]
    session.save()

    unlocked = get(client, call_page.url)
    client.cookies.clear()
    anonymous = client.get(call_page.url)

    assert cache_status(unlocked) == ""
    assert b"csrfmiddlewaretoken" in anonymous.content  # the password form


def message_cookie(text: str) -> tuple[str, str]:
    request = RequestFactory().get("/")
    storage = CookieStorage(request)
    storage.add(levels.SUCCESS, text)
    response = HttpResponse()
    storage.update(response)
    return storage.cookie_name, response.cookies[storage.cookie_name].value


def test_a_message_is_shown_and_never_cached(client, call_page):
    get(client, call_page.url)  # the page is in the cache
    name, value = message_cookie("Vous êtes déconnecté.")
    client.cookies[name] = value

    with_message = get(client, call_page.url)
    after = get(client, call_page.url)  # the message was read: the cookie is gone

    assert cache_status(with_message) == ""
    assert by_testid(soup(with_message), "messages") is not None
    assert "Vous êtes déconnecté." in with_message.content.decode()
    assert cache_status(after) == "hit"
    assert "Vous êtes déconnecté." not in after.content.decode()


def test_a_message_on_an_empty_cache_is_not_stored(client, call_page):
    name, value = message_cookie("Bienvenue.")
    client.cookies[name] = value

    get(client, call_page.url)
    response = get(client, call_page.url)

    assert cache_status(response) == "miss"
    assert "Bienvenue." not in response.content.decode()


def test_errors_and_redirects_are_never_cached(client):
    missing = [client.get("/nulle-part/") for _ in range(2)]
    redirected = [client.get(call_index_page().url.rstrip("/")) for _ in range(2)]

    assert [r.status_code for r in missing] == [404, 404]
    assert [r.status_code for r in redirected] == [301, 301]
    assert [cache_status(r) for r in (*missing, *redirected)] == [""] * 4


def test_private_pages_are_never_cached(client):
    responses = [client.get("/compte/connexion/") for _ in range(2)]

    assert [cache_status(r) for r in responses] == ["", ""]


def test_off_when_turned_off(client, call_page, settings):
    settings.PAGE_CACHE_ENABLED = False

    responses = [get(client, call_page.url) for _ in range(2)]

    assert [cache_status(r) for r in responses] == ["", ""]


# Invalidation ----------------------------------------------------------------


def test_publishing_a_change_of_the_call_page_invalidates(client, call_page):
    get(client, call_page.url)
    get(client, home_page().url)
    call_page.title = "Appel au titre corrigé"
    call_page.save_revision().publish()

    page = get(client, call_page.url)
    home = get(client, home_page().url)

    assert cache_status(page) == "miss"
    assert "Appel au titre corrigé" in page.content.decode()
    assert "Appel au titre corrigé" in home.content.decode()


def test_a_draft_of_the_call_page_changes_nothing(client, call_page):
    get(client, call_page.url)
    call_page.title = "Brouillon"
    call_page.save_revision()

    page = get(client, call_page.url)

    assert cache_status(page) == "hit"
    assert "Brouillon" not in page.content.decode()


def test_unpublishing_a_call_page_invalidates(client, call_page):
    get(client, call_index_page().url)
    call_page.unpublish()

    index = get(client, call_index_page().url)

    assert cache_status(index) == "miss"
    assert "AAC-2026-TST-CCH" not in index.content.decode()


def test_deleting_a_page_invalidates(client, call_page):
    standard = StandardPage(title="Page éphémère", slug="ephemere")
    home_page().add_child(instance=standard)
    standard.save_revision().publish()
    get(client, call_page.url)

    standard.delete()

    assert cache_status(get(client, call_page.url)) == "miss"


def test_changing_the_call_invalidates(client, call_page):
    get(client, call_page.url)
    call = call_page.call
    call.summary = "Un résumé ajouté après coup."
    call.save()

    page = get(client, call_page.url)

    assert cache_status(page) == "miss"
    assert "Un résumé ajouté après coup." in page.content.decode()


def test_changing_the_site_identity_invalidates(client, call_page):
    get(client, call_page.url)
    identity = SiteIdentity.for_site(Site.objects.get(is_default_site=True))
    identity.site_title = "Sillon Bretagne"
    identity.save()

    page = get(client, call_page.url)

    assert cache_status(page) == "miss"
    assert "Sillon Bretagne" in page.content.decode()


def test_changing_a_service_invalidates_the_directory(client):
    directory_page()
    service = ServiceFactory(name="USP du Ponant")
    url = f"/annuaire/services/{service.pk}-{service.slug}/"
    get(client, url)
    service.commune = "Landerneau"
    service.save()

    response = get(client, url)

    assert cache_status(response) == "miss"
    assert "Landerneau" in response.content.decode()


def test_invalidation_is_done_again_on_commit(django_capture_on_commit_callbacks):
    before = page_cache.generation()
    with django_capture_on_commit_callbacks() as callbacks:
        page_cache.invalidate()
    during = page_cache.generation()
    for callback in callbacks:
        callback()

    assert len({before, during, page_cache.generation()}) == 3


def test_a_page_expires_after_the_timeout(client, call_page, frozen, settings):
    settings.PAGE_CACHE_SECONDS = 60
    get(client, call_page.url)
    frozen.shift(timedelta(seconds=59))
    assert cache_status(get(client, call_page.url)) == "hit"
    frozen.shift(timedelta(seconds=1))
    assert cache_status(get(client, call_page.url)) == "miss"


def test_open_data_downloads_are_cached_with_their_headers(client, call_page):
    first = get(client, "/donnees/appels.csv")
    second = get(client, "/donnees/appels.csv")

    assert [cache_status(first), cache_status(second)] == ["miss", "hit"]
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Disposition"] == first["Content-Disposition"]
