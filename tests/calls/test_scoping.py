"""Staff act on their own authority's calls only; administrators on every call
(``calls.permissions.CallPermissionPolicy`` in the call snippet's views)."""

import pytest
from django.urls import reverse

from calls.models import Call
from calls.permissions import call_permission_policy
from tests.access import forms
from tests.factories import (
    AdministratorFactory,
    ApplicationFactory,
    AuthorityFactory,
    CallFactory,
    ManagerFactory,
)

pytestmark = pytest.mark.django_db

CALL = "wagtailsnippets_calls_call"
CHOOSER = "wagtailsnippetchoosers_calls_call"
FOREIGN_AUTHORITY = (
    "Choisissez une autorité dont vous faites partie : vous ne gérez que les "
    "appels de votre autorité."
)


@pytest.fixture
def world():
    class World:
        pass

    w = World()
    w.authority_a = AuthorityFactory(short_name="ARS A")
    w.authority_b = AuthorityFactory(short_name="ARS B")
    w.call_a = CallFactory(reference="AAC-2026-AAA-001", authority=w.authority_a)
    w.call_b = CallFactory(reference="AAC-2026-BBB-001", authority=w.authority_b)
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
    """Wagtail's "permission denied": back to the dashboard (or a 403/404)."""
    if response.status_code == 302:
        return response.url == reverse("wagtailadmin_home")
    return response.status_code in (403, 404)


def listed(client) -> set[str]:
    response = client.get(reverse(f"{CALL}:list"))
    assert response.status_code == 200
    return {call.reference for call in response.context["object_list"]}


def test_listing_shows_the_calls_of_ones_own_authorities(client, world):
    assert listed(signed_in(client, world.manager_b)) == {"AAC-2026-BBB-001"}
    assert listed(signed_in(client, world.manager_ab)) == {
        "AAC-2026-AAA-001",
        "AAC-2026-BBB-001",
    }
    assert listed(signed_in(client, world.admin)) == {
        "AAC-2026-AAA-001",
        "AAC-2026-BBB-001",
    }


def test_chooser_offers_the_calls_of_ones_own_authorities(client, world):
    client = signed_in(client, world.manager_b)
    shown = client.get(reverse(f"{CHOOSER}:choose_results")).content.decode()
    assert "AAC-2026-BBB-001" in shown
    assert "AAC-2026-AAA-001" not in shown
    assert (
        client.get(reverse(f"{CHOOSER}:chosen", args=[world.call_a.pk])).status_code
        == 404
    )
    multiple = client.get(
        reverse(f"{CHOOSER}:chosen_multiple"), {"id": [world.call_a.pk]}
    )
    assert "AAC-2026-AAA-001" not in multiple.content.decode()


@pytest.mark.parametrize("view", ["edit", "copy", "delete", "usage", "history"])
def test_another_authoritys_call_is_closed(client, world, view):
    client = signed_in(client, world.manager_b)
    assert refused(client.get(reverse(f"{CALL}:{view}", args=[world.call_a.pk])))


def test_another_authoritys_call_cannot_be_saved_nor_taken(client, world):
    client = signed_in(client, world.manager_b)
    url = reverse(f"{CALL}:edit", args=[world.call_a.pk])
    data = forms.call_edit(world.call_a, authority=world.authority_b, title="Pris")
    assert refused(client.post(url, data))
    call = Call.objects.get(pk=world.call_a.pk)
    assert (call.authority, call.title) == (world.authority_a, world.call_a.title)


def test_another_authoritys_call_cannot_be_deleted(client, world):
    client = signed_in(client, world.manager_b)
    assert refused(client.post(reverse(f"{CALL}:delete", args=[world.call_a.pk])))
    bulk = reverse("wagtail_bulk_action", args=["calls", "call", "delete"])
    client.post(f"{bulk}?id={world.call_a.pk}")
    assert Call.objects.filter(pk=world.call_a.pk).exists()


def test_own_call_is_deleted_in_bulk(client, world):
    """A call not yet published: nothing refers to it."""
    draft = CallFactory(authority=world.authority_b, published=False)
    client = signed_in(client, world.manager_b)
    bulk = reverse("wagtail_bulk_action", args=["calls", "call", "delete"])
    client.post(f"{bulk}?id={draft.pk}")
    assert not Call.objects.filter(pk=draft.pk).exists()


def test_a_call_with_its_page_is_not_deleted_in_bulk(client, world):
    """Its page protects it: the bulk action says so instead of failing."""
    client = signed_in(client, world.manager_b)
    bulk = reverse("wagtail_bulk_action", args=["calls", "call", "delete"])
    response = client.post(f"{bulk}?id={world.call_b.pk}")
    assert response.status_code in {200, 302}  # not a server error
    assert Call.objects.filter(pk=world.call_b.pk).exists()


def test_the_authority_offered_is_ones_own(client, world):
    client = signed_in(client, world.manager_a)
    response = client.get(reverse(f"{CALL}:edit", args=[world.call_a.pk]))
    assert response.status_code == 200
    offered = response.context["form"].fields["authority"].queryset
    assert list(offered) == [world.authority_a]


def test_a_call_cannot_be_handed_to_another_authority(client, world):
    client = signed_in(client, world.manager_a)
    response = client.post(
        reverse(f"{CALL}:edit", args=[world.call_a.pk]),
        forms.call_edit(world.call_a, authority=world.authority_b),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["authority"] == [FOREIGN_AUTHORITY]
    assert Call.objects.get(pk=world.call_a.pk).authority == world.authority_a


def test_a_call_cannot_be_created_for_another_authority(client, world):
    client = signed_in(client, world.manager_a)
    call = CallFactory.build(reference="AAC-2026-AAA-002", authority=world.authority_b)
    data = forms.call_edit(call)
    data["territories"] = []
    response = client.post(reverse(f"{CALL}:add"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["authority"] == [FOREIGN_AUTHORITY]
    assert not Call.objects.filter(reference="AAC-2026-AAA-002").exists()


def test_a_manager_of_both_authorities_moves_a_call_between_them(client, world):
    client = signed_in(client, world.manager_ab)
    response = client.post(
        reverse(f"{CALL}:edit", args=[world.call_a.pk]),
        forms.call_edit(world.call_a, authority=world.authority_b),
    )
    assert response.status_code == 302
    assert Call.objects.get(pk=world.call_a.pk).authority == world.authority_b


def test_the_administrator_keeps_every_call(client, world):
    client = signed_in(client, world.admin)
    for view in ("edit", "copy", "delete", "usage", "history"):
        url = reverse(f"{CALL}:{view}", args=[world.call_a.pk])
        assert client.get(url).status_code == 200, view
    response = client.post(
        reverse(f"{CALL}:edit", args=[world.call_a.pk]),
        forms.call_edit(world.call_a, authority=world.authority_b),
    )
    assert response.status_code == 302
    assert Call.objects.get(pk=world.call_a.pk).authority == world.authority_b


def test_the_policy_names_who_may_act_on_a_call(world):
    policy = call_permission_policy
    assert policy.user_has_permission_for_instance(
        world.manager_a, "change", world.call_a
    )
    assert not policy.user_has_permission_for_instance(
        world.manager_b, "change", world.call_a
    )
    assert set(policy.users_with_permission_for_instance("change", world.call_a)) == {
        world.manager_a,
        world.manager_ab,
        world.admin,
    }


def test_the_call_listing_searches_by_reference_and_title(client):
    """The listing's search ran Wagtail's search backend, which failed on SQLite."""
    admin = AdministratorFactory()
    wanted = CallFactory(reference="AAC-2027-BRE-ZZZ", title="Maison de Brest")
    CallFactory(reference="AAC-2027-ARA-YYY", title="Filière du Rhône")
    client.force_login(admin)
    url = reverse("wagtailsnippets_calls_call:list")
    for query in ("bre-zzz", "brest"):
        response = client.get(url, {"q": query})
        assert response.status_code == 200
        assert [c.pk for c in response.context["object_list"]] == [wanted.pk]


def test_a_call_dossiers_depend_on_is_not_deleted_and_the_page_says_why(client, world):
    """Wagtail's usage misses the dossiers: the page explains, the POST refuses
    (a ProtectedError answered 500 before)."""
    ApplicationFactory(call=world.call_a)
    client = signed_in(client, world.manager_a)
    url = reverse(f"{CALL}:delete", args=[world.call_a.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Cet appel ne peut pas être supprimé" in page.content.decode()
    assert "Oui, supprimer" not in page.content.decode()
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "Cet appel ne peut pas être supprimé" in response.content.decode()
    assert Call.objects.filter(pk=world.call_a.pk).exists()


def test_a_call_nothing_depends_on_is_deleted(client, world):
    draft = CallFactory(authority=world.authority_b, published=False)
    client = signed_in(client, world.manager_b)
    url = reverse(f"{CALL}:delete", args=[draft.pk])
    assert "Oui, supprimer" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not Call.objects.filter(pk=draft.pk).exists()
