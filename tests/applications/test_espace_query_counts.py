"""The queries of the applicant's espace, at two sizes: the number is fixed.

Issue 12 measured before the navigation was read in one query: the espace's
home 20, a dossier's page 21 (one dossier, one organisation)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    ApplicationFactory,
    CallFactory,
    CallPageFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(client):
    user = UserFactory()
    organisation = OrganisationFactory()
    MembershipFactory(user=user, organisation=organisation)
    client.force_login(user)
    return organisation


def dossiers(organisation, count: int) -> list:
    calls = [CallPageFactory(call=CallFactory()).call for _ in range(2)]
    return [
        ApplicationFactory(call=calls[number % 2], organisation=organisation)
        for number in range(count)
    ]


def queries_of(client, url: str) -> int:
    client.get(url)  # the per-process caches: site root paths, content types
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("size", [1, 8])
def test_espace_home_query_count(client, applicant, size):
    dossiers(applicant, size)

    assert queries_of(client, "/espace/") == 15


@pytest.mark.parametrize("size", [1, 8])
def test_dossier_page_query_count(client, applicant, size):
    first = dossiers(applicant, size)[0]

    assert queries_of(client, f"/espace/dossiers/{first.pk}/") == 14
