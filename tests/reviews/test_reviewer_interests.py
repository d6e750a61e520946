"""The reviewer's declaration of interests: their own list, add, change, delete
through a confirmation page; another reviewer's declaration answers 404."""

import datetime

import pytest
from django.urls import reverse

from reviews.enums import InterestNature
from reviews.models import InterestDeclaration
from tests.factories import InterestDeclarationFactory, ReviewerFactory

pytestmark = pytest.mark.django_db

LIST = "/admin/instruction/interets/"


def url(name: str, *args) -> str:
    return reverse(f"reviews_admin:{name}", args=args)


@pytest.fixture
def reviewer(reviewers):
    return reviewers[0]


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


@pytest.fixture
def own(reviewer):
    return InterestDeclarationFactory(
        reviewer=reviewer, organisation_name="Clinique du Parc", siren="123456782"
    )


@pytest.fixture
def others(reviewers):
    return InterestDeclarationFactory(
        reviewer=reviewers[1], organisation_name="Association Voisine"
    )


def form_data(**changes) -> dict:
    data = {
        "organisation_name": "Centre de santé des Quais",
        "identifier": "552 100 554 00013",
        "nature": InterestNature.CONSULTING,
        "details": "Missions de conseil en 2024",
        "since": "2024-03-01",
    }
    return {**data, **changes}


def test_list_shows_only_the_reviewers_own_declarations(reviewer_client, own, others):
    response = reviewer_client.get(LIST)

    content = response.content.decode()
    assert response.status_code == 200
    assert [d for d, _nature in response.context["declarations"]] == [own]
    assert "Clinique du Parc" in content
    assert "Association Voisine" not in content
    assert "<caption" in content and 'scope="col"' in content


def test_adding_with_a_siret_records_its_siren(reviewer_client, reviewer):
    page = reviewer_client.get(url("interest_add")).content.decode()
    for field in ("organisation_name", "identifier", "nature", "details", "since"):
        assert f'for="id_{field}"' in page
    assert 'type="date"' in page

    response = reviewer_client.post(url("interest_add"), form_data())

    assert response.status_code == 302
    assert response.url == LIST
    declaration = InterestDeclaration.objects.get(reviewer=reviewer)
    assert (declaration.siren, declaration.siret) == ("552100554", "55210055400013")
    assert declaration.nature == InterestNature.CONSULTING
    assert declaration.since == datetime.date(2024, 3, 1)


def test_adding_with_a_siren_only(reviewer_client, reviewer):
    reviewer_client.post(url("interest_add"), form_data(identifier="552100554"))

    declaration = InterestDeclaration.objects.get(reviewer=reviewer)
    assert (declaration.siren, declaration.siret) == ("552100554", "")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"identifier": "12345"}, "identifier"),
        ({"identifier": "ABCDEFGHI"}, "identifier"),
        ({"organisation_name": ""}, "organisation_name"),
        ({"nature": ""}, "nature"),
        ({"since": "pas une date"}, "since"),
    ],
)
def test_a_wrong_field_is_refused_next_to_it_and_kept(reviewer_client, changes, field):
    response = reviewer_client.post(url("interest_add"), form_data(**changes))

    content = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert f'id="id_{field}_error"' in content
    assert 'data-testid="error-summary"' in content
    assert f'href="#id_{field}"' in content
    assert "Missions de conseil en 2024" in content
    assert not InterestDeclaration.objects.exists()


def test_changing_a_declaration(reviewer_client, own):
    response = reviewer_client.get(url("interest_edit", own.pk))
    assert response.context["form"].initial["identifier"] == "123456782"

    response = reviewer_client.post(
        url("interest_edit", own.pk),
        form_data(organisation_name="Clinique du Parc (groupe)"),
    )

    assert response.status_code == 302
    own.refresh_from_db()
    assert own.organisation_name == "Clinique du Parc (groupe)"
    assert own.siren == "552100554"


def test_deleting_asks_for_confirmation_first(reviewer_client, own):
    response = reviewer_client.get(url("interest_delete", own.pk))

    assert response.status_code == 200
    assert 'data-testid="interest-delete-confirm"' in response.content.decode()
    assert InterestDeclaration.objects.filter(pk=own.pk).exists()

    response = reviewer_client.post(url("interest_delete", own.pk))

    assert response.status_code == 302
    assert not InterestDeclaration.objects.filter(pk=own.pk).exists()


def test_another_reviewers_declaration_is_404(reviewer_client, others):
    for name in ("interest_edit", "interest_delete"):
        assert reviewer_client.get(url(name, others.pk)).status_code == 404
        response = reviewer_client.post(url(name, others.pk), form_data())
        assert response.status_code == 404
    others.refresh_from_db()
    assert others.organisation_name == "Association Voisine"


def test_a_reviewer_of_another_authority_keeps_their_own_declaration(client):
    reviewer = ReviewerFactory(username="instructeur-autre")
    client.force_login(reviewer)

    response = client.post(url("interest_add"), form_data())

    assert response.status_code == 302
    assert InterestDeclaration.objects.get().reviewer == reviewer


def test_a_manager_cannot_declare_on_the_reviewers_pages(client, manager, own):
    client.force_login(manager)

    for path in (LIST, url("interest_add"), url("interest_edit", own.pk)):
        response = client.get(path)
        assert response.status_code == 302
        assert response.url == "/admin/"
    client.post(url("interest_add"), form_data())
    client.post(url("interest_delete", own.pk))
    assert list(InterestDeclaration.objects.all()) == [own]
