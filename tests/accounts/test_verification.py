"""The verification link: it leads its recipient to choose the password, which
activates the account once; anything else is a clear 400."""

import pytest
from django.core import mail
from django.test import TestCase
from django.utils import timezone

from accounts.emails import verification_link
from accounts.models import Registration
from accounts.views import espace_home_url
from tests.cms.helpers import by_testid, soup
from tests.factories import UserFactory

from .conftest import ACTIVATION_DATA, PASSWORD, activate, link_in, path_of

pytestmark = pytest.mark.django_db


def link_for(user) -> str:
    return path_of(verification_link(user, lambda path: f"http://testserver{path}"))


def assert_refused(response) -> None:
    assert response.status_code == 400
    page = soup(response)
    assert by_testid(page, "verification-invalid") is not None
    form = by_testid(page, "resend-form")
    assert form["action"] == "/compte/verification/renvoyer/"
    assert form.select_one('input[name="csrfmiddlewaretoken"]') is not None
    assert len(page.find_all("h1")) == 1


def test_opening_the_link_activates_nothing_until_a_password_is_chosen(
    client, pending_user
):
    link = link_for(pending_user)

    opened = client.get(link)

    assert opened.status_code == 302
    choose = opened["Location"]
    assert choose == link.rsplit("/", 2)[0] + "/choisir-mot-de-passe/"
    page = client.get(choose)
    assert page.status_code == 200
    assert by_testid(soup(page), "activation-form") is not None
    assert (
        "camille.martin@example.org"
        in by_testid(soup(page), "activation-email").get_text()
    )
    # The names typed at sign-up are offered for checking.
    assert soup(page).select_one('input[name="first_name"]')["value"] == "Camille"
    assert soup(page).select_one('input[name="last_name"]')["value"] == "Martin"
    pending_user.refresh_from_db()
    assert pending_user.is_active is False
    assert "_auth_user_id" not in client.session


def test_link_activates_a_pending_account_with_the_chosen_password(
    client, pending_user
):
    response = activate(client, link_for(pending_user), first_name="Camille-Anne")

    assert response.status_code == 302
    assert response["Location"] == espace_home_url()
    pending_user.refresh_from_db()
    assert pending_user.is_active is True
    assert pending_user.check_password(PASSWORD)
    assert pending_user.first_name == "Camille-Anne"


def test_activation_page_is_labelled_and_refuses_a_weak_password(client, pending_user):
    choose = client.get(link_for(pending_user))["Location"]

    response = client.post(
        choose,
        {**ACTIVATION_DATA, "new_password1": "12345678", "new_password2": "12345678"},
    )

    assert response.status_code == 200
    page = soup(response)
    assert page.select_one('input[name="new_password2"]')["aria-invalid"] == "true"
    for field in page.select("main input:not([type=hidden])"):
        assert page.select_one(f'label[for="{field["id"]}"]') is not None
    assert page.select_one('input[name="new_password1"]')["autocomplete"] == (
        "new-password"
    )
    pending_user.refresh_from_db()
    assert pending_user.is_active is False
    assert pending_user.has_usable_password() is False


def test_activation_page_without_the_link_is_refused(client, pending_user):
    uid = link_for(pending_user).split("/")[3]

    response = client.get(f"/compte/verification/{uid}/choisir-mot-de-passe/")

    assert_refused(response)


def test_tampered_token_is_refused_and_activates_nothing(client, pending_user):
    path = link_for(pending_user)
    tampered = path[:-2] + ("a" if path[-2] != "a" else "b") + "/"

    response = client.get(tampered)

    assert_refused(response)
    pending_user.refresh_from_db()
    assert pending_user.is_active is False
    assert Registration.objects.get().email_verified_at is None
    assert "_auth_user_id" not in client.session


def test_garbage_uid_is_refused(client, pending_user):
    response = client.get("/compte/verification/pas-un-uid/abc-123/")

    assert_refused(response)


def test_used_link_is_refused(client, pending_user):
    path = link_for(pending_user)
    assert activate(client, path).status_code == 302
    client.logout()

    response = client.get(path)

    assert_refused(response)


def test_link_of_another_user_uid_is_refused(client, pending_user):
    other = UserFactory(is_active=False)
    Registration.objects.create(user=other, terms_accepted_at=timezone.now())
    uid_of_other = link_for(other).split("/")[3]
    token_of_pending = link_for(pending_user).split("/")[4]

    response = client.get(f"/compte/verification/{uid_of_other}/{token_of_pending}/")

    assert_refused(response)
    other.refresh_from_db()
    assert other.is_active is False


def test_link_never_reactivates_a_deactivated_account(client, pending_user):
    path = link_for(pending_user)
    registration = Registration.objects.get()
    registration.email_verified_at = timezone.now()
    registration.save()

    response = client.get(path)

    assert_refused(response)
    pending_user.refresh_from_db()
    assert pending_user.is_active is False


def test_link_never_activates_an_account_that_did_not_sign_up(client):
    staff = UserFactory(is_active=False)

    response = client.get(link_for(staff))

    assert_refused(response)
    staff.refresh_from_db()
    assert staff.is_active is False


def test_expired_link_is_refused(client, pending_user, settings):
    path = link_for(pending_user)
    settings.PASSWORD_RESET_TIMEOUT = -1

    response = client.get(path)

    assert_refused(response)


def test_verification_link_is_not_a_password_reset_link(client, pending_user):
    pending_user.is_active = True
    pending_user.save()
    path = link_for(pending_user).replace("/verification/", "/mot-de-passe/nouveau/")

    response = client.get(path)

    assert response.status_code == 200
    assert by_testid(soup(response), "password-reset-invalid") is not None


# Resend ------------------------------------------------------------------------------


NEUTRAL_DONE = "/compte/verification/renvoyer/envoye/"


def resend(client, email: str):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post("/compte/verification/renvoyer/", {"email": email})


def test_resend_sends_a_working_link_to_a_pending_account(client, pending_user):
    response = resend(client, "Camille.Martin@example.org")

    assert response.status_code == 302
    assert response["Location"] == NEUTRAL_DONE
    [message] = mail.outbox
    assert message.to == ["camille.martin@example.org"]
    assert activate(client, path_of(link_in(message))).status_code == 302
    pending_user.refresh_from_db()
    assert pending_user.is_active is True


@pytest.mark.parametrize("kind", ["unknown", "active", "deactivated"])
def test_resend_answers_the_same_and_sends_nothing(client, pending_user, kind):
    email = "camille.martin@example.org"
    if kind == "unknown":
        email = "personne@example.org"
    elif kind == "active":
        pending_user.is_active = True
        pending_user.save()
    else:
        Registration.objects.update(email_verified_at=timezone.now())

    response = resend(client, email)

    assert response.status_code == 302
    assert response["Location"] == NEUTRAL_DONE
    assert mail.outbox == []


def test_resend_done_page_is_the_same_for_everyone(client, pending_user):
    resend(client, "personne@example.org")
    unknown_page = by_testid(soup(client.get(NEUTRAL_DONE)), "resend-done")
    resend(client, "camille.martin@example.org")
    known_page = by_testid(soup(client.get(NEUTRAL_DONE)), "resend-done")

    assert unknown_page.get_text(strip=True) == known_page.get_text(strip=True)
    assert len(mail.outbox) == 1


def test_resend_refuses_a_malformed_email(client, pending_user):
    response = resend(client, "pas-une-adresse")

    assert response.status_code == 200
    field = soup(response).select_one('input[name="email"]')
    assert field["aria-invalid"] == "true"
    assert mail.outbox == []
