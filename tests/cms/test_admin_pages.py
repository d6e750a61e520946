"""A manager publishes a call's page in the Wagtail admin."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from cms.models import CallPage
from tests.factories import (
    AdministratorFactory,
    CallFactory,
    CallPageFactory,
    ManagerFactory,
    ReviewerFactory,
    call_index_page,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return ManagerFactory(username="gestionnaire")


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def add_call_page_url() -> str:
    return reverse(
        "wagtailadmin_pages:add", args=("cms", "callpage", call_index_page().pk)
    )


def page_form_data(call, **overrides) -> dict:
    fields = {
        "title": call.title,
        "slug": call.reference.lower(),
        "call": str(call.pk),
        "body": streamfield([("callout", {"title": "", "text": "Ouvert à tous."})]),
        "documents": streamfield([]),
        "faq": streamfield([]),
        "action-publish": "publish",
    }
    fields.update(overrides)
    return nested_form_data(fields)


def test_manager_publishes_a_call_page(manager_client, manager, client):
    call = CallFactory(title="Maison d'accompagnement", published=False)
    call.authority.staff.add(manager)
    response = manager_client.post(add_call_page_url(), page_form_data(call))
    assert response.status_code == 302
    page = CallPage.objects.get(call=call)
    assert page.live is True
    assert page.get_parent().specific == call_index_page()
    assert client.get(page.url).status_code == 200


def test_a_call_gets_only_one_public_page(manager_client, manager):
    existing = CallPageFactory()
    existing.call.authority.staff.add(manager)
    response = manager_client.post(
        add_call_page_url(), page_form_data(existing.call, slug="doublon")
    )
    assert response.status_code == 200
    assert CallPage.objects.filter(call=existing.call).count() == 1


def test_reviewer_cannot_publish_a_call_page(client):
    reviewer = ReviewerFactory(username="instructeur")
    client.force_login(reviewer)
    call = CallFactory(published=False)
    response = client.post(add_call_page_url(), page_form_data(call))
    assert response.status_code in {302, 403}
    assert not CallPage.objects.filter(call=call).exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_call_page_is_not_copied(manager_client, manager, method):
    """A copy would be a second public page of the call (it answered 500)."""
    page = CallPageFactory()
    page.call.authority.staff.add(manager)
    url = reverse("wagtailadmin_pages:copy", args=[page.pk])
    data = {
        "new_title": "Copie",
        "new_slug": "copie",
        "new_parent_page": str(page.get_parent().pk),
    }
    response = getattr(manager_client, method)(url, data if method == "post" else None)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "wagtailadmin_explore", args=[page.get_parent().pk]
    )
    shown = manager_client.get(response["Location"]).content.decode()
    assert "Une page d&#x27;appel ne peut pas être copiée" in shown
    assert CallPage.objects.count() == 1


def test_copying_the_call_index_with_its_subpages_is_refused(client):
    page = CallPageFactory()
    client.force_login(AdministratorFactory())
    index = page.get_parent()
    url = reverse("wagtailadmin_pages:copy", args=[index.pk])
    response = client.post(
        url,
        {
            "new_title": "Appels bis",
            "new_slug": "appels-bis",
            "new_parent_page": str(index.get_parent().pk),
            "copy_subpages": "on",
        },
    )
    assert response.status_code == 302
    assert CallPage.objects.count() == 1
