"""Headers of the site's responses: Content-Security-Policy without inline code on
the site (a looser one for the Wagtail admin), Permissions-Policy, Referrer-Policy,
and dossiers, downloads and accounts never cached."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from applications import services
from applications.enums import ApplicationState as S
from applications.partner_links import partner_token
from calls.enums import PartnerCategory
from tests.factories import (
    ApplicationFactory,
    AttachmentFactory,
    CallPageFactory,
    ManagerFactory,
    drive_to,
    home_page,
)
from tests.factories.applications import synthetic_siret

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parsed = {}
    for directive in policy.split(";"):
        name, *values = directive.split()
        parsed[name] = values
    return parsed


def assert_strict_policy(response):
    policy = directives(response)
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]


def assert_never_cached(response):
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control, response["Cache-Control"]


@pytest.fixture
def application():
    return ApplicationFactory()


@pytest.fixture
def applicant_client(client, application):
    client.force_login(application.created_by)
    return client


@pytest.fixture
def partner(application):
    return services.partner_add(
        application=application,
        user=application.created_by,
        name="Équipe mobile de soins palliatifs",
        siret=synthetic_siret(7101),
        finess="",
        category=PartnerCategory.EXPERT_TEAM,
        role="Expertise",
        contact_name="Dr Anne Kervella",
        contact_email="anne.kervella@example.org",
    )


def test_public_pages_have_a_policy_without_inline_code(client):
    call_page = CallPageFactory()
    for url in (home_page().url, call_page.url, reverse("login")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict_policy(response)


def test_the_applicants_pages_have_a_policy_without_inline_code(
    applicant_client, application
):
    for url in (
        reverse("applications:home"),
        reverse("applications:dossier_detail", args=[application.pk]),
        reverse("applications:dossier_step", args=[application.pk, 1]),
    ):
        response = applicant_client.get(url)
        assert response.status_code == 200, url
        assert_strict_policy(response)


def test_the_admin_has_its_own_looser_policy(client):
    response = client.get("/admin/login/")

    policy = directives(response)
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]


def test_every_response_has_a_permissions_policy_and_a_referrer_policy(client):
    for url in (home_page().url, reverse("login"), "/admin/login/"):
        response = client.get(url)
        features = dict(
            part.strip().split("=")
            for part in response["Permissions-Policy"].split(",")
        )
        for feature in ("camera", "geolocation", "microphone", "payment", "usb"):
            assert features[feature] == "()", (url, feature)
        assert response["Referrer-Policy"] == "same-origin"


def test_the_applicants_dossier_pages_are_never_cached(applicant_client, application):
    for url in (
        reverse("applications:home"),
        reverse("applications:dossier_detail", args=[application.pk]),
        reverse("applications:dossier_step", args=[application.pk, 1]),
        reverse("applications:dossier_partners", args=[application.pk]),
        reverse("applications:dossier_messages", args=[application.pk]),
        reverse("applications:dossier_attachments", args=[application.pk]),
        reverse("organisations:join"),
    ):
        response = applicant_client.get(url)
        assert response.status_code == 200, url
        assert_never_cached(response)


def test_downloads_and_receipts_are_never_cached(applicant_client):
    application = drive_to(ApplicationFactory(), S.SUBMITTED)
    applicant_client.force_login(application.created_by)
    attachment = AttachmentFactory(application=application)
    version = application.versions.get()
    version.receipt.save("accuse.pdf", ContentFile(b"%PDF-1.7 receipt"), save=True)

    for url in (
        reverse(
            "applications:attachment_download", args=[application.pk, attachment.pk]
        ),
        reverse("applications:receipt_download", args=[application.pk, 1]),
    ):
        response = applicant_client.get(url)
        assert response.status_code == 200, url
        assert_never_cached(response)


def test_the_staff_dossier_page_is_never_cached(client):
    application = drive_to(ApplicationFactory(), S.SUBMITTED)
    client.force_login(ManagerFactory(authority=application.call.authority))

    response = client.get(reverse("dossiers_admin:detail", args=[application.pk]))

    assert response.status_code == 200
    assert_never_cached(response)


def test_the_partners_page_is_never_cached_and_sends_only_the_origin(client, partner):
    response = client.get(
        reverse("applications:partner_commitment", args=[partner_token(partner)])
    )

    assert response.status_code == 200
    assert_never_cached(response)
    assert_strict_policy(response)
    assert response["Referrer-Policy"] == "strict-origin"


def test_account_pages_are_never_cached(client):
    for url in (reverse("login"), reverse("signup"), reverse("password_reset")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_never_cached(response)
