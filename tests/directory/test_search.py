"""The directory's search: text without accents nor case, each filter, their
combination, the facets, the counts for the map, and the page's pagination."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.enums import AgeGroup, ServiceKind
from directory.selectors import (
    counts_by_departement,
    directory_facets,
    search_services,
)
from tests.directory.builders import directory_page, geography
from tests.factories.directory import ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def places():
    return geography()


@pytest.fixture
def services(places):
    """Four published services of Brittany and one unpublished."""
    return {
        "usp": ServiceFactory(
            name="Unité de soins palliatifs du Cœur de Breizh",
            organisation_name="Centre hospitalier du Centre Bretagne",
            commune="Noyal-Pontivy",
            departement=places.cotes_darmor,
            filiere=places.coeur_de_breizh,
        ),
        "emsp": ServiceFactory(
            name="Équipe mobile de soins palliatifs",
            kind=ServiceKind.EMSP,
            beds=None,
            organisation_name="Centre hospitalier Yves Le Foll",
            commune="Saint-Brieuc",
            postcode="22000",
            departement=places.cotes_darmor,
            serves_children=True,
        ),
        "had": ServiceFactory(
            name="HAD de Cornouaille",
            kind=ServiceKind.HAD,
            beds=None,
            organisation_name="Hospitalisation à domicile Sud Finistère",
            commune="Quimper",
            postcode="29000",
            finess_et="290007434",
            departement=places.finistere,
            filiere=places.cornouaille,
        ),
        "errspp": ServiceFactory(
            name="Équipe ressource régionale de soins palliatifs pédiatriques",
            kind=ServiceKind.ERRSPP,
            beds=None,
            commune="Rennes",
            departement=places.ille_et_vilaine,
            serves_adults=False,
            serves_children=True,
        ),
        "hidden": ServiceFactory(
            name="Unité fermée du Cœur de Cornouaille",
            commune="Quimper",
            departement=places.finistere,
            filiere=places.cornouaille,
            published=False,
        ),
    }


def names(queryset) -> list[str]:
    return sorted(service.name for service in queryset)


@pytest.mark.parametrize("query", ["Cœur", "coeur", "COEUR", "cœur de breizh"])
def test_search_ignores_accents_ligatures_and_case(services, query):
    assert names(search_services(query=query)) == [services["usp"].name]


@pytest.mark.parametrize(
    "query", ["Saint-Brieuc", "saint brieuc", "SAINT-BRIEUC", "  saint   brieuc "]
)
def test_search_finds_a_commune_however_it_is_typed(services, query):
    assert names(search_services(query=query)) == [services["emsp"].name]


@pytest.mark.parametrize("query", ["equipe", "Équipe", "ÉQUIPE"])
def test_search_without_the_accent_finds_the_accented_name(services, query):
    assert names(search_services(query=query)) == sorted(
        [services["emsp"].name, services["errspp"].name]
    )


def test_every_term_must_be_found(services):
    assert names(search_services(query="équipe pédiatriques")) == [
        services["errspp"].name
    ]
    assert names(search_services(query="coeur quimper")) == []


def test_search_reads_the_establishment_the_postcode_and_the_finess(services):
    assert names(search_services(query="yves le foll")) == [services["emsp"].name]
    assert names(search_services(query="29000")) == [services["had"].name]
    assert names(search_services(query="290 007 434")) == [services["had"].name]


def test_an_empty_search_lists_every_published_service_by_place(services):
    found = list(search_services(query=""))

    # By département code, then commune: Noyal-Pontivy before Saint-Brieuc.
    assert [s.name for s in found] == [
        services["usp"].name,
        services["emsp"].name,
        services["had"].name,
        services["errspp"].name,
    ]
    assert services["hidden"] not in found


def test_unpublished_services_are_never_found(services):
    assert names(search_services(query="fermée")) == []
    assert services["hidden"] not in search_services(filiere=services["had"].filiere)


def test_filter_by_kind(services):
    assert names(search_services(kind=ServiceKind.HAD)) == [services["had"].name]


def test_filter_by_filiere(services, places):
    assert names(search_services(filiere=places.cornouaille)) == [services["had"].name]


def test_filter_by_departement(services, places):
    assert names(search_services(departement=places.cotes_darmor)) == sorted(
        [services["usp"].name, services["emsp"].name]
    )


def test_filter_by_region(services, places):
    elsewhere = ServiceFactory(name="USP d'ailleurs")

    found = names(search_services(region=places.region))

    assert len(found) == 4
    assert elsewhere.name not in found


def test_filter_by_age_group(services):
    children = names(search_services(age_group=AgeGroup.CHILDREN))
    adults = names(search_services(age_group=AgeGroup.ADULTS))

    assert children == sorted([services["emsp"].name, services["errspp"].name])
    assert adults == sorted(
        [services["usp"].name, services["emsp"].name, services["had"].name]
    )


def test_filters_combine(services, places):
    assert names(
        search_services(
            query="equipe", departement=places.cotes_darmor, age_group="children"
        )
    ) == [services["emsp"].name]
    assert (
        names(search_services(query="equipe", kind=ServiceKind.HAD, region=None)) == []
    )


def test_facets_offer_only_what_published_services_hold(services, places):
    facets = directory_facets()

    assert facets.kinds == [
        (ServiceKind.USP.value, ServiceKind.USP.label),
        (ServiceKind.EMSP.value, ServiceKind.EMSP.label),
        (ServiceKind.ERRSPP.value, ServiceKind.ERRSPP.label),
        (ServiceKind.HAD.value, ServiceKind.HAD.label),
    ]
    assert list(facets.filieres) == [places.cornouaille, places.coeur_de_breizh]
    assert list(facets.departements) == [
        places.cotes_darmor,
        places.finistere,
        places.ille_et_vilaine,
    ]


def test_a_territory_with_unpublished_services_only_is_no_choice(places):
    ServiceFactory(departement=places.finistere, filiere=places.cornouaille)
    ServiceFactory(
        departement=places.cotes_darmor,
        filiere=places.coeur_de_breizh,
        published=False,
    )

    facets = directory_facets()

    assert list(facets.filieres) == [places.cornouaille]
    assert list(facets.departements) == [places.finistere]


def test_counts_by_departement_follow_the_search(services, places):
    assert counts_by_departement(search_services()) == {
        places.cotes_darmor.pk: 2,
        places.finistere.pk: 1,
        places.ille_et_vilaine.pk: 1,
    }
    assert counts_by_departement(search_services(age_group="children")) == {
        places.cotes_darmor.pk: 1,
        places.ille_et_vilaine.pk: 1,
    }


def _queries_of_a_listing() -> int:
    with CaptureQueriesContext(connection) as queries:
        for service in search_services(query="soins"):
            str(service.departement)
            str(service.filiere)
        counts_by_departement(search_services(query="soins"))
        facets = directory_facets()
        list(facets.filieres), list(facets.departements)
    return len(queries)


def test_the_search_runs_a_fixed_number_of_queries(places):
    def add(count):
        for number in range(count):
            ServiceFactory(
                name=f"Unité de soins palliatifs {number}",
                filiere=places.cornouaille if number % 2 else None,
            )

    add(3)
    with_three = _queries_of_a_listing()
    add(27)
    with_thirty = _queries_of_a_listing()

    assert with_three == with_thirty == 5


# The page's pagination ---------------------------------------------------------------


def test_the_list_is_paginated_and_its_links_keep_the_search(client, places):
    page = directory_page()
    for number in range(45):
        ServiceFactory(
            name=f"Équipe mobile n°{number:02d}",
            kind=ServiceKind.EMSP,
            beds=None,
            departement=places.finistere,
        )
    ServiceFactory(name="Unité de soins palliatifs", departement=places.finistere)

    response = client.get(page.url, {"q": "equipe", "departement": "29", "page": 2})

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["results"].number == 2
    assert response.context["results"].paginator.count == 45
    assert response.context["results"][0].name == "Équipe mobile n°20"
    assert response.context["next_url"] == "?q=equipe&departement=29&page=3"
    assert response.context["previous_url"] == "?q=equipe&departement=29"
    assert 'href="?q=equipe&amp;departement=29&amp;page=3"' in html
    assert "page 2 sur 3" in html


def test_a_page_past_the_last_shows_the_last(client, places):
    page = directory_page()
    ServiceFactory(departement=places.finistere)

    response = client.get(page.url, {"page": 9})

    assert response.status_code == 200
    assert response.context["results"].number == 1
