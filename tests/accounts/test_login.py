"""Signing in with the email."""

import pytest
from django.utils import translation

from accounts.models import Registration
from tests.cms.helpers import by_testid, soup
from tests.factories import UserFactory

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def fr(message: str) -> str:
    with translation.override("fr"):
        return translation.gettext(message)


def sign_in(client, username: str, password: str = PASSWORD, **extra):
    return client.post(
        "/compte/connexion/", {"username": username, "password": password, **extra}
    )


def errors_text(response) -> str:
    return by_testid(soup(response), "login-errors").get_text(" ", strip=True)


def verify(user) -> None:
    user.is_active = True
    user.set_password(PASSWORD)
    user.save()
    Registration.objects.filter(user=user).update(email_verified_at=user.date_joined)


@pytest.mark.parametrize(
    "typed",
    [
        "camille.martin@example.org",
        "Camille.Martin@EXAMPLE.org",
        " CAMILLE.MARTIN@example.org ",
    ],
)
def test_login_by_email_in_any_case_after_verification(client, pending_user, typed):
    verify(pending_user)

    response = sign_in(client, typed, next="/appels/")

    assert response.status_code == 302
    assert response["Location"] == "/appels/"
    assert client.session["_auth_user_id"] == str(pending_user.pk)


def test_an_account_awaiting_verification_cannot_sign_in(client, pending_user):
    """It has no password yet: its owner chooses one from the link."""
    response = sign_in(client, "Camille.Martin@example.org")

    assert response.status_code == 200
    assert errors_text(response) == fr("Incorrect email or password.")
    assert "_auth_user_id" not in client.session


def test_deactivated_account_cannot_sign_in(client, pending_user):
    verify(pending_user)
    pending_user.is_active = False
    pending_user.save()

    response = sign_in(client, "camille.martin@example.org")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_unknown_email_gets_the_generic_error(client):
    response = sign_in(client, "personne@example.org")

    assert response.status_code == 200
    assert errors_text(response) == fr("Incorrect email or password.")


def test_staff_username_without_at_sign_still_signs_in(client):
    user = UserFactory(username="Gestionnaire", password=PASSWORD)

    response = sign_in(client, "Gestionnaire")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_page_has_email_field_and_account_links(client):
    response = client.get("/compte/connexion/")

    page = soup(response)
    username = page.select_one('input[name="username"]')
    assert username["type"] == "email"
    assert username["autocomplete"] == "email"
    assert page.select_one(f'label[for="{username["id"]}"]').get_text(strip=True) == fr(
        "Email"
    )
    assert page.select_one('input[name="password"]')["autocomplete"] == (
        "current-password"
    )
    assert by_testid(page, "password-reset-link")["href"] == (
        "/compte/mot-de-passe/oublie/"
    )
    assert by_testid(page, "signup-link")["href"] == "/compte/inscription/"


def test_login_refuses_an_email_longer_than_any_account(client):
    """Refused by the form, before the attempt is counted: django-axes could not
    record a 300-character username (a 500 on PostgreSQL)."""
    response = sign_in(client, "a" * 300 + "@example.org")
    assert response.status_code == 200
    assert response.context["form"].errors["username"] == [
        "Assurez-vous que cette valeur comporte au plus 150 caractères "
        "(actuellement 312)."
    ]
