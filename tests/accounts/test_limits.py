"""Issue 8, item 4: sign-in lockouts (public and Wagtail admin login) and limits
on the requests that send account emails, per account and per client address."""

import pytest
from django.core import mail
from django.test import Client, TestCase

from accounts.models import Registration
from tests.cms.helpers import by_testid, soup
from tests.factories import UserFactory

from .conftest import link_in, path_of

pytestmark = pytest.mark.django_db

PASSWORD = "mot-de-passe-de-test"  # the factories' password
LOCKED = "Trop de tentatives de connexion infructueuses"
TOO_MANY = "Trop de demandes pour cette adresse ou depuis votre connexion"


def post_login(client, path: str, username: str, password: str, ip="10.0.0.1"):
    return client.post(
        path, {"username": username, "password": password}, REMOTE_ADDR=ip
    )


@pytest.fixture
def applicant(db):
    return UserFactory(
        username="camille.martin@example.org", email="camille.martin@example.org"
    )


def test_public_login_locks_an_account_after_ten_wrong_passwords(client, applicant):
    for _attempt in range(10):
        response = post_login(
            client, "/compte/connexion/", "Camille.Martin@example.org", "mauvais"
        )
        assert response.status_code in {200, 429}

    # Even the right password, and from another address: the account is locked.
    response = post_login(
        Client(), "/compte/connexion/", applicant.username, PASSWORD, ip="10.0.0.2"
    )

    assert response.status_code == 429
    assert LOCKED in by_testid(soup(response), "locked-out").get_text()
    assert "_auth_user_id" not in client.session


def test_a_password_reset_unlocks_the_account(client, applicant):
    for _attempt in range(10):
        post_login(Client(), "/compte/connexion/", applicant.username, "mauvais")
    post_email(client, "/compte/mot-de-passe/oublie/", applicant.email)
    set_url = client.get(path_of(link_in(mail.outbox[0])))["Location"]
    new = "Nouveau-Sillon-2027!"
    client.post(set_url, {"new_password1": new, "new_password2": new})

    response = post_login(
        Client(), "/compte/connexion/", applicant.username, new, ip="10.0.0.3"
    )

    assert response.status_code == 302


def test_wrong_passwords_below_the_limit_are_answered_normally(client, applicant):
    for _attempt in range(9):
        response = post_login(client, "/compte/connexion/", applicant.username, "x")
        assert response.status_code == 200

    response = post_login(client, "/compte/connexion/", applicant.username, PASSWORD)

    assert response.status_code == 302


def test_public_login_locks_a_client_address_trying_many_accounts(client):
    for number in range(10):
        post_login(client, "/compte/connexion/", f"personne{number}@example.org", "x")
    other = UserFactory(username="autre@example.org")

    response = post_login(client, "/compte/connexion/", other.username, PASSWORD)

    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    # The account itself is not locked for its owner elsewhere.
    elsewhere = post_login(
        Client(), "/compte/connexion/", other.username, PASSWORD, ip="10.0.0.9"
    )
    assert elsewhere.status_code == 302


def test_wagtail_admin_login_locks_too_with_a_french_message(client):
    staff = UserFactory(username="gestionnaire", is_staff=True, is_superuser=True)
    for _attempt in range(10):
        post_login(client, "/admin/login/", "gestionnaire", "mauvais")

    response = post_login(client, "/admin/login/", staff.username, PASSWORD)

    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session


def post_email(client, path: str, email: str, ip="10.0.0.1"):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(path, {"email": email}, REMOTE_ADDR=ip)


@pytest.mark.parametrize(
    "path", ["/compte/mot-de-passe/oublie/", "/compte/verification/renvoyer/"]
)
def test_five_requests_for_one_address_send_at_most_three_emails(applicant, path):
    if "verification" in path:
        applicant.is_active = False
        applicant.save()
        Registration.objects.create(
            user=applicant, terms_accepted_at=applicant.date_joined
        )
    statuses = [
        post_email(
            Client(), path, "Camille.Martin@example.org", ip=f"10.0.1.{n}"
        ).status_code
        for n in range(5)
    ]

    assert statuses == [302, 302, 302, 429, 429]
    assert len(mail.outbox) == 3


def test_the_limit_answers_in_french_and_the_same_for_an_unknown_address(client):
    for _request in range(3):
        post_email(client, "/compte/mot-de-passe/oublie/", "personne@example.org")

    response = post_email(
        client, "/compte/mot-de-passe/oublie/", "personne@example.org"
    )

    assert response.status_code == 429
    assert TOO_MANY in by_testid(soup(response), "password-reset-errors").get_text()
    assert mail.outbox == []


def test_one_client_address_is_limited_across_addresses(client, applicant):
    for number in range(10):
        post_email(client, "/compte/mot-de-passe/oublie/", f"p{number}@example.org")

    response = post_email(
        client, "/compte/mot-de-passe/oublie/", "camille.martin@example.org"
    )

    assert response.status_code == 429
    assert mail.outbox == []


def test_signup_is_limited_per_address(client):
    data = {
        "email": "camille.martin@example.org",
        "first_name": "Camille",
        "last_name": "Martin",
        "accept_terms": "on",
    }
    statuses = []
    for number in range(4):
        with TestCase.captureOnCommitCallbacks(execute=True):
            statuses.append(
                Client()
                .post("/compte/inscription/", data, REMOTE_ADDR=f"10.0.2.{number}")
                .status_code
            )

    assert statuses == [302, 302, 302, 429]
    assert len(mail.outbox) == 3
