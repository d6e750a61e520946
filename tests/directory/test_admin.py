"""The directory in the Wagtail admin: the managers of a region list, filter,
search, create and edit its services; another authority's manager, reviewers,
applicants and visitors cannot."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from calls.enums import TerritoryLevel
from directory.enums import ServiceKind, ServiceSource
from directory.models import Service
from tests.factories import (
    AdministratorFactory,
    AuthorityFactory,
    ManagerFactory,
    ReviewerFactory,
    TerritoryFactory,
    UserFactory,
)
from tests.factories.directory import ServiceFactory

pytestmark = pytest.mark.django_db

INDEX = "directory_services:index"
RESULTS = "directory_services:index_results"
ADD = "directory_services:add"
EDIT = "directory_services:edit"
DELETE = "directory_services:delete"
HISTORY = "directory_services:history"
ADMIN_HOME = "/admin/"
EMSP = "Équipe mobile de soins palliatifs du Léon"


@pytest.fixture
def world():
    """Region A (authority A, département 29, filière F) and region B
    (authority B, département 69), a service in each."""
    region_a = TerritoryFactory(level=TerritoryLevel.REGION, code="53", name="Bretagne")
    region_b = TerritoryFactory(
        level=TerritoryLevel.REGION, code="84", name="Auvergne-Rhône-Alpes"
    )
    finistere = TerritoryFactory(
        level=TerritoryLevel.DEPARTEMENT, code="29", name="Finistère", parent=region_a
    )
    rhone = TerritoryFactory(
        level=TerritoryLevel.DEPARTEMENT, code="69", name="Rhône", parent=region_b
    )
    filiere = TerritoryFactory(
        level=TerritoryLevel.FILIERE,
        code="BRE-NF",
        name="Nord Finistère",
        parent=finistere,
    )
    filiere_b = TerritoryFactory(
        level=TerritoryLevel.FILIERE, code="ARA-69", name="Rhône et Lyon", parent=rhone
    )
    authority_a = AuthorityFactory(slug="ars-a", region=region_a)
    authority_b = AuthorityFactory(slug="ars-b", region=region_b)
    return type(
        "World",
        (),
        {
            "finistere": finistere,
            "rhone": rhone,
            "filiere": filiere,
            "filiere_b": filiere_b,
            "service_a": ServiceFactory(
                name="Équipe mobile de soins palliatifs du Léon",
                kind=ServiceKind.EMSP,
                beds=None,
                departement=finistere,
                filiere=filiere,
                commune="Brest",
                finess_et="290990050",
            ),
            "service_b": ServiceFactory(
                name="Unité de soins palliatifs du Rhône",
                departement=rhone,
                commune="Lyon",
            ),
            "manager_a": ManagerFactory(username="manager_a", authority=authority_a),
            "manager_b": ManagerFactory(username="manager_b", authority=authority_b),
        },
    )


def names(response) -> set[str]:
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        cell.get_text(" ", strip=True)
        for cell in soup.select("td.title .title-wrapper a")
    }


def form_data(departement, **overrides) -> dict:
    data = {
        "name": "Unité de soins palliatifs de l'Iroise",
        "kind": "usp",
        "description": "",
        "published": "on",
        "organisation_name": "Centre hospitalier de l'Iroise (fictif)",
        "finess_et": "",
        "finess_ej": "",
        "siret": "",
        "address": "2 rue de l'Iroise",
        "postcode": "29200",
        "commune": "Brest",
        "departement": str(departement.pk),
        "filiere": "",
        "phone": "02 61 91 00 01",
        "email": "usp-iroise@example.org",
        "website": "",
        "serves_adults": "on",
        "beds": "12",
        "hours": "Admissions du lundi au vendredi",
        "out_of_hours": "Astreinte médicale la nuit et le week-end",
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def errors(response) -> list[str]:
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [error.get_text(" ", strip=True) for error in soup.select(".error-message")]


def test_a_manager_lists_the_services_of_their_region_only(client, world):
    client.force_login(world.manager_a)

    response = client.get(reverse(INDEX))

    assert names(response) == {"Équipe mobile de soins palliatifs du Léon"}
    html = response.content.decode()
    headings = [
        th.get_text(strip=True)
        for th in BeautifulSoup(html, "html.parser").select("th")
    ]
    assert headings == [
        "Nom",
        "Type",
        "Commune",
        "Département",
        "Filière",
        "Publié",
        "Illustratif",
        "Source",
    ]
    assert "Finistère (29)" in html
    assert "Nord Finistère" in html
    assert "Saisi par l'agence" in BeautifulSoup(html, "html.parser").get_text()


def test_an_administrator_lists_every_service(client, world):
    client.force_login(AdministratorFactory())

    assert names(client.get(reverse(INDEX))) == {
        "Équipe mobile de soins palliatifs du Léon",
        "Unité de soins palliatifs du Rhône",
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "emsp"}, {"EMSP 29"}),
        ({"kind": "had"}, {"HAD 29"}),
        ({"departement": "finistere"}, {"EMSP 29", "HAD 29"}),
        ({"filiere": "filiere"}, {"EMSP 29"}),
        ({"published": "false"}, {"HAD 29"}),
        ({"illustrative": "true"}, {"HAD 29"}),
        ({"source": "finess"}, {"HAD 29"}),
        ({"age_group": "children"}, {"HAD 29"}),
        ({"age_group": "adults"}, {"EMSP 29"}),
        ({"q": "equipe"}, {"EMSP 29"}),
        ({"q": "ÉQUIPE mobile"}, {"EMSP 29"}),
        ({"q": "290 990 050"}, {"EMSP 29"}),
    ],
)
def test_the_filters_and_the_search(client, world, query, expected):
    ServiceFactory(
        name="HAD 29",
        kind=ServiceKind.HAD,
        beds=None,
        departement=world.finistere,
        published=False,
        illustrative=True,
        source=ServiceSource.FINESS,
        serves_adults=False,
        serves_children=True,
    )
    client.force_login(world.manager_a)
    query = {
        name: str(getattr(world, value).pk) if hasattr(world, value) else value
        for name, value in query.items()
    }

    listed = names(client.get(reverse(RESULTS), query))

    assert listed == {EMSP if name == "EMSP 29" else name for name in expected}


def test_the_filters_offer_the_territories_of_the_region_only(client, world):
    client.force_login(world.manager_a)

    html = client.get(reverse(INDEX)).content.decode()

    assert "Finistère (29)" in html
    assert "Rhône (69)" not in html
    assert "Rhône et Lyon" not in html


def test_the_list_runs_as_many_queries_at_two_sizes(client, world):
    client.force_login(world.manager_a)

    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            response = client.get(reverse(INDEX))
        assert response.status_code == 200
        return len(context.captured_queries)

    ServiceFactory.create_batch(2, departement=world.finistere, filiere=world.filiere)
    small = count()
    ServiceFactory.create_batch(30, departement=world.finistere, filiere=world.filiere)
    assert count() == small


def test_a_manager_creates_a_service_in_their_region(client, world):
    client.force_login(world.manager_a)

    response = client.post(
        reverse(ADD),
        form_data(
            world.finistere,
            filiere=str(world.filiere.pk),
            finess_et="29 099 005 0",
            siret="700 000 219 00019",
        ),
    )

    assert response.status_code == 302
    service = Service.objects.get(name="Unité de soins palliatifs de l'Iroise")
    assert service.departement == world.finistere
    assert service.filiere == world.filiere
    assert (service.finess_et, service.siret) == ("290990050", "70000021900019")
    assert (service.beds, service.source) == (12, ServiceSource.MANUAL)


def test_the_form_refuses_in_french(client, world):
    client.force_login(world.manager_a)

    response = client.post(
        reverse(ADD),
        form_data(
            world.finistere,
            kind="emsp",
            beds="4",
            serves_adults=None,
            finess_et="290990051",
        ),
    )

    assert errors(response) == [
        "La clé de contrôle du numéro FINESS est erronée : vérifiez le numéro.",
        "Cochez adultes, enfants ou les deux.",
        "Seuls une USP ou des lits identifiés (LISP) comptent des lits.",
    ]
    assert not Service.objects.filter(name__contains="Iroise").exists()


def test_the_form_refuses_a_second_service_of_a_kind_on_a_site(client, world):
    client.force_login(world.manager_a)

    response = client.post(
        reverse(ADD),
        form_data(world.finistere, kind="emsp", beds="", finess_et="290990050"),
    )

    assert errors(response) == [
        "L'annuaire a déjà un service de ce type pour ce site FINESS : modifiez "
        "celui-là, ou vérifiez le numéro et le type."
    ]


def test_a_manager_cannot_place_a_service_in_another_region(client, world):
    client.force_login(world.manager_a)

    response = client.post(
        reverse(ADD),
        form_data(world.rhone, filiere=str(world.filiere_b.pk)),
    )

    assert errors(response) == [
        "Choisissez un département de votre région.",
        "Choisissez une filière de votre région.",
    ]


def test_a_filiere_of_the_departements_region(client, world):
    client.force_login(AdministratorFactory())

    response = client.post(
        reverse(ADD), form_data(world.finistere, filiere=str(world.filiere_b.pk))
    )

    assert errors(response) == ["Choisissez une filière de la région du département."]


def test_a_manager_edits_a_service_of_their_region(client, world):
    client.force_login(world.manager_a)
    url = reverse(EDIT, args=[world.service_a.pk])

    assert client.get(url).status_code == 200
    response = client.post(
        url,
        form_data(
            world.finistere,
            name="EMSP du Léon",
            kind="emsp",
            beds="",
            finess_et="290990050",
            serves_children="on",
        ),
    )

    assert response.status_code == 302
    world.service_a.refresh_from_db()
    assert world.service_a.name == "EMSP du Léon"
    assert world.service_a.serves_children is True


@pytest.mark.parametrize("name", [EDIT, DELETE, HISTORY])
def test_another_authoritys_manager_cannot_open_the_service(client, world, name):
    client.force_login(world.manager_b)

    response = client.get(reverse(name, args=[world.service_a.pk]))

    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response.url == ADMIN_HOME


def test_another_authoritys_manager_cannot_change_or_delete_it(client, world):
    client.force_login(world.manager_b)
    before = Service.objects.values().get(pk=world.service_a.pk)

    client.post(
        reverse(EDIT, args=[world.service_a.pk]),
        form_data(world.finistere, name="Renommé", kind="emsp", beds=""),
    )
    client.post(reverse(DELETE, args=[world.service_a.pk]))

    assert Service.objects.values().get(pk=world.service_a.pk) == before


def test_a_reviewer_has_no_directory(client, world):
    client.force_login(ReviewerFactory())

    for url in (reverse(INDEX), reverse(ADD), reverse(EDIT, args=[world.service_a.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url == ADMIN_HOME
    assert "Annuaire" not in client.get(ADMIN_HOME).content.decode()


def test_managers_find_the_directory_in_the_menu(client, world):
    client.force_login(world.manager_a)

    assert "Annuaire" in client.get(ADMIN_HOME).content.decode()


@pytest.mark.parametrize("signed_in", [False, True])
def test_applicants_and_visitors_are_sent_to_the_admin_sign_in(
    client, world, signed_in
):
    if signed_in:
        client.force_login(UserFactory())

    response = client.get(reverse(INDEX))

    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


# « Importer un fichier FINESS » ------------------------------------------------------

IMPORT = "directory_finess:import"
SAMPLE = Path(__file__).resolve().parents[2] / "directory/data/finess_sample.csv"


def upload():
    return SimpleUploadedFile(
        "etalab-cs1100507-stock.csv", SAMPLE.read_bytes(), content_type="text/csv"
    )


def shown_messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_a_manager_imports_a_finess_file_into_their_region(client, world):
    client.force_login(world.manager_a)
    region = world.finistere.parent

    page = client.get(reverse(IMPORT))
    response = client.post(
        reverse(IMPORT), {"file": upload(), "region": str(region.pk)}, follow=True
    )

    assert page.status_code == 200
    options = BeautifulSoup(page.content, "html.parser").select("#id_region option")
    assert [option.get_text(strip=True) for option in options] == ["Bretagne"]
    assert response.redirect_chain == [(reverse(IMPORT), 302)]
    # In Finistère, the only département of the region here: the two HAD are
    # created, the Abers' EMSP updated; everything else lies outside the region.
    assert shown_messages(response) == [
        "Extraction FINESS du 04/11/2026. Services : 2 créé(s), 1 mis à jour, "
        "0 inchangé(s). 16 enregistrements ignorés. - hors de la région : 16 "
        "1 erreur.",
        "Ligne 21 : Numéro FINESS du site (ET) « 220990205 » : La clé de contrôle "
        "du numéro FINESS est erronée : vérifiez le numéro.",
    ]
    assert Service.objects.filter(source=ServiceSource.FINESS).count() == 2
    world.service_a.refresh_from_db()
    assert world.service_a.finess_ej == "297990053"


def test_a_dry_run_from_the_admin_saves_nothing(client, world):
    client.force_login(world.manager_a)
    before = list(Service.objects.values_list())

    response = client.post(
        reverse(IMPORT),
        {"file": upload(), "region": str(world.finistere.parent_id), "dry_run": "on"},
        follow=True,
    )

    assert shown_messages(response)[0].endswith("Simulation : rien n'a été enregistré.")
    assert list(Service.objects.values_list()) == before


def test_a_manager_cannot_import_into_another_region(client, world):
    client.force_login(world.manager_a)

    response = client.post(
        reverse(IMPORT), {"file": upload(), "region": str(world.rhone.parent_id)}
    )

    assert errors(response) == [
        "Sélectionnez un choix valide. Ce choix ne fait pas partie de ceux disponibles."
    ]
    assert not Service.objects.filter(source=ServiceSource.FINESS).exists()


def test_an_administrator_imports_every_region_at_once(client, world):
    client.force_login(AdministratorFactory())

    response = client.post(reverse(IMPORT), {"file": upload()}, follow=True)

    assert shown_messages(response)[0].startswith(
        "Extraction FINESS du 04/11/2026. Services : 3 créé(s), 1 mis à jour"
    )


def test_reviewers_cannot_import(client, world):
    client.force_login(ReviewerFactory())

    response = client.get(reverse(IMPORT))

    assert (response.status_code, response.url) == (302, ADMIN_HOME)
