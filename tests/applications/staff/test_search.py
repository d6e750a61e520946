"""The managers' Dossiers list searched as people type: without accents, by the
lead organisation's SIRET, SIREN or FINESS, scoped to the manager's dossiers."""

import pytest

from applications.models import Application
from applications.staff.selectors import applications_matching
from tests.factories import CallFactory, OrganisationFactory
from tests.factories.applications import synthetic_siret

from .support import LIST_URL, dossier, submit

pytestmark = pytest.mark.django_db

CHENES_SIRET = synthetic_siret(4242)
CHENES_FINESS = "290000017"


def listed(response) -> list[str]:
    assert response.status_code == 200
    return [application.reference for application in response.context["object_list"]]


@pytest.fixture
def chenes(call):
    organisation = OrganisationFactory(
        name="EHPAD Les Chênes", siret=CHENES_SIRET, finess=CHENES_FINESS
    )
    return submit(dossier(call, organisation=organisation, title="Cœur de filière"))


@pytest.fixture
def other(call):
    return submit(dossier(call, title="Équipe mobile de Brest"))


@pytest.mark.parametrize(
    "query",
    [
        "chenes",
        "CHÊNES",
        "ehpad les chenes",
        "coeur de filiere",
        CHENES_SIRET,
        " ".join([CHENES_SIRET[:3], CHENES_SIRET[3:6], CHENES_SIRET[6:]]),
        CHENES_SIRET[:9],  # the SIREN
        CHENES_FINESS,
    ],
)
def test_list_finds_without_accents_and_by_identifier(
    manager_client, chenes, other, query
):
    assert listed(manager_client.get(LIST_URL, {"q": query})) == [chenes.reference]


def test_list_search_by_accented_word_finds_the_unaccented_too(
    manager_client, chenes, other
):
    assert listed(manager_client.get(LIST_URL, {"q": "équipe"})) == [other.reference]
    assert listed(manager_client.get(LIST_URL, {"q": "brest"})) == [other.reference]


def test_list_search_stays_within_the_managers_dossiers(manager_client, chenes):
    elsewhere = submit(
        dossier(
            CallFactory(reference="AAC-2026-ARA"),
            organisation=OrganisationFactory(name="Les Chênes d'Auvergne"),
        )
    )
    found = listed(manager_client.get(LIST_URL, {"q": "chenes"}))
    assert found == [chenes.reference]
    assert elsewhere.reference not in found


def test_matching_keeps_the_queryset_when_the_query_is_blank(chenes, other):
    applications = Application.objects.all()
    assert applications_matching(applications, "  ") is applications
    assert list(applications_matching(applications, "zzz")) == []
