"""Sign-up: an inactive account, one verification email, a link that activates."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.utils import translation

from accounts.models import Registration
from accounts.views import espace_home_url
from tests.cms.helpers import by_testid, soup
from tests.factories import UserFactory

from .conftest import PASSWORD, SIGNUP_DATA, link_in, path_of

pytestmark = pytest.mark.django_db

User = get_user_model()
VERIFICATION_SUBJECT = "Confirmez votre adresse électronique pour activer votre compte"


def field_errors(response, name: str) -> list[str]:
    field = soup(response).select_one(f'[name="{name}"]')
    assert field["aria-invalid"] == "true"
    ids = field["aria-describedby"].split()
    errors = soup(response).select_one(f"#id_{name}_error")
    assert errors["id"] in ids
    return [p.get_text(strip=True) for p in errors.select("p.fr-message--error")]


def fr(message: str) -> str:
    with translation.override("fr"):
        return translation.gettext(message)


def test_signup_creates_an_inactive_user_and_emails_one_link(signup):
    response = signup()

    assert response.status_code == 302
    assert response["Location"] == "/compte/inscription/email-envoye/"
    user = User.objects.get()
    assert (user.username, user.email) == (
        "camille.martin@example.org",
        "camille.martin@example.org",
    )
    assert (user.first_name, user.last_name) == ("Camille", "Martin")
    assert user.is_active is False
    assert user.check_password(PASSWORD)
    assert user.is_staff is False
    registration = Registration.objects.get(user=user)
    assert registration.terms_accepted_at is not None
    assert registration.email_verified_at is None
    assert len(mail.outbox) == 1
    [message] = mail.outbox
    assert message.to == ["camille.martin@example.org"]
    assert message.subject == VERIFICATION_SUBJECT
    assert message.body.startswith("Bonjour Camille Martin,\n")
    assert link_in(message).startswith("http://testserver/compte/verification/")


def test_signup_link_activates_signs_in_and_leads_to_the_espace(client, signup):
    signup()
    user = User.objects.get()

    response = client.get(path_of(link_in(mail.outbox[0])))

    assert response.status_code == 302
    assert response["Location"] == espace_home_url()
    assert espace_home_url().startswith("/espace/")
    user.refresh_from_db()
    assert user.is_active is True
    assert Registration.objects.get(user=user).email_verified_at is not None
    assert client.session["_auth_user_id"] == str(user.pk)
    [message] = list(response.wsgi_request._messages)
    assert message.level_tag == "success"
    assert message.message == fr(
        "Your email address is confirmed. Welcome to your space."
    )


def test_signup_done_page_names_the_address(client, signup):
    signup()

    response = client.get("/compte/inscription/email-envoye/")

    assert response.status_code == 200
    with translation.override("fr"):
        expected = translation.gettext(
            "Your account has been created. We have sent a verification link to "
            "%(email)s."
        ) % {"email": "camille.martin@example.org"}
    assert by_testid(soup(response), "signup-done").get_text(strip=True) == expected


def test_signup_email_is_french_whatever_the_page_language(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/compte/inscription/", SIGNUP_DATA, HTTP_ACCEPT_LANGUAGE="en")

    assert [m.subject for m in mail.outbox] == [VERIFICATION_SUBJECT]


def test_signup_refuses_an_email_already_used_in_another_case(signup):
    UserFactory(username="camille.martin@example.org")

    response = signup(email="CAMILLE.martin@EXAMPLE.ORG")

    assert response.status_code == 200
    assert field_errors(response, "email") == [
        fr(
            "An account already uses this email address. Sign in, reset your "
            "password if you forgot it, or ask for a new verification email if "
            "you never confirmed it."
        )
    ]
    assert User.objects.count() == 1
    assert mail.outbox == []


def test_signup_refuses_the_email_of_an_account_with_another_username(signup):
    UserFactory(username="gestionnaire", email="Camille.Martin@example.org")

    response = signup()

    assert response.status_code == 200
    assert len(field_errors(response, "email")) == 1
    assert User.objects.count() == 1


def test_signup_refuses_unchecked_terms(signup):
    response = signup(accept_terms="")

    assert response.status_code == 200
    assert field_errors(response, "accept_terms") == [
        fr("You must accept the terms of use to create an account.")
    ]
    assert User.objects.count() == 0
    assert mail.outbox == []


def test_signup_refuses_a_weak_password_with_django_messages(signup):
    response = signup(password1="12345678", password2="12345678")

    assert response.status_code == 200
    with translation.override("fr"):
        expected = [
            translation.gettext("This password is too common."),
            translation.gettext("This password is entirely numeric."),
        ]
    assert field_errors(response, "password2") == expected
    assert expected[0] == "Ce mot de passe est trop courant."
    assert User.objects.count() == 0


def test_signup_refuses_a_password_like_the_name(signup):
    response = signup(password1="camillemartin", password2="camillemartin")

    assert response.status_code == 200
    assert len(field_errors(response, "password2")) == 1
    assert User.objects.count() == 0


def test_signup_refuses_different_passwords(signup):
    response = signup(password2="Sillon-Brest-2026!")

    assert response.status_code == 200
    assert len(field_errors(response, "password2")) == 1
    assert User.objects.count() == 0


def test_signup_refuses_a_post_without_csrf_token():
    client = Client(enforce_csrf_checks=True)

    response = client.post("/compte/inscription/", SIGNUP_DATA)

    assert response.status_code == 403
    assert User.objects.count() == 0
    assert mail.outbox == []


def test_signup_form_is_labelled_with_autocomplete(client):
    response = client.get("/compte/inscription/")

    form = by_testid(soup(response), "signup-form")
    assert form["method"] == "post"
    assert form.select_one('input[name="csrfmiddlewaretoken"]') is not None
    autocomplete = {
        field["name"]: field.get("autocomplete")
        for field in form.select("input.fr-input")
    }
    assert autocomplete == {
        "email": "email",
        "first_name": "given-name",
        "last_name": "family-name",
        "password1": "new-password",
        "password2": "new-password",
    }
    for field in form.select("input:not([type=hidden])"):
        assert form.select_one(f'label[for="{field["id"]}"]') is not None
    terms = form.select_one('input[name="accept_terms"]')
    assert terms["type"] == "checkbox"


def test_signup_shows_the_terms_link_when_configured(client, settings):
    settings.ACCOUNTS_TERMS_URL = "/conditions-generales-d-utilisation/"

    response = client.get("/compte/inscription/")

    link = by_testid(soup(response), "terms-link")
    assert link["href"] == "/conditions-generales-d-utilisation/"


def test_signup_page_marks_errors_for_assistive_technologies(signup):
    response = signup(email="", accept_terms="")

    page = soup(response)
    assert by_testid(page, "signup-errors") is not None
    group = page.select_one("#id_email").find_parent(class_="fr-input-group")
    assert "fr-input-group--error" in group["class"]
    checkbox = page.select_one("#id_accept_terms").find_parent(
        class_="fr-checkbox-group"
    )
    assert "fr-checkbox-group--error" in checkbox["class"]
    assert len(field_errors(response, "email")) == 1
    assert page.title.get_text().startswith(fr("Error"))


def test_signup_page_sends_a_signed_in_user_to_the_espace(client):
    client.force_login(UserFactory())

    response = client.get("/compte/inscription/")

    assert response.status_code == 302
    assert response["Location"] == espace_home_url()
