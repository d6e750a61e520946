"""The two-factor pages and the middleware, for each role."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.test import RequestFactory, override_settings
from django_otp.plugins.otp_static.models import StaticToken

from accounts.two_factor.policy import (
    PASSWORD_SIGN_IN_SESSION_KEY,
    has_two_factor,
    session_owes_second_factor,
)
from accounts.two_factor.services import pending_device
from core.models import ActivityEntry
from tests.factories import (
    AdministratorFactory,
    ManagerFactory,
    ReviewerFactory,
    UserFactory,
)

from .two_factor_helpers import current_code, enrol, next_code, password_sign_in

pytestmark = pytest.mark.django_db

HOME = "/compte/double-authentification/"
VERIFY = HOME + "verification/"
ENROL = HOME + "activation/"
CODES = HOME + "codes-de-secours/"
DISABLE = HOME + "desactivation/"


def wrong(code: str) -> str:
    return f"{(int(code) + 500000) % 1000000:06d}"


@pytest.mark.parametrize("url", ["/compte/connexion/", "/admin/login/"])
def test_manager_without_device_is_sent_to_enrolment_on_admin(client, url):
    manager = ManagerFactory(username="claude@example.org", email="claude@example.org")
    password_sign_in(client, manager, url=url)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"] == f"{ENROL}?next=%2Fadmin%2F"


def test_manager_enrols_gets_codes_once_then_reaches_admin(client):
    manager = ManagerFactory(username="claude@example.org", email="claude@example.org")
    password_sign_in(client, manager)
    page = client.get(ENROL + "?next=/admin/")
    assert page.status_code == 200
    content = page.content.decode()
    # The QR code is inline SVG: no image from elsewhere.
    assert "<svg" in content and "<img" not in content.split("two-factor-qr")[1][:200]
    device = pending_device(manager)

    response = client.post(ENROL, {"code": current_code(device), "next": "/admin/"})

    assert response.status_code == 302
    assert response["Location"] == f"{CODES}?next=%2Fadmin%2F"
    shown = client.get(response["Location"])
    codes = list(
        StaticToken.objects.filter(device__user=manager).values_list("token", flat=True)
    )
    assert len(codes) == 10
    assert all(code in shown.content.decode() for code in codes)
    download = client.get(CODES + "telecharger/")
    assert download["Content-Disposition"].startswith("attachment")
    assert all(code in download.content.decode() for code in codes)
    done = client.post(CODES + "notes/", {"next": "/admin/"})
    assert done["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    # Shown once: the page no longer lists them.
    assert codes[0] not in client.get(CODES).content.decode()


def test_enrolment_refuses_a_wrong_code(client):
    manager = ManagerFactory(username="claude@example.org", email="claude@example.org")
    password_sign_in(client, manager)
    client.get(ENROL)
    device = pending_device(manager)

    response = client.post(ENROL, {"code": wrong(current_code(device))})

    assert response.status_code == 200
    assert not has_two_factor(manager)
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize("factory", [ManagerFactory, AdministratorFactory])
def test_staff_with_device_is_asked_for_the_code(client, factory):
    user = factory(username="dom@example.org", email="dom@example.org")
    device, _ = enrol(user)
    password_sign_in(client, user, url="/admin/login/")

    asked = client.get("/admin/")
    assert asked["Location"] == f"{VERIFY}?next=%2Fadmin%2F"
    refused = client.post(VERIFY, {"code": wrong(next_code(device)), "next": "/admin/"})
    assert refused.status_code == 200
    assert client.get("/admin/").status_code == 302

    accepted = client.post(VERIFY, {"code": next_code(device), "next": "/admin/"})

    assert accepted["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_applicant_with_device_is_asked_on_espace_and_recovery_code_works_once(
    client,
):
    user = UserFactory(username="cam@example.org", email="cam@example.org")
    _, codes = enrol(user)
    password_sign_in(client, user)

    assert client.get("/espace/")["Location"] == f"{VERIFY}?next=%2Fespace%2F"
    assert client.post(VERIFY, {"code": codes[0]})["Location"] == "/espace/"
    assert client.get("/espace/").status_code == 200
    assert ActivityEntry.objects.filter(
        action="two_factor.recovery_code_used", target_object_id=str(user.pk)
    ).exists()

    client.logout()
    password_sign_in(client, user)
    reused = client.post(VERIFY, {"code": codes[0]})
    assert reused.status_code == 200
    assert client.get("/espace/").status_code == 302


def test_applicant_without_device_is_not_bothered(client):
    user = UserFactory(username="cam@example.org", email="cam@example.org")
    password_sign_in(client, user)

    assert client.get("/espace/").status_code == 200


def test_reviewer_is_not_forced(client):
    reviewer = ReviewerFactory(username="rev@example.org", email="rev@example.org")
    password_sign_in(client, reviewer, url="/admin/login/")

    assert client.get("/admin/").status_code == 200


@override_settings(TWO_FACTOR_EXEMPT_BACKENDS=["tests.accounts.FakeProConnect"])
def test_a_proconnect_session_is_not_forced(client):
    manager = ManagerFactory(username="claude@example.org", email="claude@example.org")
    password_sign_in(client, manager)
    session = client.session
    session[BACKEND_SESSION_KEY] = "tests.accounts.FakeProConnect"
    session.save()

    # Django reloads the user through the session's backend, which does not
    # exist here: check the exemption on the policy the middleware asks.
    request = RequestFactory().get("/admin/")
    request.session = session
    request.user = manager
    manager.is_verified = lambda: False
    assert session[PASSWORD_SIGN_IN_SESSION_KEY] is True
    assert not session_owes_second_factor(request)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    assert session_owes_second_factor(request)


def test_force_login_is_not_flagged(client):
    """The existing tests sign staff in with force_login: no second factor."""
    manager = ManagerFactory()
    client.force_login(manager)

    assert PASSWORD_SIGN_IN_SESSION_KEY not in client.session
    assert client.get("/admin/").status_code == 200


def test_pages_need_a_sign_in(client):
    response = client.get(HOME)

    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/")


def test_applicant_turns_on_then_off(client):
    user = UserFactory(username="cam@example.org", email="cam@example.org")
    password_sign_in(client, user)
    assert client.get(HOME).status_code == 200
    client.get(ENROL)
    device = pending_device(user)
    client.post(ENROL, {"code": current_code(device)})
    assert has_two_factor(user)

    refused = client.post(DISABLE, {"code": "999"})
    assert refused.status_code == 200 and has_two_factor(user)
    response = client.post(DISABLE, {"code": next_code(device)})

    assert response["Location"] == HOME
    assert not has_two_factor(user)


def test_manager_cannot_disable(client):
    manager = ManagerFactory()
    device, _ = enrol(manager)
    client.force_login(manager)

    response = client.post(DISABLE, {"code": next_code(device)})

    assert response["Location"] == HOME
    assert has_two_factor(manager)


def test_regenerating_from_the_page_needs_a_current_code(client):
    user = UserFactory()
    device, old = enrol(user)
    client.force_login(user)

    refused = client.post(CODES, {"code": wrong(next_code(device))})
    assert refused.status_code == 200

    assert set(old) == set(
        StaticToken.objects.filter(device__user=user).values_list("token", flat=True)
    )


@override_settings(TWO_FACTOR_VERIFY_RATE="2/h")
def test_verification_is_rate_limited(client):
    user = UserFactory(username="cam@example.org", email="cam@example.org")
    enrol(user)
    password_sign_in(client, user)

    statuses = [client.post(VERIFY, {"code": "000000"}).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


def test_admin_account_page_links_to_the_settings(client):
    client.force_login(ManagerFactory())

    assert HOME in client.get("/admin/account/").content.decode()
