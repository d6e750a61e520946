"""The directory's public pages: the search page with its list and its map, a
service's page, and a recognised filière's page (nothing before the release,
updated by a correction); the header's link; their query counts."""

from datetime import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.enums import ApplicationState
from calls.enums import CallKind, PartnerCategory
from core.maps import MapArea
from core.time import PARIS
from directory.enums import ServiceKind, ServiceSource
from directory.search_map import search_map_areas
from directory.selectors import filiere_slug, recognised_filieres
from reviews import services as reviews_services
from reviews.enums import DecisionOutcome, ReleaseItemStatus, ReleaseKind
from reviews.models import ReleaseBatch
from tests.directory.builders import (
    PERSONAL,
    cornouaille_usp,
    directory_page,
    geography,
    partner_item,
    recognise,
    three_services,
)
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    CriterionFactory,
    ManagerFactory,
    PartnerFactory,
    ReviewerFactory,
    assign,
    drive_to,
    home_page,
    submitted_review,
)
from tests.factories.directory import ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def places():
    return geography()


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def text(element) -> str:
    return " ".join(element.get_text(" ").split())


def service_url(service, query: str = "") -> str:
    return reverse("directory:service", args=[service.pk, service.slug]) + query


def filiere_url(territory) -> str:
    return reverse("directory:filiere", args=[territory.pk, filiere_slug(territory)])


# The search page --------------------------------------------------------------------


@pytest.fixture
def brittany(places):
    return three_services(places)


def test_the_directory_page_shows_the_search_the_results_and_the_map(client, brittany):
    page = directory_page()

    html = soup(client.get(page.url))

    assert text(html.h1) == "Annuaire des soins palliatifs"
    form = html.find("form", attrs={"data-testid": "directory-search"})
    assert form["method"] == "get"
    labels = [text(label) for label in form.find_all("label")]
    assert labels == [
        "Rechercher Nom, établissement, commune, code postal ou numéro FINESS",
        "Type de service",
        "Filière",
        "Département",
        "Public accueilli",
    ]
    for label in form.find_all("label"):
        assert form.find(id=label["for"]) is not None
    assert text(form.find("button", type="submit")) == "Rechercher"
    assert [o.text for o in form.find("select", id="id_kind").find_all("option")] == [
        "Tous les types",
        "Unité de soins palliatifs (USP)",
        "Équipe mobile de soins palliatifs (EMSP)",
        "Hospitalisation à domicile (HAD)",
    ]
    assert [
        o["value"] for o in form.find("select", id="id_departement").find_all("option")
    ] == ["", "22", "29"]
    count = html.find(attrs={"data-testid": "result-count"})
    assert text(count) == "3 services"
    assert count["aria-live"] == "polite"
    cards = html.find_all(attrs={"data-testid": "service-card"})
    # By département, then commune: Lannion, Saint-Brieuc (22), Quimper (29).
    assert [text(card.h3) for card in cards] == [
        "HAD des Côtes-d'Armor",
        "Équipe mobile de Saint-Brieuc",
        "Unité de soins palliatifs de Quimper",
    ]
    quimper = text(cards[2])
    assert "Unité de soins palliatifs (USP)" in quimper
    assert "Donnée illustrative" in quimper
    assert "Quimper — Finistère (29)" in quimper
    assert "Téléphone : 02 98 00 00 01" in quimper
    assert "Public accueilli : Adultes" in quimper
    assert "Public accueilli : Adultes et enfants" in text(cards[1])
    assert len(html.find_all(attrs={"data-testid": "illustrative-badge"})) == 1
    carte = html.find(attrs={"data-testid": "departements-map"})
    finistere = carte.find("path", attrs={"data-code": "29"})
    assert text(finistere.title) == "Finistère (29) : 1 service"
    assert finistere.find_parent("a")["href"] == "?departement=29"
    assert text(carte.find("path", attrs={"data-code": "22"}).title) == (
        "Côtes-d'Armor (22) : 2 services"
    )


def test_the_map_areas_count_the_search_in_each_departement():
    finistere = SimpleNamespace(pk=1, code="29", name="Finistère")
    morbihan = SimpleNamespace(pk=2, code="56", name="Morbihan")
    ille = SimpleNamespace(pk=3, code="35", name="Ille-et-Vilaine")

    areas = search_map_areas(
        [finistere, morbihan, ille],
        {1: 12, 3: 1},
        lambda departement: f"?departement={departement.code}",
    )

    assert areas == [
        MapArea("29", "Finistère (29) : 12 services", "many", "?departement=29"),
        MapArea("56", "Morbihan (56) : 0 service", "none", "?departement=56"),
        MapArea("35", "Ille-et-Vilaine (35) : 1 service", "some", "?departement=35"),
    ]


def test_the_search_narrows_the_list_and_the_map_keeps_the_other_departements(
    client, brittany, places
):
    page = directory_page()

    response = client.get(page.url, {"q": "saint brieuc", "departement": "22"})

    html = soup(response)
    assert text(html.find(attrs={"data-testid": "result-count"})) == "1 service"
    assert [a.area.href for a in response.context["search_map"].shapes if a.area] == [
        "?q=saint+brieuc&departement=22",
        "?q=saint+brieuc&departement=29",
    ]
    areas = {
        s.code: s.area.label for s in response.context["search_map"].shapes if s.area
    }
    assert areas == {
        "22": "Côtes-d'Armor (22) : 1 service",
        "29": "Finistère (29) : 0 service",
    }
    link = html.find(attrs={"data-testid": "service-card"}).find("a")
    assert link["href"] == service_url(brittany[1], "?q=saint+brieuc&departement=22")
    assert html.find(attrs={"data-testid": "download-csv"})["href"] == (
        "/annuaire/export.csv?q=saint+brieuc&departement=22"
    )
    assert "Télécharger les services de cette recherche" in text(html)


def test_each_filter_of_the_page_narrows_the_list(client, brittany, places):
    page = directory_page()

    def found(**params):
        response = client.get(page.url, params)
        return sorted(s.name for s in response.context["results"])

    assert found(kind="had") == ["HAD des Côtes-d'Armor"]
    assert found(filiere="BRE-COR") == ["Unité de soins palliatifs de Quimper"]
    assert found(departement="29") == ["Unité de soins palliatifs de Quimper"]
    assert found(age_group="children") == ["Équipe mobile de Saint-Brieuc"]
    assert found(departement="22", kind="emsp", q="équipe") == [
        "Équipe mobile de Saint-Brieuc"
    ]


def test_an_invalid_filter_is_dropped_not_an_error(client, brittany):
    page = directory_page()

    response = client.get(page.url, {"kind": "nope", "departement": "99", "q": "had"})

    assert response.status_code == 200
    assert [s.name for s in response.context["results"]] == ["HAD des Côtes-d'Armor"]


def test_the_page_says_when_nothing_matches(client, brittany):
    page = directory_page()

    html = soup(client.get(page.url, {"q": "introuvable"}))

    assert text(html.find(attrs={"data-testid": "result-count"})) == "0 service"
    assert text(html.find(attrs={"data-testid": "no-result"})) == (
        "Aucun service ne correspond à cette recherche."
    )


def test_the_header_links_to_the_directory_only_when_its_page_is_live(client, brittany):
    home = home_page()
    assert (
        soup(client.get(home.url)).find(attrs={"data-testid": "nav-directory"}) is None
    )

    page = directory_page()
    link = soup(client.get(home.url)).find(attrs={"data-testid": "nav-directory"})
    assert (link["href"], text(link)) == (page.url, "Annuaire des services")
    assert not link.has_attr("aria-current")
    on_page = soup(client.get(page.url)).find(attrs={"data-testid": "nav-directory"})
    assert on_page["aria-current"] == "page"
    below = soup(client.get(service_url(brittany[0])))
    assert below.find(attrs={"data-testid": "nav-directory"})["aria-current"] == "true"

    page.unpublish()
    assert (
        soup(client.get(home.url)).find(attrs={"data-testid": "nav-directory"}) is None
    )


# A service's page -------------------------------------------------------------------


@pytest.fixture
def usp(places):
    return cornouaille_usp(
        places,
        description="Douze lits au quatrième étage.",
        serves_children=True,
        hours="Admissions du lundi au vendredi, 9 h à 17 h.",
        out_of_hours="Astreinte médicale la nuit et le week-end.",
        source=ServiceSource.FINESS,
        finess_updated_on=datetime(2025, 9, 1).date(),
    )


def facts(html) -> dict[str, str]:
    return {
        text(dt): text(dt.find_next_sibling("dd"))
        for dt in html.find(id="content").find_all("dt")
    }


def test_a_service_page_shows_all_its_fields_in_french(client, usp):
    directory_page()

    html = soup(client.get(service_url(usp)))

    assert text(html.h1) == "Unité de soins palliatifs de Cornouaille"
    assert text(html.title).startswith("Unité de soins palliatifs de Cornouaille — ")
    assert facts(html) == {
        "Adresse": "14 avenue Yves Thépot 29000 Quimper",
        "Département": "Finistère (29)",
        "Téléphone": "02 98 52 60 60",
        "Adresse électronique": "usp@ch-cornouaille.example.org",
        "Site internet": "https://www.ch-cornouaille.example.org/usp",
        "Type de service": "Unité de soins palliatifs (USP)",
        "Public accueilli": "Adultes et enfants",
        "Lits": "12",
        "Filière": "Cornouaille",
        "Horaires d'ouverture": "Admissions du lundi au vendredi, 9 h à 17 h.",
        "Nuits, week-ends et jours fériés": (
            "Astreinte médicale la nuit et le week-end."
        ),
        "Établissement": "Centre hospitalier de Cornouaille",
        "Numéro FINESS de l'établissement (ET)": "290000017",
        "Numéro FINESS de l'entité juridique (EJ)": "290000025",
        "SIRET": "26290001700018",
    }
    assert html.find(attrs={"data-testid": "service-phone"})["href"] == (
        "tel:0298526060"
    )
    assert html.find(attrs={"data-testid": "service-email"})["href"] == (
        "mailto:usp@ch-cornouaille.example.org"
    )
    assert text(html.find(attrs={"data-testid": "illustrative-badge"})) == (
        "Donnée illustrative"
    )
    assert "Douze lits au quatrième étage." in text(html)
    assert text(html.find(attrs={"data-testid": "service-source"})).startswith(
        "Source : données ouvertes FINESS, fiche du 1 septembre 2025."
    )
    assert html.find("link", rel="canonical")["href"] == (
        "http://testserver" + service_url(usp)
    )


def test_a_service_without_beds_nor_contacts_shows_none(client, places):
    emsp = ServiceFactory(
        kind=ServiceKind.EMSP, beds=None, phone="", departement=places.finistere
    )

    shown = facts(soup(client.get(service_url(emsp))))

    assert "Lits" not in shown
    assert "Téléphone" not in shown
    assert "Adresse électronique" not in shown
    assert "Filière" not in shown


def test_the_breadcrumb_goes_back_to_the_search(client, usp):
    page = directory_page()

    html = soup(client.get(service_url(usp, "?q=coeur&departement=29&page=2&x=1")))

    crumb = html.find(attrs={"data-testid": "breadcrumb-directory"})
    assert (text(crumb), crumb["href"]) == (
        "Annuaire des soins palliatifs",
        page.url + "?q=coeur&departement=29&page=2",
    )
    assert (
        html.find(attrs={"data-testid": "back-to-directory"})["href"] == crumb["href"]
    )


def test_without_a_directory_page_the_service_page_still_shows(client, usp):
    html = soup(client.get(service_url(usp)))

    assert html.find(attrs={"data-testid": "breadcrumb-directory"}) is None


def test_a_wrong_slug_redirects_for_good_to_the_canonical_url(client, usp):
    wrong = reverse("directory:service", args=[usp.pk, "ancien-nom"])

    response = client.get(wrong + "?q=coeur")

    assert response.status_code == 301
    assert response["Location"] == service_url(usp, "?q=coeur")


def test_an_unpublished_or_unknown_service_is_not_found(client, usp):
    usp.published = False
    usp.save()

    assert client.get(service_url(usp)).status_code == 404
    unknown = reverse("directory:service", args=[usp.pk + 1, "x"])
    assert client.get(unknown).status_code == 404


# The recognised filières -------------------------------------------------------------


def with_people_and_families():
    """Partners of every kind: named organisations, a libéral (counted), one
    who declined (absent)."""
    return [
        partner_item("Cabinet du Dr Jean Libéral", PartnerCategory.CITY_PROFESSIONALS),
        partner_item("Cabinet infirmier Anne Soin", PartnerCategory.CITY_PROFESSIONALS),
        partner_item("Clinique qui a décliné", PartnerCategory.HAD, status="declined"),
    ]


def test_a_filiere_shows_nowhere_before_its_release(client, places):
    page = directory_page()
    recognise(places.cornouaille, released_at=None)

    assert recognised_filieres() == []
    assert client.get(filiere_url(places.cornouaille)).status_code == 404
    html = soup(client.get(page.url))
    assert html.find(attrs={"data-testid": "recognised-filieres"}) is None


def test_a_released_recognition_shows_its_filiere_and_its_organisations(
    client, places, usp
):
    page = directory_page()
    recognise(places.cornouaille, extra_partners=with_people_and_families())
    ServiceFactory(name="USP d'ailleurs", departement=places.finistere)

    html = soup(client.get(filiere_url(places.cornouaille)))

    assert text(html.h1) == "Filière Cornouaille"
    assert text(html.find(attrs={"data-testid": "recognition"})).startswith(
        "Reconnue le 30 octobre 2025 à l'issue de l'appel à candidatures AAC-"
    )
    assert text(html.find(attrs={"data-testid": "filiere-lead"})) == (
        "Portée par Centre hospitalier de Cornouaille "
        "(Établissements de santé (avec LISP))."
    )
    table = html.find(attrs={"data-testid": "filiere-partners"}).table
    assert text(table.caption) == (
        "Les organisations partenaires, telles que les nomme le dossier reconnu"
    )
    assert [text(row) for row in table.tbody.find_all("tr")] == [
        "DAC Finistère Sud Structures de coordination (DAC)",
        "Équipe mobile de Cornouaille Équipes expertes (EMSP, USP, ERRSPP)",
        "Association JALMALV Quimper Associations de bénévoles",
    ]
    counted = text(html.find(attrs={"data-testid": "filiere-counted"}))
    assert counted.startswith(
        "Professionnels de ville (CPTS, libéraux) : 2 partenaires"
    )
    page_text = text(html)
    for hidden in ("Jean Libéral", "Anne Soin", "Clinique qui a décliné", *PERSONAL):
        assert hidden not in page_text
    cards = html.find_all(attrs={"data-testid": "service-card"})
    assert [text(card.h3) for card in cards] == [usp.name]
    crumb = html.find(attrs={"data-testid": "breadcrumb-directory"})
    assert crumb["href"] == page.url
    block = soup(client.get(page.url)).find(
        attrs={"data-testid": "recognised-filieres"}
    )
    assert text(block.find("li")) == (
        "Cornouaille — portée par Centre hospitalier de Cornouaille, "
        "reconnue le 30 octobre 2025"
    )
    assert block.find("a")["href"] == filiere_url(places.cornouaille)
    service_page = soup(client.get(service_url(usp)))
    filiere = service_page.find(attrs={"data-testid": "service-filiere"})
    assert text(filiere) == "Cornouaille (filière reconnue)"
    assert filiere.a["href"] == filiere_url(places.cornouaille)


def test_the_partner_rows_name_organisations_and_families(places):
    recognise(places.cornouaille, extra_partners=with_people_and_families())

    (item,) = recognised_filieres()

    # In the order of the version on record: by family, then name.
    assert [(p.name, p.family) for p in item.partners] == [
        ("DAC Finistère Sud", "Structures de coordination (DAC)"),
        ("Équipe mobile de Cornouaille", "Équipes expertes (EMSP, USP, ERRSPP)"),
        ("Association JALMALV Quimper", "Associations de bénévoles"),
    ]


def test_a_filiere_waits_until_every_letter_of_its_call_is_sent(places):
    decision = recognise(places.cornouaille)
    call = decision.application.call
    other = recognise(places.coeur_de_breizh, call=call)
    item = other.release_items.get()
    item.status = ReleaseItemStatus.PENDING
    item.save(update_fields=["status"])

    # As the call's public results: not while a letter is still on its way.
    assert recognised_filieres() == []

    item.status = ReleaseItemStatus.DONE
    item.save(update_fields=["status"])
    assert [f.territory for f in recognised_filieres()] == [
        places.coeur_de_breizh,
        places.cornouaille,
    ]


def test_only_released_acceptances_of_filiere_calls_are_recognised(places):
    recognise(
        places.cornouaille,
        outcome=DecisionOutcome.REJECTED,
        state=ApplicationState.REJECTED,
    )
    recognise(
        places.coeur_de_breizh,
        call=CallFactory(kind=CallKind.MAISON_ACCOMPAGNEMENT, published=False),
    )
    # Corrected to a rejection, its letter not notified yet: already gone.
    recognise(
        places.cornouaille,
        outcome=DecisionOutcome.REJECTED,
        state=ApplicationState.ACCEPTED,
    )

    assert recognised_filieres() == []


def test_a_correction_to_an_acceptance_brings_the_filiere_in(places):
    """What a rejection corrected into an acceptance leaves once notified."""
    recognise(
        places.cornouaille,
        outcome=DecisionOutcome.ACCEPTED_WITH_CONDITIONS,
        state=ApplicationState.ACCEPTED,
        released_at=datetime(2025, 11, 2, 9, 0, tzinfo=PARIS),
    )

    (item,) = recognised_filieres()

    assert (item.territory, str(item.recognised_on)) == (
        places.cornouaille,
        "2025-11-02",
    )


def test_a_filiere_recognised_twice_shows_its_latest_recognition(places):
    recognise(places.cornouaille, lead_name="Ancien porteur")
    recognise(
        places.cornouaille,
        lead_name="Nouveau porteur",
        released_at=datetime(2026, 6, 1, 9, 0, tzinfo=PARIS),
    )

    assert [item.lead.name for item in recognised_filieres()] == ["Nouveau porteur"]


def test_a_filiere_page_with_a_wrong_slug_redirects(client, places):
    recognise(places.cornouaille)

    response = client.get(
        reverse("directory:filiere", args=[places.cornouaille.pk, "autre"])
    )

    assert (response.status_code, response["Location"]) == (
        301,
        filiere_url(places.cornouaille),
    )


def test_a_recognition_through_the_services_then_its_correction(client, places):
    """Released: the filière appears; corrected to a rejection and notified:
    it is gone, from its page and from the directory."""
    call = CallFactory(kind=CallKind.FILIERE, min_reviews=1)
    first = CriterionFactory(call=call, weight=Decimal(3), max_score=4)
    second = CriterionFactory(call=call, weight=Decimal(1), max_score=10)
    manager = ManagerFactory(username="gestionnaire-bzh", authority=call.authority)
    reviewer = ReviewerFactory(username="instructeur-bzh", authority=call.authority)
    dossier = ApplicationFactory(call=call)
    dossier.territories.add(places.cornouaille)
    PartnerFactory(
        application=dossier,
        name="Équipe mobile de Cornouaille",
        confirmed=True,
        contact_name=PERSONAL[0],
        contact_email=PERSONAL[1],
    )
    dossier = drive_to(dossier, ApplicationState.UNDER_REVIEW, manager=manager)
    submitted_review(assign(dossier, reviewer, manager), {first.pk: 3, second.pk: 7})
    reviews_services.application_complete_review(application=dossier, user=manager)
    dossier.refresh_from_db()
    decision = reviews_services.decision_record(
        application=dossier, user=manager, outcome="accepted", amount="250000"
    )
    assert client.get(filiere_url(places.cornouaille)).status_code == 404

    batch = reviews_services.decisions_release(call=call, user=manager)
    reviews_services.release_batch_process(batch=batch)

    html = soup(client.get(filiere_url(places.cornouaille)))
    assert dossier.organisation.name in text(
        html.find(attrs={"data-testid": "filiere-lead"})
    )
    assert "Équipe mobile de Cornouaille" in text(html)
    assert PERSONAL[0] not in text(html)

    decision.refresh_from_db()
    reviews_services.decision_correct(
        decision=decision,
        user=manager,
        reason="Erreur matérielle sur la gouvernance.",
        outcome="rejected",
        motivation="La gouvernance ne réunit pas les six familles.",
        confirm_withdrawal=True,
    )
    correction = ReleaseBatch.objects.filter(kind=ReleaseKind.CORRECTION).latest("pk")
    reviews_services.release_batch_process(batch=correction)

    assert client.get(filiere_url(places.cornouaille)).status_code == 404
    assert recognised_filieres() == []


# Query counts -----------------------------------------------------------------------


def count_queries(client, url: str, params=None) -> int:
    client.get(url, params)  # warm the per-process caches (site root paths…)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


def add_services(places, count: int) -> None:
    for number in range(count):
        ServiceFactory(
            name=f"Équipe mobile n°{number}",
            kind=ServiceKind.EMSP,
            beds=None,
            departement=places.finistere if number % 2 else places.cotes_darmor,
            filiere=places.cornouaille,
            illustrative=bool(number % 3),
        )


def test_the_directory_page_query_count_does_not_grow(client, places):
    page = directory_page()
    add_services(places, 3)
    recognise(places.cornouaille)
    with_three = count_queries(client, page.url, {"q": "equipe"})

    add_services(places, 27)
    recognise(places.coeur_de_breizh)
    with_thirty = count_queries(client, page.url, {"q": "equipe"})

    assert with_three == with_thirty


def test_the_filiere_page_query_count_does_not_grow(client, places):
    directory_page()
    recognise(places.cornouaille, extra_partners=with_people_and_families())
    add_services(places, 3)
    with_three = count_queries(client, filiere_url(places.cornouaille))

    add_services(places, 27)
    recognise(places.coeur_de_breizh)
    with_thirty = count_queries(client, filiere_url(places.cornouaille))

    assert with_three == with_thirty
