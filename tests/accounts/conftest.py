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
    "password1": PASSWORD,
    "password2": PASSWORD,
    "accept_terms": "on",
}
LINK = re.compile(r"^http://testserver/compte/\S+/$", re.MULTILINE)


def link_in(message: mail.EmailMessage) -> str:
    """The one link of the email to follow (the first absolute URL in it)."""
    return LINK.findall(message.body)[0]


def path_of(url: str) -> str:
    return url.removeprefix("http://testserver")


@pytest.fixture
def signup(client, django_capture_on_commit_callbacks):
    """Sign up through the page; returns the response."""

    def _signup(**overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/compte/inscription/", {**SIGNUP_DATA, **overrides})

    return _signup


@pytest.fixture
def pending_user(db):
    """An account signed up and never verified."""
    user = UserFactory(
        username="camille.martin@example.org",
        email="camille.martin@example.org",
        first_name="Camille",
        last_name="Martin",
        password=PASSWORD,
        is_active=False,
    )
    Registration.objects.create(user=user, terms_accepted_at=user.date_joined)
    return user
