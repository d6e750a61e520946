"""Password reset through Django's views, with a French email."""

import pytest
from django.core import mail
from django.test import TestCase

from tests.cms.helpers import by_testid, soup
from tests.factories import UserFactory

from .conftest import link_in, path_of

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Nouveau-Sillon-2027!"


@pytest.fixture
def applicant(db):
    return UserFactory(
        username="camille.martin@example.org",
        email="camille.martin@example.org",
        first_name="Camille",
        last_name="Martin",
    )


def ask_reset(client, email: str):
    """Ask for a link; the email is sent once the request's transaction commits."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post("/compte/mot-de-passe/oublie/", {"email": email})


def test_reset_sends_one_french_email(client, applicant):
    response = ask_reset(client, "Camille.Martin@example.org")

    assert response.status_code == 302
    assert response["Location"] == "/compte/mot-de-passe/oublie/envoye/"
    [message] = mail.outbox
    assert message.to == ["camille.martin@example.org"]
    assert message.subject == "Réinitialisation de votre mot de passe"
    assert message.body.startswith("Bonjour Camille Martin,\n")
    assert link_in(message).startswith("http://testserver/compte/mot-de-passe/nouveau/")


def test_reset_link_lets_the_user_set_a_new_password(client, applicant):
    ask_reset(client, "camille.martin@example.org")

    response = client.get(path_of(link_in(mail.outbox[0])))
    assert response.status_code == 302
    form_page = client.get(response["Location"])
    assert by_testid(soup(form_page), "set-password-form") is not None
    done = client.post(
        response["Location"],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert done.status_code == 302
    assert done["Location"] == "/compte/mot-de-passe/modifie/"
    applicant.refresh_from_db()
    assert applicant.check_password(NEW_PASSWORD)
    signed_in = client.post(
        "/compte/connexion/",
        {"username": "camille.martin@example.org", "password": NEW_PASSWORD},
    )
    assert signed_in.status_code == 302


def test_reset_refuses_a_weak_new_password(client, applicant):
    ask_reset(client, "camille.martin@example.org")
    set_url = client.get(path_of(link_in(mail.outbox[0])))["Location"]

    response = client.post(
        set_url, {"new_password1": "12345678", "new_password2": "12345678"}
    )

    assert response.status_code == 200
    field = soup(response).select_one('input[name="new_password2"]')
    assert field["aria-invalid"] == "true"
    applicant.refresh_from_db()
    assert applicant.check_password("mot-de-passe-de-test")


def test_used_reset_link_is_refused(client, applicant):
    ask_reset(client, "camille.martin@example.org")
    link = path_of(link_in(mail.outbox[0]))
    set_url = client.get(link)["Location"]
    client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    response = client.get(link)

    assert response.status_code == 200
    assert by_testid(soup(response), "password-reset-invalid") is not None


def test_reset_for_an_account_awaiting_verification_sends_its_verification_link(
    client, pending_user
):
    response = ask_reset(client, "camille.martin@example.org")

    assert response["Location"] == "/compte/mot-de-passe/oublie/envoye/"
    [message] = mail.outbox
    assert message.subject == (
        "Confirmez votre adresse électronique pour activer votre compte"
    )
    assert link_in(message).startswith("http://testserver/compte/verification/")


@pytest.mark.parametrize("email", ["personne@example.org", "inactif@example.org"])
def test_reset_answers_the_same_and_sends_nothing(client, email):
    UserFactory(username="inactif", email="inactif@example.org", is_active=False)

    response = ask_reset(client, email)

    assert response.status_code == 302
    assert response["Location"] == "/compte/mot-de-passe/oublie/envoye/"
    assert mail.outbox == []
