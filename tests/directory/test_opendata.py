"""The directory as open data: the CSV and JSON downloads of a search, the
read-only API (pagination, filters, one service, the recognised filières), the
licence, and no personal data anywhere."""

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.opendata import LICENCE, LICENCE_URL
from core.time import in_paris
from directory.enums import ServiceKind
from directory.opendata import SERVICE_COLUMNS
from tests.directory.builders import (
    PERSONAL,
    cornouaille_usp,
    directory_page,
    geography,
    partner_item,
    recognise,
)
from tests.factories.directory import ServiceFactory

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[2] / "docs" / "opendata-directory.md"


def documented_columns() -> list[str]:
    """The columns the table of ``docs/opendata-directory.md`` lists, in order."""
    section = DOCS.read_text(encoding="utf-8").split("## The service")[1]
    section = section.split("\n## ")[0]
    return re.findall(r"^\| `(\w+)` \|", section, flags=re.MULTILINE)


EXPECTED_COLUMNS = documented_columns()
SERVICES_API = "/api/v1/annuaire/services/"


@pytest.fixture
def places():
    return geography()


@pytest.fixture
def usp(places):
    return cornouaille_usp(
        places,
        hours="Admissions en semaine.",
        out_of_hours="Astreinte la nuit.",
        finess_updated_on=date(2025, 9, 1),
    )


@pytest.fixture
def emsp(places):
    return ServiceFactory(
        name="Équipe mobile de Saint-Brieuc",
        kind=ServiceKind.EMSP,
        beds=None,
        commune="Saint-Brieuc",
        departement=places.cotes_darmor,
        serves_children=True,
    )


def read_csv(response) -> list[dict]:
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def test_the_columns_are_the_documented_ones():
    assert len(EXPECTED_COLUMNS) == 31
    assert list(SERVICE_COLUMNS) == EXPECTED_COLUMNS


def test_the_csv_download_holds_the_search_with_its_licence(client, usp, emsp):
    response = client.get(reverse("directory:export_csv"), {"departement": "29"})

    rows = read_csv(response)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="annuaire-soins-palliatifs.csv"'
    )
    assert response["Link"] == f'<{LICENCE_URL}>; rel="license"'
    assert response.content.decode().splitlines()[0] == ",".join(EXPECTED_COLUMNS)
    assert len(rows) == 1
    assert rows[0] == {
        "identifiant": str(usp.pk),
        "nom": "Unité de soins palliatifs de Cornouaille",
        "type": "usp",
        "type_libelle": "Unité de soins palliatifs (USP)",
        "description": "",
        "etablissement": "Centre hospitalier de Cornouaille",
        "finess_et": "290000017",
        "finess_ej": "290000025",
        "siret": "26290001700018",
        "adresse": "14 avenue Yves Thépot",
        "code_postal": "29000",
        "commune": "Quimper",
        "departement_code": "29",
        "departement": "Finistère",
        "region_code": "53",
        "region": "Bretagne",
        "filiere_code": "BRE-COR",
        "filiere": "Cornouaille",
        "telephone": "02 98 52 60 60",
        "courriel": "usp@ch-cornouaille.example.org",
        "site_web": "https://www.ch-cornouaille.example.org/usp",
        "adultes": "true",
        "enfants": "false",
        "lits": "12",
        "horaires": "Admissions en semaine.",
        "hors_horaires": "Astreinte la nuit.",
        "donnee_illustrative": "true",
        "source": "manual",
        "finess_mis_a_jour_le": "2025-09-01",
        "mis_a_jour_le": in_paris(usp.updated_at).date().isoformat(),
        "url": f"http://testserver/annuaire/services/{usp.pk}-{usp.slug}/",
    }


def test_an_empty_search_downloads_every_published_service(client, usp, emsp):
    ServiceFactory(name="Service dépublié", published=False)

    rows = read_csv(client.get(reverse("directory:export_csv")))

    assert [row["nom"] for row in rows] == [emsp.name, usp.name]
    assert rows[0]["lits"] == ""


def test_the_json_download_carries_the_licence_and_the_same_fields(client, usp, emsp):
    response = client.get(reverse("directory:export_json"), {"q": "saint brieuc"})

    payload = json.loads(response.content)
    assert response["Content-Disposition"] == (
        'attachment; filename="annuaire-soins-palliatifs.json"'
    )
    assert payload["licence"] == LICENCE
    assert payload["licence"]["name"] == (
        "Licence Ouverte / Open Licence version 2.0 (Etalab)"
    )
    assert payload["count"] == 1
    (record,) = payload["results"]
    assert list(record) == EXPECTED_COLUMNS
    assert (record["nom"], record["enfants"], record["lits"]) == (
        "Équipe mobile de Saint-Brieuc",
        True,
        None,
    )


def test_the_page_offers_the_downloads_with_the_licence_line(client, usp):
    page = directory_page()

    html = client.get(page.url).content.decode()

    assert 'href="/annuaire/export.csv"' in html
    assert 'href="/annuaire/export.json"' in html
    assert "Licence Ouverte / Open Licence version 2.0 (Etalab)" in html


# The API ----------------------------------------------------------------------------


def many(places, count: int) -> None:
    for number in range(count):
        ServiceFactory(
            name=f"Équipe mobile n°{number:03d}",
            kind=ServiceKind.EMSP,
            beds=None,
            departement=places.finistere,
            filiere=places.cornouaille,
        )


def test_the_api_lists_a_page_of_services_with_its_meta(client, places):
    many(places, 7)

    response = client.get(SERVICES_API, {"page_size": 3, "page": 2})

    payload = json.loads(response.content)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert payload["licence"] == LICENCE
    assert payload["meta"] == {
        "count": 7,
        "page": 2,
        "page_size": 3,
        "pages": 3,
        "next": f"http://testserver{SERVICES_API}?page_size=3&page=3",
        "previous": f"http://testserver{SERVICES_API}?page_size=3&page=1",
    }
    assert [r["nom"] for r in payload["results"]] == [
        "Équipe mobile n°003",
        "Équipe mobile n°004",
        "Équipe mobile n°005",
    ]
    assert list(payload["results"][0]) == EXPECTED_COLUMNS


def test_the_page_size_is_capped_and_defaults_to_fifty(client, places):
    many(places, 3)

    capped = json.loads(client.get(SERVICES_API, {"page_size": 5000}).content)
    default = json.loads(client.get(SERVICES_API).content)

    assert capped["meta"]["page_size"] == 200
    assert default["meta"]["page_size"] == 50
    assert client.get(SERVICES_API, {"page": 2}).status_code == 404


def test_the_api_filters_by_codes_and_refuses_an_unknown_one(client, usp, emsp, places):
    def names(**params):
        response = client.get(SERVICES_API, params)
        assert response.status_code == 200
        return [r["nom"] for r in json.loads(response.content)["results"]]

    assert names(departement="22") == [emsp.name]
    assert names(filiere="BRE-COR") == [usp.name]
    assert names(kind="usp") == [usp.name]
    assert names(age_group="children") == [emsp.name]
    assert names(region="53", q="coeur cornouaille") == []
    assert names(region="53", q="cornouaille") == [usp.name]
    refused = client.get(SERVICES_API, {"departement": "99"})
    assert refused.status_code == 400
    assert list(json.loads(refused.content)["errors"]) == ["departement"]


def test_the_api_gives_one_published_service(client, usp):
    url = reverse("directory_api:service", args=[usp.pk])

    record = json.loads(client.get(url).content)

    assert record["licence"] == LICENCE
    assert (record["identifiant"], record["departement_code"]) == (usp.pk, "29")
    usp.published = False
    usp.save()
    assert client.get(url).status_code == 404


def test_the_api_lists_the_recognised_filieres_as_organisations(client, places):
    recognise(
        places.cornouaille,
        extra_partners=[
            partner_item("Cabinet du Dr Jean Libéral", "city_professionals")
        ],
    )
    recognise(places.coeur_de_breizh, released_at=None)

    payload = json.loads(client.get(reverse("directory_api:filieres")).content)

    assert payload["meta"]["count"] == 1
    (record,) = payload["results"]
    assert record == {
        "filiere_code": "BRE-COR",
        "filiere": "Cornouaille",
        "porteur": {
            "nom": "Centre hospitalier de Cornouaille",
            "famille": "Établissements de santé (avec LISP)",
        },
        "partenaires": [
            {"nom": "DAC Finistère Sud", "famille": "Structures de coordination (DAC)"},
            {
                "nom": "Équipe mobile de Cornouaille",
                "famille": "Équipes expertes (EMSP, USP, ERRSPP)",
            },
            {
                "nom": "Association JALMALV Quimper",
                "famille": "Associations de bénévoles",
            },
        ],
        "partenaires_non_nommes": [
            {"famille": "Professionnels de ville (CPTS, libéraux)", "nombre": 1}
        ],
        "appel_reference": record["appel_reference"],
        "appel_titre": record["appel_titre"],
        "reconnue_le": "2025-10-30",
        "url": (
            f"http://testserver/annuaire/filieres/{places.cornouaille.pk}-cornouaille/"
        ),
    }
    assert record["appel_reference"].startswith("AAC-")


# No personal data ------------------------------------------------------------------


def test_nothing_personal_leaks_into_the_open_data(client, places, usp):
    recognise(
        places.cornouaille,
        extra_partners=[partner_item("Cabinet Jean Libéral", "city_professionals")],
    )
    urls = [
        reverse("directory:export_csv"),
        reverse("directory:export_json"),
        SERVICES_API,
        reverse("directory_api:service", args=[usp.pk]),
        reverse("directory_api:filieres"),
        reverse("directory:filiere", args=[places.cornouaille.pk, "cornouaille"]),
    ]

    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for personal in (*PERSONAL, "Jean Libéral"):
            assert personal not in body, (url, personal)


# Query counts -----------------------------------------------------------------------


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        SERVICES_API,
        SERVICES_API + "?departement=29&q=equipe",
        "/api/v1/annuaire/filieres/",
        "/annuaire/export.csv",
        "/annuaire/export.json",
    ],
)
def test_the_api_and_downloads_query_count_does_not_grow(client, places, url):
    many(places, 3)
    recognise(places.cornouaille)
    with_three = count_queries(client, url)

    many(places, 27)
    recognise(places.coeur_de_breizh)
    with_thirty = count_queries(client, url)

    assert with_three == with_thirty
