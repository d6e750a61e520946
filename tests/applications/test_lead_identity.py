"""The lead organisation's identity comes from the organisation, is shown read
only to the applicant, and is recorded by each version (issue 8, item 13)."""

import pytest
from django.test import Client
from django.urls import reverse

from applications import services
from applications.identity import version_lead
from applications.letters import receipt_context
from applications.models import Application, ApplicationVersion
from tests.factories import ApplicationVersionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation(organisation):
    organisation.finess = "290000017"
    organisation.address = "14 avenue Yves Thépot\n29000 Quimper"
    organisation.legal_representative = "Marie Kerjean, directrice"
    organisation.save()
    return organisation


@pytest.fixture
def client_in(client, members):
    client.force_login(members[0])
    return client


def step_url(application, step=1) -> str:
    return reverse("applications:dossier_step", args=[application.pk, step])


def version_url(application, number=1) -> str:
    return reverse("applications:dossier_version", args=[application.pk, number])


def submit(application) -> ApplicationVersion:
    return services.application_submit(
        application=application, user=application.created_by
    )


def test_first_step_shows_the_lead_identity_from_the_organisation(
    client_in, application, organisation
):
    response = client_in.get(step_url(application))
    content = response.content.decode()

    assert response.status_code == 200
    assert 'data-testid="lead-identity"' in content
    assert "Identité de l" in content
    assert organisation.name in content
    assert f'data-testid="lead-siret">{organisation.siret}<' in content
    assert 'data-testid="lead-finess">290000017<' in content
    assert "Marie Kerjean, directrice" in content
    assert "14 avenue Yves Thépot<br>29000 Quimper" in content
    # Read only: nothing of it is a field of the step's form.
    assert 'name="siret"' not in content


def test_dossier_page_shows_the_lead_identity(client_in, application, organisation):
    response = client_in.get(
        reverse("applications:dossier_detail", args=[application.pk])
    )
    assert (
        f'data-testid="lead-siret">{organisation.siret}<' in response.content.decode()
    )


def test_lead_identity_is_shown_to_members_only(application):
    outsider = Client()
    outsider.force_login(UserFactory(username="outsider"))
    assert outsider.get(step_url(application)).status_code == 404


def test_submission_records_the_lead_identity(client_in, application, organisation):
    version = submit(application)

    assert version.lead == {
        "name": organisation.name,
        "siret": organisation.siret,
        "finess": "290000017",
        "legal_status": organisation.legal_status,
        "address": "14 avenue Yves Thépot\n29000 Quimper",
        "legal_representative": "Marie Kerjean, directrice",
    }
    # The organisation changes later: the version, its page and its receipt keep
    # the identity it was submitted with.
    organisation.name = "Groupement hospitalier renommé"
    organisation.legal_representative = "Nouveau directeur"
    organisation.save()
    version = ApplicationVersion.objects.get(pk=version.pk)

    content = client_in.get(version_url(application)).content.decode()
    assert 'data-testid="lead-name">Centre hospitalier de Cornouaille<' in content
    assert "Nouveau directeur" not in content
    assert receipt_context(version)["organisation"].name == (
        "Centre hospitalier de Cornouaille"
    )
    assert version_lead(version).recorded is True


def test_version_frozen_before_the_recording_reads_the_organisation(
    client_in, application, organisation
):
    version = ApplicationVersionFactory(application=application, number=1)
    assert version.lead == {}

    lead = version_lead(version)
    assert lead.name == organisation.name
    assert lead.recorded is False
    content = client_in.get(version_url(application)).content.decode()
    assert f'data-testid="lead-name">{organisation.name}<' in content
    assert "cette version est antérieure" in content


def test_resubmission_records_the_identity_again(application, organisation):
    submit(application)
    organisation.name = "Nouveau nom"
    organisation.save()
    application = Application.objects.get(pk=application.pk)
    second = submit(application)
    assert second.lead["name"] == "Nouveau nom"
