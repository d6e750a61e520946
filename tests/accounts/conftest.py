import re

import pytest
from django.core import mail

from accounts.models import Registration
from tests.factories import UserFactory

PASSWORD = "Sillon-Rennes-2026!"
SIGNUP_DATA = {
    "email": "Camille.Martin@Example.org",
    "first_name": "Camille",
    "last_name": "Martin",
    "accept_terms": "on",
}
ACTIVATION_DATA = {
    "first_name": "Camille",
    "last_name": "Martin",
    "new_password1": PASSWORD,
    "new_password2": PASSWORD,
}
LINK = re.compile(r"^http://testserver/compte/\S+/$", re.MULTILINE)


def link_in(message: mail.EmailMessage) -> str:
    """The one link of the email to follow (the first absolute URL in it)."""
    return LINK.findall(message.body)[0]


def path_of(url: str) -> str:
    return url.removeprefix("http://testserver")


def activate(client, link_path: str, **overrides):
    """Open a verification link and choose the password on the page it leads to.

    Returns the answer to the choice of password.
    """
    opened = client.get(link_path)
    assert opened.status_code == 302, opened.status_code
    assert opened["Location"].endswith("/choisir-mot-de-passe/")
    return client.post(opened["Location"], {**ACTIVATION_DATA, **overrides})


@pytest.fixture
def signup(client, django_capture_on_commit_callbacks):
    """Sign up through the page; returns the response."""

    def _signup(**overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/compte/inscription/", {**SIGNUP_DATA, **overrides})

    return _signup


@pytest.fixture
def pending_user(db):
    """An account signed up and never verified: it has no usable password."""
    user = UserFactory(
        username="camille.martin@example.org",
        email="camille.martin@example.org",
        first_name="Camille",
        last_name="Martin",
        is_active=False,
    )
    user.set_unusable_password()
    user.save()
    Registration.objects.create(user=user, terms_accepted_at=user.date_joined)
    return user
