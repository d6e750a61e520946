"""Sign-up: an inactive account without a password, one email, the same answer
for every address (issue 8: pre-account takeover and account enumeration)."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.utils import translation

from accounts.models import Registration
from accounts.views import espace_home_url
from tests.cms.helpers import by_testid, soup
from tests.factories import UserFactory

from .conftest import PASSWORD, SIGNUP_DATA, activate, link_in, path_of

pytestmark = pytest.mark.django_db

User = get_user_model()
VERIFICATION_SUBJECT = "Confirmez votre adresse électronique pour activer votre compte"
EXISTS_SUBJECT = "Vous avez déjà un compte"


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


def done_text(client) -> str:
    response = client.get("/compte/inscription/email-envoye/")
    assert response.status_code == 200
    return by_testid(soup(response), "signup-done").get_text(" ", strip=True)


def test_signup_creates_an_inactive_user_without_password_and_emails_one_link(
    signup,
):
    response = signup(password1=PASSWORD, password2=PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/compte/inscription/email-envoye/"
    user = User.objects.get()
    assert (user.username, user.email) == (
        "camille.martin@example.org",
        "camille.martin@example.org",
    )
    assert (user.first_name, user.last_name) == ("Camille", "Martin")
    assert user.is_active is False
    # A password posted with the sign-up is never stored.
    assert user.has_usable_password() is False
    assert user.is_staff is False
    registration = Registration.objects.get(user=user)
    assert registration.terms_accepted_at is not None
    assert registration.email_verified_at is None
    [message] = mail.outbox
    assert message.to == ["camille.martin@example.org"]
    assert message.subject == VERIFICATION_SUBJECT
    assert message.body.startswith("Bonjour Camille Martin,\n")
    assert "choisissez votre mot de passe" in message.body
    assert link_in(message).startswith("http://testserver/compte/verification/")


def test_signup_link_lets_the_owner_choose_the_password_then_signs_in(client, signup):
    signup()
    user = User.objects.get()

    response = activate(client, path_of(link_in(mail.outbox[0])))

    assert response.status_code == 302
    assert response["Location"] == espace_home_url()
    assert espace_home_url().startswith("/espace/")
    user.refresh_from_db()
    assert user.is_active is True
    assert user.check_password(PASSWORD)
    assert Registration.objects.get(user=user).email_verified_at is not None
    assert client.session["_auth_user_id"] == str(user.pk)
    [message] = list(response.wsgi_request._messages)
    assert message.level_tag == "success"
    assert message.message == fr("Your account is activated. Welcome to your space.")


def test_signup_done_page_names_the_address(client, signup):
    signup()

    with translation.override("fr"):
        expected = translation.gettext("We have sent an email to %(email)s.") % {
            "email": "camille.martin@example.org"
        }
    assert done_text(client) == expected


def test_signup_email_is_french_whatever_the_page_language(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/compte/inscription/", SIGNUP_DATA, HTTP_ACCEPT_LANGUAGE="en")

    assert [m.subject for m in mail.outbox] == [VERIFICATION_SUBJECT]


# Enumeration (issue 8, item 7) ---------------------------------------------------


@pytest.mark.parametrize(
    "owner",
    [
        {"username": "camille.martin@example.org"},
        {"username": "gestionnaire", "email": "Camille.Martin@example.org"},
        {
            "username": "admin",
            "email": "camille.martin@example.org",
            "is_staff": True,
            "is_superuser": True,
        },
    ],
    ids=["applicant", "staff-username", "administrator"],
)
def test_signup_answers_an_existing_address_as_a_new_one_and_emails_its_owner(
    client, signup, owner
):
    signup(email="nouvelle.personne@example.org")
    new_answer = done_text(client).replace(
        "nouvelle.personne@example.org", "camille.martin@example.org"
    )
    mail.outbox.clear()
    existing = UserFactory(**owner)
    users_before = User.objects.count()

    response = signup(email="CAMILLE.martin@EXAMPLE.ORG")

    assert response.status_code == 302
    assert response["Location"] == "/compte/inscription/email-envoye/"
    assert done_text(client) == new_answer
    assert User.objects.count() == users_before
    [message] = mail.outbox
    assert message.to == [existing.email]
    assert message.subject == EXISTS_SUBJECT
    assert "http://testserver/compte/mot-de-passe/oublie/" in message.body
    assert "http://testserver/compte/connexion/" in message.body
    existing.refresh_from_db()
    assert existing.check_password("mot-de-passe-de-test")


def test_signup_of_an_address_awaiting_verification_sends_a_new_link(
    client, signup, pending_user
):
    response = signup(first_name="Autre", last_name="Nom")

    assert response.status_code == 302
    assert response["Location"] == "/compte/inscription/email-envoye/"
    assert User.objects.count() == 1
    pending_user.refresh_from_db()
    assert (pending_user.first_name, pending_user.last_name) == ("Camille", "Martin")
    [message] = mail.outbox
    assert message.subject == VERIFICATION_SUBJECT
    assert link_in(message).startswith("http://testserver/compte/verification/")


def test_signup_of_a_deactivated_account_answers_the_same_and_sends_nothing(
    client, signup
):
    UserFactory(username="camille.martin@example.org", is_active=False)

    response = signup()

    assert response["Location"] == "/compte/inscription/email-envoye/"
    assert mail.outbox == []


# The form -------------------------------------------------------------------------


def test_signup_refuses_unchecked_terms(signup):
    response = signup(accept_terms="")

    assert response.status_code == 200
    assert field_errors(response, "accept_terms") == [
        fr("You must accept the terms of use to create an account.")
    ]
    assert User.objects.count() == 0
    assert mail.outbox == []


def test_signup_refuses_a_post_without_csrf_token():
    client = Client(enforce_csrf_checks=True)

    response = client.post("/compte/inscription/", SIGNUP_DATA)

    assert response.status_code == 403
    assert User.objects.count() == 0
    assert mail.outbox == []


def test_signup_form_is_labelled_with_autocomplete_and_asks_no_password(client):
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
    }
    assert form.select('input[type="password"]') == []
    for field in form.select("input:not([type=hidden])"):
        assert form.select_one(f'label[for="{field["id"]}"]') is not None
    terms = form.select_one('input[name="accept_terms"]')
    assert terms["type"] == "checkbox"


def test_signup_terms_link_follows_the_setting_when_set(client, settings):
    settings.ACCOUNTS_TERMS_URL = "/autres-conditions/"

    response = client.get("/compte/inscription/")

    link = by_testid(soup(response), "terms-link")
    assert link["href"] == "/autres-conditions/"


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
