"""Issue 8, item 3: someone signs up with another person's email and a password
of their choosing; verifying the address must never activate that password."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from .conftest import PASSWORD, SIGNUP_DATA, activate, link_in, path_of

pytestmark = pytest.mark.django_db

User = get_user_model()
ATTACKER_PASSWORD = "Mot-de-passe-de-l-intrus-42"
OWNER = "camille.martin@example.org"


def signs_in(password: str) -> bool:
    response = Client().post(
        "/compte/connexion/", {"username": OWNER, "password": password}
    )
    return response.status_code == 302


def test_attacker_signup_then_owner_resend_and_verify_leaves_the_attacker_out(
    django_capture_on_commit_callbacks,
):
    attacker = Client()
    with django_capture_on_commit_callbacks(execute=True):
        attacker.post(
            "/compte/inscription/",
            {
                **SIGNUP_DATA,
                "password1": ATTACKER_PASSWORD,
                "password2": ATTACKER_PASSWORD,
            },
        )
    mail.outbox.clear()
    owner = Client()
    with django_capture_on_commit_callbacks(execute=True):
        owner.post("/compte/verification/renvoyer/", {"email": OWNER})
    [message] = mail.outbox

    response = activate(owner, path_of(link_in(message)))

    assert response.status_code == 302
    user = User.objects.get(username=OWNER)
    assert user.is_active is True
    assert not user.check_password(ATTACKER_PASSWORD)
    assert not signs_in(ATTACKER_PASSWORD)
    assert signs_in(PASSWORD)


def test_the_attacker_signup_link_itself_does_not_activate_their_password(
    django_capture_on_commit_callbacks,
):
    """The owner opens the email the attacker's sign-up sent them."""
    attacker = Client()
    with django_capture_on_commit_callbacks(execute=True):
        attacker.post(
            "/compte/inscription/",
            {
                **SIGNUP_DATA,
                "password1": ATTACKER_PASSWORD,
                "password2": ATTACKER_PASSWORD,
            },
        )
    [message] = mail.outbox
    owner = Client()

    opened = owner.get(path_of(link_in(message)))

    user = User.objects.get(username=OWNER)
    assert user.is_active is False
    assert not signs_in(ATTACKER_PASSWORD)
    assert opened["Location"].endswith("/choisir-mot-de-passe/")
    activate(owner, path_of(link_in(message)))
    assert not signs_in(ATTACKER_PASSWORD)
    assert signs_in(PASSWORD)
