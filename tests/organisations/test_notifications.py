"""Requests to join are noticed (issue 8, item 15): the organisation's
administrators are emailed once and see them in their space; the person who asked
is emailed the answer."""

import pytest
from django.urls import reverse

from core.models import ActivityEntry, OutboundEmail
from organisations import services
from organisations.enums import MembershipRole, MembershipStatus
from organisations.models import Membership
from tests.factories import MembershipFactory, UserFactory

from .support import (
    approve_url,
    make_admin_membership,
    make_request,
    make_user,
    reject_url,
    soup,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(db):
    return make_user()


@pytest.fixture
def admin_membership(db):
    return make_admin_membership()


@pytest.fixture
def organisation(admin_membership):
    return admin_membership.organisation


def emails(template: str) -> list[OutboundEmail]:
    return list(OutboundEmail.objects.filter(template=template))


def test_a_request_emails_the_active_administrators_once(
    client,
    user,
    organisation,
    admin_membership,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    second_admin = MembershipFactory(
        organisation=organisation,
        user=UserFactory(username="admin.bis", email="admin.bis@example.org"),
        role=MembershipRole.ADMIN,
    ).user
    # Told nothing: a plain member, a pending administrator, an inactive one.
    MembershipFactory(organisation=organisation, user=UserFactory(email="m@x.org"))
    MembershipFactory(
        organisation=organisation,
        user=UserFactory(email="pending.admin@example.org"),
        role=MembershipRole.ADMIN,
        status=MembershipStatus.PENDING,
    )
    MembershipFactory(
        organisation=organisation,
        user=UserFactory(email="gone@example.org", is_active=False),
        role=MembershipRole.ADMIN,
    )
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("organisations:join"), {"siret": organisation.siret}
        )
        again = client.post(
            reverse("organisations:join"), {"siret": organisation.siret}
        )
    assert response.status_code == 302
    assert again.status_code == 200  # "already asked": nothing sent again
    [email] = emails("membership_requested")
    assert sorted(email.to) == sorted([admin_membership.user.email, second_admin.email])
    assert email.subject == (
        "Camille Durand demande à rejoindre Centre hospitalier de Cornouaille"
    )
    assert user.email in email.body
    assert f"http://testserver/espace/organisations/{organisation.pk}/" in email.body
    assert len([m for m in mailoutbox if "demande à rejoindre" in m.subject]) == 1
    membership = Membership.objects.get(user=user)
    assert email.dedup_key == f"membership.requested:{membership.pk}"
    assert ActivityEntry.objects.filter(action="membership.requested").count() == 1


def test_the_administrators_space_shows_the_requests_to_handle(
    client, user, organisation, admin_membership
):
    services.membership_request(user=user, siret=organisation.siret)
    make_request(organisation, UserFactory(username="dominique"))
    client.force_login(admin_membership.user)
    home = soup(client.get(reverse("applications:home")))
    badge = home.select_one('[data-testid="pending-requests-badge"]')
    assert badge["data-count"] == "2"
    assert badge["href"] == (
        reverse("organisations:detail", args=[organisation.pk]) + "#requests-title"
    )
    assert "2 demandes" in badge.text
    detail = soup(client.get(badge["href"].split("#")[0]))
    assert len(detail.select('[data-testid="pending-request"]')) == 2


def test_a_plain_member_and_the_requester_see_no_badge(client, user, organisation):
    services.membership_request(user=user, siret=organisation.siret)
    member = MembershipFactory(organisation=organisation).user
    for person in (member, user):
        client.force_login(person)
        home = soup(client.get(reverse("applications:home")))
        assert home.select_one('[data-testid="pending-requests-badge"]') is None


def test_no_badge_once_the_requests_are_handled(
    client, user, organisation, admin_membership
):
    membership = services.membership_request(user=user, siret=organisation.siret)
    services.membership_approve(membership=membership, user=admin_membership.user)
    client.force_login(admin_membership.user)
    home = soup(client.get(reverse("applications:home")))
    assert home.select_one('[data-testid="pending-requests-badge"]') is None


@pytest.mark.parametrize(
    ("approve", "template", "subject"),
    [
        (
            True,
            "membership_approved",
            "Vous êtes membre de Centre hospitalier de Cornouaille",
        ),
        (
            False,
            "membership_rejected",
            "Votre demande pour rejoindre Centre hospitalier de Cornouaille n'a "
            "pas été acceptée",
        ),
    ],
)
def test_the_requester_is_emailed_the_answer_once(
    client,
    user,
    organisation,
    admin_membership,
    approve,
    template,
    subject,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    membership = make_request(organisation, user)
    client.force_login(admin_membership.user)
    target = approve_url(membership) if approve else reject_url(membership)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(target).status_code == 302
        client.post(target)  # handled already: nothing more is sent
    [email] = emails(template)
    assert email.to == [user.email]
    assert email.subject == subject
    assert "http://testserver/espace/" in email.body
    assert [m.subject for m in mailoutbox] == [subject]
