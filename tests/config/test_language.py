"""The site speaks French only, whatever language the browser prefers.

There is no English catalogue: a browser asking for English used to get Django's
and the templates' English message ids around French content (« Sign in »,
« Closes on Jan. 11, 2027 at noon », « Step 1 of 4 »).
"""

from datetime import datetime

import pytest
from django.urls import reverse

from core.time import PARIS
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    CallPageFactory,
    home_page,
)

pytestmark = pytest.mark.django_db

ENGLISH = ("Sign in", "Closes on", "Step 1 of", " at noon", "Jan.", "Log in")
ENGLISH_HEADERS = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}


def assert_french(response, *expected):
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr"' in html
    for english in ENGLISH:
        assert english not in html, english
    for french in expected:
        assert french in html, french


def test_public_pages_answer_in_french_to_an_english_browser(client):
    call_page = CallPageFactory(
        call=CallFactory(closes_at=datetime(2027, 1, 11, 12, 0, tzinfo=PARIS))
    )

    assert_french(
        client.get(home_page().url, **ENGLISH_HEADERS),
        "Se connecter",
        "Clôture le 11 janvier 2027",
    )
    assert_french(
        client.get(call_page.url, **ENGLISH_HEADERS),
        "11 janvier 2027",
        "heure de Paris",
    )
    assert_french(client.get(reverse("login"), **ENGLISH_HEADERS), "Se connecter")


def test_the_dossier_answers_in_french_to_an_english_browser(client):
    application = ApplicationFactory()
    client.force_login(application.created_by)

    response = client.get(
        reverse("applications:dossier_step", args=[application.pk, 1]),
        **ENGLISH_HEADERS,
    )

    assert_french(response, "Étape 1 sur")


def test_the_admin_answers_in_french_to_an_english_browser(client):
    assert_french(client.get("/admin/login/", **ENGLISH_HEADERS), "Se connecter")
