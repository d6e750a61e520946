from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.contrib.messages import constants as message_levels
from django.contrib.messages.storage.base import Message
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.test import RequestFactory
from wagtail.documents.models import Document
from wagtail.models import Site

from calls.enums import CallKind
from cms.models import SiteIdentity, StandardPage
from core.time import PARIS
from tests.factories import (
    AuthorityFactory,
    CallFactory,
    CallPageFactory,
    CriterionFactory,
    RequiredDocumentFactory,
    TerritoryFactory,
    UserFactory,
    call_index_page,
    home_page,
)

from .helpers import by_testid, card_references, soup

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 3, 10, 0, tzinfo=PARIS)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def identity():
    return SiteIdentity.for_site(Site.objects.get(is_default_site=True))


def open_page(**call):
    return CallPageFactory(call=CallFactory(**call))


# Home ------------------------------------------------------------------------


def test_home_lists_open_and_upcoming_calls_but_not_closed(client, frozen):
    open_call = open_page(reference="AAC-2026-TST-OPN", title="Maison d'accompagnement")
    upcoming = CallPageFactory(
        call=CallFactory(upcoming=True, reference="AAC-2026-TST-UPC")
    )
    closed = CallPageFactory(
        call=CallFactory(closed=True, reference="AAC-2026-TST-CLO")
    )

    response = client.get(home_page().url)

    assert response.status_code == 200
    page = soup(response)
    assert card_references(by_testid(page, "open-calls")) == ["AAC-2026-TST-OPN"]
    assert card_references(by_testid(page, "upcoming-calls")) == ["AAC-2026-TST-UPC"]
    assert "Maison d'accompagnement" in by_testid(page, "open-calls").get_text()
    assert closed.call.reference not in response.content.decode()
    assert upcoming.title in by_testid(page, "upcoming-calls").get_text()
    assert by_testid(page, "open-calls-empty") is None
    assert open_call.url in {a["href"] for a in page.select("a[href]")}


def test_home_shows_closing_date_and_time_of_open_calls(client, frozen):
    open_page(closes_at=datetime(2027, 1, 15, 12, 0, tzinfo=PARIS))

    card = by_testid(soup(client.get(home_page().url)), "open-calls")

    closes = by_testid(card, "closes-at").get_text()
    assert "15 janvier 2027" in closes
    assert "12:00" in closes
    assert by_testid(card, "time-left") is not None


def test_home_without_calls_shows_empty_states(client, frozen):
    CallPageFactory(call=CallFactory(closed=True))

    page = soup(client.get(home_page().url))

    assert card_references(by_testid(page, "open-calls")) == []
    assert by_testid(page, "open-calls-empty") is not None
    assert by_testid(page, "upcoming-calls-empty") is not None
    assert by_testid(page, "call-index-link")["href"] == call_index_page().url


def test_home_has_one_h1_and_a_french_lang(client, frozen):
    response = client.get(home_page().url)

    page = soup(response)
    assert len(page.find_all("h1")) == 1
    assert page.html["lang"] == "fr"
    assert page.select_one("main#content") is not None
    assert {a["href"] for a in page.select(".fr-skiplinks a")} == {
        "#content",
        "#navigation",
        "#footer",
    }


# Call index --------------------------------------------------------------------


@pytest.fixture
def three_calls(frozen):
    bretagne = AuthorityFactory(slug="ars-bretagne", name="ARS Bretagne")
    return {
        "open": open_page(
            reference="AAC-2026-TST-OPN", kind=CallKind.FILIERE, authority=bretagne
        ),
        "upcoming": CallPageFactory(
            call=CallFactory(
                upcoming=True,
                reference="AAC-2026-TST-UPC",
                kind=CallKind.MAISON_ACCOMPAGNEMENT,
            )
        ),
        "closed": CallPageFactory(
            call=CallFactory(
                closed=True,
                reference="AAC-2026-TST-CLO",
                kind=CallKind.FILIERE,
            )
        ),
    }


def index(client, **params):
    response = client.get(call_index_page().url, params)
    assert response.status_code == 200
    return soup(response)


def test_call_index_lists_every_call_with_its_status(client, three_calls):
    page = index(client)

    assert sorted(card_references(page)) == [
        "AAC-2026-TST-CLO",
        "AAC-2026-TST-OPN",
        "AAC-2026-TST-UPC",
    ]
    assert by_testid(page, "result-count")["data-count"] == "3"
    statuses = {
        card["data-reference"]: by_testid(card, "status-badge")["data-status"]
        for card in page.select('[data-testid="call-card"]')
    }
    assert statuses == {
        "AAC-2026-TST-OPN": "open",
        "AAC-2026-TST-UPC": "upcoming",
        "AAC-2026-TST-CLO": "closed",
    }


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("open", ["AAC-2026-TST-OPN"]),
        ("upcoming", ["AAC-2026-TST-UPC"]),
        ("closed", ["AAC-2026-TST-CLO"]),
    ],
)
def test_call_index_filters_by_status(client, three_calls, status, expected):
    page = index(client, status=status)

    assert card_references(page) == expected
    selected = page.select_one('select[name="status"] option[selected]')
    assert selected["value"] == status


def test_call_index_filters_by_kind(client, three_calls):
    page = index(client, kind=CallKind.FILIERE)

    assert sorted(card_references(page)) == ["AAC-2026-TST-CLO", "AAC-2026-TST-OPN"]


def test_call_index_filters_by_authority(client, three_calls):
    page = index(client, authority="ars-bretagne")

    assert card_references(page) == ["AAC-2026-TST-OPN"]


def test_call_index_ignores_an_invalid_filter_value(client, three_calls):
    page = index(client, status="bogus", authority="nowhere")

    assert len(card_references(page)) == 3


def test_call_index_keeps_the_valid_filters_when_one_is_invalid(client, three_calls):
    page = index(client, status="open", kind="bogus")

    assert card_references(page) == ["AAC-2026-TST-OPN"]


def test_call_index_empty_state(client, three_calls):
    page = index(client, status="upcoming", kind=CallKind.FILIERE)

    assert card_references(page) == []
    assert by_testid(page, "result-count")["data-count"] == "0"
    assert by_testid(page, "call-index-empty") is not None


def test_call_index_filter_form_is_labelled(client, three_calls):
    page = index(client)

    form = by_testid(page, "call-filters")
    assert form["method"] == "get"
    for select in form.select("select"):
        assert "fr-select" in select["class"]
        assert form.select_one(f'label[for="{select["id"]}"]').get_text(strip=True)
    assert by_testid(page, "filter-reset")["href"] == call_index_page().url


# Call page -----------------------------------------------------------------------


OPENS = datetime(2026, 10, 1, 9, 0, tzinfo=PARIS)
CLOSES = datetime(2027, 1, 15, 12, 0, tzinfo=PARIS)


@pytest.fixture
def call_page():
    with time_machine.travel(OPENS - timedelta(days=30), tick=False):
        page = CallPageFactory(
            call=CallFactory(
                reference="AAC-2025-BRE-MAV",
                title="Maison d'accompagnement à la fin de vie",
                opens_at=OPENS,
                closes_at=CLOSES,
                envelope=Decimal("2200000.00"),
                expected_laureates=1,
            )
        )
    return page


def get_call_page(client, page, at):
    with time_machine.travel(at, tick=False):
        response = client.get(page.url)
    assert response.status_code == 200
    return soup(response)


def test_call_page_shows_reference_dates_and_envelope(client, call_page):
    call = call_page.call
    call.territories.add(TerritoryFactory(name="Bretagne", code="53"))
    call.save()  # a ParentalManyToManyField is written on save
    RequiredDocumentFactory(call=call, label="Budget prévisionnel")
    CriterionFactory(call=call, label="Qualité du partenariat", weight=Decimal("40"))

    page = get_call_page(client, call_page, NOW)

    assert page.h1.get_text(strip=True) == "Maison d'accompagnement à la fin de vie"
    assert "AAC-2025-BRE-MAV" in by_testid(page, "call-reference").get_text()
    closes = by_testid(page, "closes-at").get_text()
    assert "15 janvier 2027" in closes
    assert "12:00" in closes
    opens = by_testid(page, "opens-at").get_text()
    assert "1 octobre 2026" in opens
    assert "09:00" in opens
    assert (
        by_testid(page, "call-envelope").get_text(strip=True) == "2\xa0200\xa0000\xa0€"
    )
    assert by_testid(page, "call-laureates").get_text(strip=True) == "1"
    assert by_testid(page, "call-territories").get_text(strip=True) == "Bretagne"
    assert "Budget prévisionnel" in by_testid(page, "required-documents").get_text()
    criteria = [
        [cell.get_text(strip=True) for cell in row.select("td")]
        for row in by_testid(page, "criteria").select("tbody tr")
    ]
    assert criteria == [["Qualité du partenariat", "40"]]
    assert by_testid(page, "time-left") is not None


def test_call_page_shows_closing_time_in_paris_in_summer(client, frozen):
    page = CallPageFactory(
        call=CallFactory(
            opens_at=NOW - timedelta(days=1),
            closes_at=datetime(2027, 6, 30, 10, 0, tzinfo=ZoneInfo("UTC")),
        )
    )

    closes = by_testid(get_call_page(client, page, NOW), "closes-at").get_text()

    assert "30 juin 2027" in closes
    assert "12:00" in closes


def test_apply_button_shown_one_second_before_closing(client, call_page):
    page = get_call_page(client, call_page, CLOSES - timedelta(seconds=1))

    button = page.select_one("#apply-button")
    assert button is not None
    assert "fr-btn" in button["class"]
    assert button["href"] == f"/espace/dossiers/nouveau/?call={call_page.call.pk}"
    assert by_testid(page, "status-badge")["data-status"] == "open"


def test_apply_button_absent_at_closing_time(client, call_page):
    page = get_call_page(client, call_page, CLOSES)

    assert page.select_one("#apply-button") is None
    assert by_testid(page, "call-closed-notice") is not None
    assert "15 janvier 2027" in by_testid(page, "call-closed-notice").get_text()
    assert by_testid(page, "status-badge")["data-status"] == "closed"


def test_apply_button_absent_before_opening(client, call_page):
    page = get_call_page(client, call_page, OPENS - timedelta(seconds=1))

    assert page.select_one("#apply-button") is None
    notice = by_testid(page, "call-upcoming-notice").get_text()
    assert "1 octobre 2026" in notice
    assert "09:00" in notice
    assert by_testid(page, "status-badge")["data-status"] == "upcoming"


def test_apply_button_shown_at_opening_time(client, call_page):
    page = get_call_page(client, call_page, OPENS)

    assert page.select_one("#apply-button") is not None


def test_call_page_renders_body_documents_and_faq(client, call_page):
    call_page.body = [
        ("heading", {"text": "Contexte", "level": "h2"}),
        ("paragraph", "<p>La feuille de route régionale.</p>"),
        ("callout", {"title": "À noter", "text": "Une seule candidature."}),
    ]
    call_page.faq = [
        ("item", {"question": "Qui peut candidater ?", "answer": "<p>Tous.</p>"})
    ]
    content = b"%PDF-1.4 cahier"
    document = Document.objects.create(
        title="Cahier des charges",
        file=ContentFile(content, name="cahier-des-charges.pdf"),
        file_size=len(content),
    )
    call_page.documents = [("download", {"document": document, "title": ""})]
    call_page.save_revision().publish()

    page = get_call_page(client, call_page, NOW)

    link = by_testid(page, "call-documents").select_one("a")
    assert link["href"] == document.url
    link_text = " ".join(link.get_text().split())
    assert link_text == "Cahier des charges PDF \u2013 15 octets"
    body = by_testid(page, "call-body")
    assert body.h2.get_text(strip=True) == "Contexte"
    assert "La feuille de route régionale." in body.get_text()
    assert body.select_one(".fr-callout .fr-callout__title").get_text() == "À noter"
    button = by_testid(page, "faq").select_one(".fr-accordion__btn")
    assert button.get_text(strip=True) == "Qui peut candidater ?"
    assert (
        page.select_one(f"#{button['aria-controls']}").get_text(strip=True) == "Tous."
    )


# Identity ----------------------------------------------------------------------


def test_state_branding_shows_the_marianne_block(client, identity):
    identity.branding = "state"
    identity.operator_name = "ARS Bretagne"
    identity.save()

    response = client.get(home_page().url)

    page = soup(response)
    assert by_testid(page, "marianne") is not None
    assert page.select_one(".fr-header .fr-logo") is not None
    assert "ARS Bretagne" in by_testid(page, "header").get_text()


def test_neutral_branding_hides_the_marianne_block(client, identity):
    identity.branding = "neutral"
    identity.operator_name = "Démo Sillon"
    identity.save()

    response = client.get(home_page().url)

    page = soup(response)
    assert by_testid(page, "marianne") is None
    assert page.select_one(".fr-logo") is None
    assert "République" not in response.content.decode()
    assert identity.site_title in by_testid(page, "header").get_text()


def test_footer_shows_operator_and_contact(client, identity):
    identity.operator_name = "ARS Bretagne"
    identity.contact_email = "ars-bretagne-appels@example.org"
    identity.legal_notice = (
        "<p>Directeur de la publication : la directrice générale.</p>"
    )
    identity.save()

    page = soup(client.get(home_page().url))

    assert "ARS Bretagne" in by_testid(page, "footer-operator").get_text()
    assert (
        by_testid(page, "footer-contact")["href"]
        == "mailto:ars-bretagne-appels@example.org"
    )
    assert "Directeur de la publication" in by_testid(page, "legal-notice").get_text()


# Navigation ----------------------------------------------------------------------


def test_main_navigation_marks_the_current_section(client, frozen):
    call_page = open_page()
    index_url = call_index_page().url

    home = soup(client.get(home_page().url))
    listing = soup(client.get(index_url))
    detail = soup(client.get(call_page.url))

    assert by_testid(home, "nav-calls")["href"] == index_url
    assert home.select_one('#navigation a[aria-current="page"]')["href"] == "/"
    assert by_testid(listing, "nav-calls")["aria-current"] == "page"
    assert by_testid(detail, "nav-calls")["aria-current"] == "true"


def test_main_navigation_has_the_sign_in_link(client, frozen):
    page = soup(client.get(home_page().url))

    assert by_testid(page, "login-link")["href"] == "/compte/connexion/?next=/"
    assert by_testid(page, "logout-button") is None


def test_signed_in_user_sees_name_and_logout_form(client, frozen):
    user = UserFactory(first_name="Dominique", last_name="Exemple")
    client.force_login(user)

    page = soup(client.get(home_page().url))

    espace_link = by_testid(page, "espace-link")
    assert espace_link["href"] == "/espace/"
    assert "Dominique Exemple" in espace_link.get_text(strip=True)
    form = by_testid(page, "logout-button").find_parent("form")
    assert form["method"] == "post"
    assert form["action"] == "/compte/deconnexion/"
    assert form.select_one('input[name="csrfmiddlewaretoken"]') is not None
    assert by_testid(page, "login-link") is None


def test_messages_render_as_dsfr_alerts(rf: RequestFactory):
    request = rf.get("/")
    request.user = UserFactory.build()

    html = render_to_string(
        "base.html",
        {"messages": [Message(message_levels.SUCCESS, "Dossier enregistré.")]},
        request=request,
    )

    alert = BeautifulSoup(html, "html.parser").select_one(
        '[data-testid="messages"] .fr-alert'
    )
    assert "fr-alert--success" in alert["class"]
    assert alert.get_text(strip=True) == "Dossier enregistré."


# Other pages -----------------------------------------------------------------------


def test_standard_page_renders(client):
    page = StandardPage(
        title="Mentions légales",
        slug="mentions-legales",
        intro="Qui publie ce site.",
        body=[("paragraph", "<p>Éditeur : ARS.</p>")],
    )
    home_page().add_child(instance=page)
    page.save_revision().publish()

    response = client.get(page.url)

    assert response.status_code == 200
    document = soup(response)
    assert document.h1.get_text(strip=True) == "Mentions légales"
    assert "Éditeur : ARS." in document.select_one(".sillon-richtext").get_text()


def test_login_page_renders_a_labelled_form_with_csrf(client):
    response = client.get("/compte/connexion/", {"next": "/appels/"})

    assert response.status_code == 200
    form = by_testid(soup(response), "login-form")
    assert form["method"] == "post"
    assert form.select_one('input[name="csrfmiddlewaretoken"]') is not None
    assert form.select_one('input[name="next"]')["value"] == "/appels/"
    for field in form.select("input.fr-input"):
        assert form.select_one(f'label[for="{field["id"]}"]') is not None
    assert {field["name"] for field in form.select("input.fr-input")} == {
        "username",
        "password",
    }


def test_login_page_shows_an_error_for_wrong_credentials(client):
    UserFactory(username="porteur")

    response = client.post(
        "/compte/connexion/", {"username": "porteur", "password": "mauvais"}
    )

    assert response.status_code == 200
    assert by_testid(soup(response), "login-errors") is not None


def test_login_page_marks_a_missing_field_invalid(client):
    response = client.post(
        "/compte/connexion/", {"username": "porteur", "password": ""}
    )

    assert response.status_code == 200
    field = soup(response).select_one('input[name="password"]')
    assert field["aria-invalid"] == "true"
    error = soup(response).select_one(f"#{field['aria-describedby']}")
    assert error.get_text(strip=True)


def test_login_signs_in_and_follows_next(client):
    UserFactory(username="porteur")

    response = client.post(
        "/compte/connexion/",
        {
            "username": "porteur",
            "password": "mot-de-passe-de-test",
            "next": "/appels/",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == "/appels/"


def test_missing_page_renders_the_404_template(client):
    response = client.get("/cette-page-n-existe-pas/")

    assert response.status_code == 404
    page = soup(response)
    assert len(page.find_all("h1")) == 1
    assert page.select_one("main#content") is not None


def test_500_template_renders_without_a_request():
    html = render_to_string("500.html")

    page = BeautifulSoup(html, "html.parser")
    assert page.h1 is not None
    assert page.select_one('link[href$="core/css/dsfr-sillon.min.css"]') is not None
