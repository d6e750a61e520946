"""Staff sign-in with ProConnect (issue 13), against a real OpenID Connect
provider on 127.0.0.1 (tests/accounts/oidc_provider.py): the Django test client
plays the browser on the site's side, ``requests`` on the provider's side, and
mozilla-django-oidc exchanges the code over real HTTP (token, JWKS, userinfo).
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from accounts.oidc import BACKEND_PATH, signed_in_with_proconnect
from tests.factories import ManagerFactory, UserFactory

from .oidc_provider import CLIENT_ID, ProConnectDouble

pytestmark = pytest.mark.django_db

SITE = "http://testserver"
CALLBACK = f"{SITE}/compte/proconnect/retour/"
ADMIN_LOGIN = f"{SITE}/admin/login/"
REFUSED = "ne correspond à aucun compte"  # the French refusal message


@pytest.fixture(scope="module")
def provider():
    double = ProConnectDouble(CALLBACK, ADMIN_LOGIN).start()
    yield double
    double.stop()


@pytest.fixture
def proconnect(provider, settings):
    for name, value in provider.settings().items():
        setattr(settings, name, value)
    provider.end_session_requests.clear()
    return provider


@pytest.fixture
def agent():
    """An existing staff account that may enter the admin."""
    user = ManagerFactory(email="Camille.Agent@Sante.gouv.fr")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def to_provider(client, **query):
    """Click the button: the site sends the browser to the provider."""
    response = client.get(reverse("oidc_authentication_init"), query)
    assert response.status_code == 302
    return response["Location"]


def at_provider(provider, authorize_url: str) -> str:
    """The provider authenticates its agent and sends the browser back."""
    answer = requests.get(
        authorize_url, allow_redirects=False, timeout=10, verify=provider.ca
    )
    assert answer.status_code == 302, answer.text
    return answer.headers["Location"]


def back_on_site(client, callback_url: str):
    assert callback_url.startswith(CALLBACK + "?")
    return client.get(callback_url.removeprefix(SITE))


def sign_in(client, provider, **query):
    return back_on_site(client, at_provider(provider, to_provider(client, **query)))


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def test_proconnect_signs_in_the_staff_account_of_that_email_any_case(
    client, proconnect, agent
):
    proconnect.sign_in_as("camille.agent@sante.GOUV.fr")

    response = sign_in(client, proconnect)

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert signed_in_user_id(client) == str(agent.pk)
    assert client.session["_auth_user_backend"] == BACKEND_PATH
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_proconnect_asks_for_proconnect_scopes_acr_and_a_nonce(
    client, proconnect, agent
):
    url = to_provider(client)

    query = parse_qs(urlsplit(url).query)
    assert url.startswith(f"{proconnect.issuer}/authorize?")
    assert query["scope"] == ["openid email given_name usual_name"]
    assert query["acr_values"] == ["eidas1"]
    assert query["client_id"] == [CLIENT_ID]
    assert query["redirect_uri"] == [CALLBACK]
    assert len(query["nonce"][0]) == 32
    assert len(query["state"][0]) == 32


def test_proconnect_returns_to_the_next_page(client, proconnect, agent):
    proconnect.sign_in_as(agent.email)

    response = sign_in(client, proconnect, next="/admin/pages/")

    assert response["Location"] == "/admin/pages/"
    assert signed_in_user_id(client) == str(agent.pk)


def refused(client, response) -> None:
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_login")
    assert signed_in_user_id(client) is None
    page = client.get(response["Location"]).content.decode()
    assert REFUSED in page


def test_proconnect_refuses_an_unknown_email_and_creates_no_account(
    client, proconnect, agent
):
    before = get_user_model().objects.count()
    proconnect.sign_in_as("inconnu@sante.gouv.fr")

    refused(client, sign_in(client, proconnect))

    assert get_user_model().objects.count() == before


def test_proconnect_refuses_a_non_staff_account(client, proconnect):
    user = UserFactory(email="candidat@sante.gouv.fr")
    proconnect.sign_in_as(user.email)

    refused(client, sign_in(client, proconnect))

    user.refresh_from_db()
    assert user.is_staff is False


def test_proconnect_refuses_an_inactive_staff_account(client, proconnect):
    user = ManagerFactory(email="parti@sante.gouv.fr", is_active=False)
    proconnect.sign_in_as(user.email)

    refused(client, sign_in(client, proconnect))


def test_proconnect_refuses_an_email_said_unverified(client, proconnect, agent):
    proconnect.sign_in_as(agent.email, email_verified=False)

    refused(client, sign_in(client, proconnect))


def test_proconnect_refuses_a_state_that_is_not_the_sessions(client, proconnect, agent):
    proconnect.sign_in_as(agent.email)
    callback = at_provider(proconnect, to_provider(client))
    forged = callback.replace("state=", "state=forged")

    refused(client, back_on_site(client, forged))


def test_proconnect_refuses_a_callback_from_another_browser(client, proconnect, agent):
    proconnect.sign_in_as(agent.email)
    callback = at_provider(proconnect, to_provider(Client()))

    refused(client, back_on_site(client, callback))


def test_admin_login_shows_the_proconnect_button_when_configured(client, proconnect):
    page = client.get("/admin/login/?next=/admin/pages/").content.decode()

    assert 'href="/compte/proconnect/connexion/?next=/admin/pages/"' in page
    assert "S’identifier avec" in page  # noqa: RUF001
    assert "ProConnect" in page
    # Local password accounts keep their form.
    assert 'name="password"' in page


def test_a_password_account_still_signs_in_when_proconnect_is_configured(
    client, proconnect, agent
):
    response = client.post(
        "/admin/login/",
        {"username": agent.username, "password": "mot-de-passe-de-test"},
    )

    assert response.status_code == 302
    assert signed_in_user_id(client) == str(agent.pk)
    assert client.session["_auth_user_backend"] != BACKEND_PATH


def test_unconfigured_proconnect_shows_no_button_and_answers_404(client, agent):
    page = client.get("/admin/login/").content.decode()

    assert "ProConnect" not in page
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert client.get(f"{CALLBACK}?code=x&state=y").status_code == 404
    assert client.post(reverse("oidc_logout")).status_code == 404


def test_admin_logout_ends_the_proconnect_session(client, proconnect, agent):
    proconnect.sign_in_as(agent.email)
    sign_in(client, proconnect)
    id_token = client.session["oidc_id_token"]

    response = client.post(reverse("wagtailadmin_logout"))

    assert response.status_code == 302
    url = response["Location"]
    assert url.startswith(f"{proconnect.issuer}/session/end?")
    query = parse_qs(urlsplit(url).query)
    assert query["id_token_hint"] == [id_token]
    assert query["post_logout_redirect_uri"] == [ADMIN_LOGIN]
    assert len(query["state"][0]) == 32
    assert signed_in_user_id(client) is None
    # The provider accepts the hint (its own signature) and sends the browser back.
    answer = requests.get(url, allow_redirects=False, timeout=10, verify=proconnect.ca)
    assert answer.status_code == 302
    assert answer.headers["Location"] == f"{ADMIN_LOGIN}?state={query['state'][0]}"


def test_proconnect_logout_view_ends_the_proconnect_session(client, proconnect, agent):
    proconnect.sign_in_as(agent.email)
    sign_in(client, proconnect)

    response = client.post(reverse("oidc_logout"))

    assert response["Location"].startswith(f"{proconnect.issuer}/session/end?")
    assert signed_in_user_id(client) is None


def test_admin_logout_of_a_password_session_stays_on_the_site(
    client, proconnect, agent
):
    client.force_login(agent, backend="django.contrib.auth.backends.ModelBackend")

    response = client.post(reverse("wagtailadmin_logout"))

    assert response["Location"] == reverse("wagtailadmin_login")
    assert signed_in_user_id(client) is None


def test_signed_in_with_proconnect_tells_the_sessions_apart(
    client, rf, proconnect, agent
):
    proconnect.sign_in_as(agent.email)
    sign_in(client, proconnect)
    request = rf.get("/")
    request.session = client.session
    assert signed_in_with_proconnect(request) is True

    other = client.__class__()
    other.force_login(agent, backend="django.contrib.auth.backends.ModelBackend")
    request.session = other.session
    assert signed_in_with_proconnect(request) is False


def test_proconnect_refuses_a_token_from_another_issuer(
    client, proconnect, agent, settings
):
    settings.PROCONNECT_ISSUER = "https://autre-fournisseur.example"
    proconnect.sign_in_as(agent.email)

    refused(client, sign_in(client, proconnect))


def test_proconnect_logout_view_of_a_password_session_stays_on_the_site(
    client, proconnect, agent
):
    client.force_login(agent, backend="django.contrib.auth.backends.ModelBackend")

    response = client.post(reverse("oidc_logout"))

    assert response["Location"] == reverse("wagtailadmin_login")
    assert signed_in_user_id(client) is None


def test_signed_in_with_proconnect_is_false_without_a_session(rf):
    assert signed_in_with_proconnect(rf.get("/")) is False
