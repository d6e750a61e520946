"""A call's page is its authority's: staff of another authority neither see it in
the explorer nor act on it; administrators keep every page
(``cms.permissions.CallPagePermissionTester``, ``cms.forms.CallPageForm``)."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from cms.models import CallPage
from tests.factories import (
    AdministratorFactory,
    AuthorityFactory,
    CallFactory,
    CallPageFactory,
    ManagerFactory,
    call_index_page,
)

pytestmark = pytest.mark.django_db

PAGES = "wagtailadmin_pages"
FOREIGN_CALL = "Choisissez un appel de votre autorité."


@pytest.fixture
def world():
    class World:
        pass

    w = World()
    w.authority_a = AuthorityFactory(short_name="ARS A")
    w.authority_b = AuthorityFactory(short_name="ARS B")
    w.call_a = CallFactory(reference="AAC-2026-AAA-001", authority=w.authority_a)
    w.call_b = CallFactory(reference="AAC-2026-BBB-001", authority=w.authority_b)
    w.page_a = CallPageFactory(call=w.call_a, title="Page de A")
    w.page_b = CallPageFactory(call=w.call_b, title="Page de B")
    w.manager_a = ManagerFactory(username="gest_a", authority=w.authority_a)
    w.manager_b = ManagerFactory(username="gest_b", authority=w.authority_b)
    w.manager_ab = ManagerFactory(username="gest_ab", authority=w.authority_a)
    w.authority_b.staff.add(w.manager_ab)
    w.admin = AdministratorFactory(username="admin")
    return w


def signed_in(client, user):
    client.force_login(user)
    return client


def refused(response) -> bool:
    if response.status_code == 302:
        return response.url == reverse("wagtailadmin_home")
    return response.status_code in (403, 404)


PAGE_VIEWS = [
    ("edit", "page_id"),
    ("delete", "page_id"),
    ("unpublish", "page_id"),
    ("copy", "page_id"),
    ("set_privacy", "page_id"),
    ("move", "page_to_move_id"),
    ("history", "page_id"),
    ("usage", "page_id"),
    ("view_draft", "page_id"),
]


@pytest.mark.parametrize(("view", "kwarg"), PAGE_VIEWS)
def test_another_authoritys_page_is_closed(client, world, view, kwarg):
    client = signed_in(client, world.manager_b)
    url = reverse(f"{PAGES}:{view}", kwargs={kwarg: world.page_a.pk})
    assert refused(client.get(url))


def test_another_authoritys_page_is_neither_unpublished_nor_deleted(client, world):
    client = signed_in(client, world.manager_b)
    url = reverse(f"{PAGES}:unpublish", args=[world.page_a.pk])
    assert refused(client.post(url))
    assert refused(client.post(reverse(f"{PAGES}:delete", args=[world.page_a.pk])))
    page = CallPage.objects.get(pk=world.page_a.pk)
    assert page.live is True


def test_another_authoritys_page_revisions_are_closed(client, world):
    client = signed_in(client, world.manager_b)
    url = reverse(
        f"{PAGES}:revisions_view",
        args=[world.page_a.pk, world.page_a.latest_revision_id],
    )
    assert refused(client.get(url))


@pytest.mark.parametrize("user", ["manager_a", "manager_ab", "admin"])
def test_the_page_is_open_to_its_authority_and_the_administrator(client, world, user):
    client = signed_in(client, getattr(world, user))
    for view in ("edit", "delete", "unpublish", "history"):
        url = reverse(f"{PAGES}:{view}", args=[world.page_a.pk])
        assert client.get(url).status_code == 200, view


def explored(client) -> set[str]:
    response = client.get(reverse("wagtailadmin_explore", args=[call_index_page().pk]))
    assert response.status_code == 200
    return {page.title for page in response.context["pages"]}


def test_the_explorer_shows_ones_own_call_pages(client, world):
    assert explored(signed_in(client, world.manager_b)) == {"Page de B"}
    assert explored(signed_in(client, world.manager_ab)) == {"Page de A", "Page de B"}
    assert explored(signed_in(client, world.admin)) == {"Page de A", "Page de B"}


def page_form_data(call, **overrides) -> dict:
    fields = {
        "title": call.title,
        "slug": call.reference.lower() + "-bis",
        "call": str(call.pk),
        "body": streamfield([]),
        "documents": streamfield([]),
        "faq": streamfield([]),
    }
    fields.update(overrides)
    return nested_form_data(fields)


def test_a_page_cannot_present_another_authoritys_call(client, world):
    client = signed_in(client, world.manager_b)
    other = CallFactory(
        reference="AAC-2026-AAA-002", authority=world.authority_a, published=False
    )
    url = reverse(PAGES + ":add", args=("cms", "callpage", call_index_page().pk))
    response = client.post(url, page_form_data(other))
    assert response.status_code == 200
    assert response.context["form"].errors["call"] == [FOREIGN_CALL]
    assert not CallPage.objects.filter(call=other).exists()


def test_a_page_cannot_be_moved_to_another_authoritys_call(client, world):
    client = signed_in(client, world.manager_a)
    other = CallFactory(
        reference="AAC-2026-BBB-002", authority=world.authority_b, published=False
    )
    url = reverse(f"{PAGES}:edit", args=[world.page_a.pk])
    response = client.post(
        url, page_form_data(other, title="Page de A", slug=world.page_a.slug)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["call"] == [FOREIGN_CALL]
    assert CallPage.objects.get(pk=world.page_a.pk).call == world.call_a
