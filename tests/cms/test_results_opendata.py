"""The open data of the calls and their results: exact columns, no personal
data, nothing about unreleased results, pagination, fixed query counts."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.opendata.datasets import CALL_COLUMNS, RESULT_COLUMNS
from tests.factories import CallFactory, CallPageFactory
from tests.factories.results import (
    CONTACT_EMAIL,
    CONTACT_NAME,
    LEGAL_REPRESENTATIVE,
    released_call,
)

pytestmark = pytest.mark.django_db

LICENCE = "Licence Ouverte / Open Licence version 2.0 (Etalab)"
PERSONAL = (
    CONTACT_NAME,
    CONTACT_EMAIL,
    LEGAL_REPRESENTATIVE,
    "Jean Libéral",
    "jean.liberal@example.org",
    "Claude",  # the manager's first name
)


def rows_of(response) -> list[dict]:
    text = response.content.decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def header_of(response) -> list[str]:
    return next(csv.reader(io.StringIO(response.content.decode("utf-8"))))


@pytest.fixture
def published():
    """A released call with its page, and an open call with its page."""
    world = released_call(laureates=2, rejected=1, inadmissible=1)
    CallPageFactory(call=world.call)
    world.open_call = CallFactory(reference="AAC-2026-OPN-001")  # page published
    return world


def test_the_results_csv_columns_and_rows(client, published):
    reference = published.call.reference
    response = client.get(f"/donnees/appels/{reference}/resultats.csv")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="resultats-{reference}.csv"'
    )
    assert (
        header_of(response)
        == RESULT_COLUMNS
        == [
            "appel",
            "dossier",
            "projet",
            "porteur",
            "siret_porteur",
            "decision",
            "decision_libelle",
            "montant",
            "duree_mois",
            "date_decision",
            "territoires",
            "departements",
            "partenaires",
            "nombre_partenaires",
        ]
    )
    first, second = rows_of(response)
    lead = published.dossiers[0].organisation
    assert first == {
        "appel": reference,
        "dossier": published.dossiers[0].reference,
        "projet": f"Projet de la {published.dossiers[0].title}",
        "porteur": f"{lead.name} (au dépôt)",
        "siret_porteur": lead.siret,
        "decision": "accepted",
        "decision_libelle": "Retenu",
        "montant": "120000.00",
        "duree_mois": "24",
        "date_decision": "2025-10-30",
        "territoires": "Nord Finistère (BRE-NF)",
        "departements": "29",
        "partenaires": (
            "EMSP du territoire n°0 — Équipes expertes (EMSP, USP, ERRSPP) ; "
            "Association JALMALV — Associations de bénévoles ; "
            "1 non nommé(s) — Professionnels de ville (CPTS, libéraux)"
        ),
        "nombre_partenaires": "3",
    }
    assert second["decision"] == "accepted_with_conditions"
    assert second["decision_libelle"] == "Retenu sous conditions"


def test_the_results_json(client, published):
    reference = published.call.reference
    response = client.get(f"/donnees/appels/{reference}/resultats.json")
    data = json.loads(response.content)
    assert data["licence"]["name"] == LICENCE
    assert list(data) == ["licence", "appel", "chiffres", "laureats"]
    assert data["chiffres"] == {
        "dossiers_recus": 4,
        "dossiers_admissibles": 3,
        "dossiers_retenus": 2,
        "montant_demande": 600000,
        "montant_attribue": 240000,
        "delai_median_jours": 122.5,
    }
    assert data["appel"]["reference"] == reference
    assert data["appel"]["resultats_publies"] is True
    first = data["laureats"][0]
    assert list(first) == [
        *RESULT_COLUMNS[:-2],
        "partenaires",
        "partenaires_comptes",
        "nombre_partenaires",
    ]
    assert first["territoires"] == [
        {"code": "BRE-NF", "nom": "Nord Finistère", "niveau": "filiere"}
    ]
    assert first["partenaires"][0] == {
        "nom": "EMSP du territoire n°0",
        "famille": "expert_team",
        "famille_libelle": "Équipes expertes (EMSP, USP, ERRSPP)",
    }
    assert first["partenaires_comptes"] == [
        {
            "famille": "city_professionals",
            "famille_libelle": "Professionnels de ville (CPTS, libéraux)",
            "nombre": 1,
        }
    ]
    assert first["montant"] == 120000


@pytest.mark.parametrize(
    "path",
    [
        "/donnees/appels/{ref}/resultats.csv",
        "/donnees/appels/{ref}/resultats.json",
        "/donnees/api/v1/appels/{ref}/resultats/",
        "/donnees/appels.csv",
        "/donnees/appels.json",
        "/donnees/api/v1/appels/",
    ],
)
def test_no_personal_data_anywhere(client, published, path):
    response = client.get(path.format(ref=published.call.reference))
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    for personal in PERSONAL:
        assert personal not in text
    assert "EHPAD qui a décliné" not in text


@pytest.mark.parametrize(
    "path",
    [
        "/donnees/appels/{ref}/resultats.csv",
        "/donnees/appels/{ref}/resultats.json",
        "/donnees/api/v1/appels/{ref}/resultats/",
    ],
)
def test_nothing_about_unreleased_results(client, path):
    world = released_call(released=False)
    CallPageFactory(call=world.call)
    assert client.get(path.format(ref=world.call.reference)).status_code == 404
    assert client.get(path.format(ref="AAC-INCONNU")).status_code == 404
    calls = json.loads(client.get("/donnees/api/v1/appels/").content)["results"]
    (record,) = [c for c in calls if c["reference"] == world.call.reference]
    assert record["resultats_publies"] is False
    assert record["resultats"] is None
    assert record["dossiers_recus"] is None
    assert record["montant_demande"] is None


def test_a_call_without_a_live_page_is_unknown(client):
    world = released_call()
    page = CallPageFactory(call=world.call)
    page.unpublish()
    reference = world.call.reference
    assert client.get(f"/donnees/api/v1/appels/{reference}/resultats/").status_code
    assert (
        client.get(f"/donnees/api/v1/appels/{reference}/resultats/").status_code == 404
    )
    assert reference not in client.get("/donnees/appels.csv").content.decode()


def test_the_calls_csv(client, published):
    response = client.get("/donnees/appels.csv")
    assert (
        header_of(response)
        == CALL_COLUMNS
        == [
            "reference",
            "titre",
            "type",
            "type_libelle",
            "autorite",
            "autorite_slug",
            "region",
            "ouverture",
            "cloture",
            "enveloppe",
            "laureats_attendus",
            "territoires",
            "page",
            "resultats_publies",
            "resultats",
            "dossiers_recus",
            "dossiers_admissibles",
            "dossiers_retenus",
            "montant_demande",
            "montant_attribue",
            "delai_median_jours",
        ]
    )
    rows = {row["reference"]: row for row in rows_of(response)}
    call = published.call
    released = rows[call.reference]
    assert released["titre"] == call.title
    assert released["type"] == "filiere"
    assert released["autorite"] == call.authority.name
    assert released["cloture"] == "2025-06-30T22:00:00+00:00"
    assert released["enveloppe"] == "1000000.00"
    assert released["page"] == f"http://testserver{call.page.url}"
    assert released["resultats_publies"] == "true"
    assert released["resultats"] == (
        f"http://testserver/donnees/api/v1/appels/{call.reference}/resultats/"
    )
    assert released["dossiers_recus"] == "4"
    assert released["montant_attribue"] == "240000.00"
    assert released["delai_median_jours"] == "122.5"
    still_open = rows["AAC-2026-OPN-001"]
    assert still_open["resultats_publies"] == "false"
    assert still_open["dossiers_recus"] == ""


def test_the_calls_json_is_a_download(client, published):
    response = client.get("/donnees/appels.json")
    assert response["Content-Disposition"] == 'attachment; filename="appels.json"'
    data = json.loads(response.content)
    assert {c["reference"] for c in data["appels"]} == {
        published.call.reference,
        "AAC-2026-OPN-001",
    }


def test_the_api_pages_the_calls(client, published):
    CallFactory()  # a third public call
    first = json.loads(client.get("/donnees/api/v1/appels/?page_size=2").content)
    assert first["meta"]["count"] == 3
    assert first["meta"]["pages"] == 2
    assert len(first["results"]) == 2
    assert first["meta"]["next"] == (
        "http://testserver/donnees/api/v1/appels/?page_size=2&page=2"
    )
    second = json.loads(client.get(first["meta"]["next"]).content)
    assert len(second["results"]) == 1
    assert second["meta"]["next"] is None
    assert client.get("/donnees/api/v1/appels/?page=3&page_size=2").status_code == 404


def test_the_api_pages_the_laureates(client):
    world = released_call(laureates=5, rejected=0)
    CallPageFactory(call=world.call)
    url = f"/donnees/api/v1/appels/{world.call.reference}/resultats/"
    data = json.loads(client.get(url + "?page_size=2&page=3").content)
    assert [r["dossier"] for r in data["results"]] == [world.dossiers[4].reference]
    assert data["meta"]["count"] == 5
    assert data["chiffres"]["dossiers_retenus"] == 5
    assert data["appel"]["reference"] == world.call.reference


def test_the_api_is_read_only(client, published):
    assert client.post("/donnees/api/v1/appels/").status_code == 405


def _count(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "path",
    [
        "/donnees/api/v1/appels/",
        "/donnees/appels.csv",
        "/donnees/api/v1/appels/{ref}/resultats/",
        "/donnees/appels/{ref}/resultats.csv",
    ],
)
def test_fixed_query_counts(client, path):
    counts = []
    for size in (3, 15):
        world = released_call(laureates=size, rejected=1)
        CallPageFactory(call=world.call)
        for _other in range(size // 3):
            CallFactory()
        counts.append(_count(client, path.format(ref=world.call.reference)))
    assert counts[0] == counts[1]
