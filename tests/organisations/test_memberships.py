"""Administrators of an organisation approve or reject the requests to join it."""

import pytest
from django.utils.translation import gettext as _

from organisations.enums import MembershipRole, MembershipStatus
from organisations.models import Membership
from tests.factories import ApplicationFactory, MembershipFactory

from .support import (
    alerts,
    approve_url,
    detail_url,
    make_admin_membership,
    make_request,
    make_user,
    reject_url,
    soup,
    texts,
)


@pytest.fixture
def user(db):
    return make_user()


@pytest.fixture
def admin_membership(db):
    return make_admin_membership()


@pytest.fixture
def organisation(admin_membership):
    return admin_membership.organisation


@pytest.fixture
def request_to_join(organisation, user):
    return make_request(organisation, user)


# Approving and rejecting ----------------------------------------------------------


def test_admin_approves_and_the_member_sees_the_dossiers(
    client, admin_membership, request_to_join, user
):
    dossier = ApplicationFactory(organisation=admin_membership.organisation)
    client.force_login(admin_membership.user)

    response = client.post(approve_url(request_to_join))

    assert response.status_code == 302
    assert response.url == detail_url(admin_membership.organisation)
    request_to_join.refresh_from_db()
    assert request_to_join.status == MembershipStatus.ACTIVE
    assert request_to_join.role == MembershipRole.MEMBER
    assert texts(response) == [
        _("%(person)s is now a member of the organisation.")
        % {"person": "Camille Durand"}
    ]

    client.force_login(user)
    home = soup(client.get("/espace/"))
    rows = home.select("[data-testid=dossier]")
    assert [row["data-reference"] for row in rows] == [dossier.reference]


def test_admin_rejects_the_request(client, admin_membership, request_to_join):
    client.force_login(admin_membership.user)

    response = client.post(reject_url(request_to_join))

    assert response.status_code == 302
    assert not Membership.objects.filter(pk=request_to_join.pk).exists()
    assert texts(response) == [
        _("The request of %(person)s has been turned down.")
        % {"person": "Camille Durand"}
    ]


def test_handling_a_request_twice_says_so(client, admin_membership, request_to_join):
    client.force_login(admin_membership.user)
    client.post(approve_url(request_to_join), follow=True)

    again = client.post(approve_url(request_to_join), follow=True)
    rejected = client.post(reject_url(request_to_join), follow=True)

    for response in (again, rejected):
        assert alerts(response, "error") == [
            _("This request has already been handled.")
        ]
    request_to_join.refresh_from_db()
    assert request_to_join.status == MembershipStatus.ACTIVE


def test_approving_a_rejected_request_says_it_was_handled(
    client, admin_membership, request_to_join
):
    client.force_login(admin_membership.user)
    client.post(reject_url(request_to_join), follow=True)

    response = client.post(approve_url(request_to_join), follow=True)

    assert alerts(response, "info") == [_("This request has already been handled.")]
    assert not Membership.objects.filter(pk=request_to_join.pk).exists()


@pytest.mark.parametrize("url", [approve_url, reject_url])
def test_a_member_who_is_not_admin_cannot_handle_requests(
    client, organisation, request_to_join, url
):
    member = MembershipFactory(organisation=organisation).user
    client.force_login(member)

    response = client.post(url(request_to_join))

    assert response.status_code == 403
    assert soup(response).select_one("[data-testid=service-error] p").text == _(
        "Only the administrators of the organisation can handle its requests."
    )
    request_to_join.refresh_from_db()
    assert request_to_join.status == MembershipStatus.PENDING


@pytest.mark.parametrize("url", [approve_url, reject_url])
def test_a_non_member_gets_404_on_requests(client, request_to_join, url):
    outsider = MembershipFactory(role=MembershipRole.ADMIN).user  # admin elsewhere
    client.force_login(outsider)

    assert client.post(url(request_to_join)).status_code == 404
    request_to_join.refresh_from_db()
    assert request_to_join.status == MembershipStatus.PENDING


def test_approve_by_get_is_not_allowed(client, admin_membership, request_to_join):
    client.force_login(admin_membership.user)

    assert client.get(approve_url(request_to_join)).status_code == 405
    request_to_join.refresh_from_db()
    assert request_to_join.status == MembershipStatus.PENDING
