"""An applicant names two partners; one confirms through its signed link; the
checklist turns to "met" and the dossier is submitted, in headless Chromium.

The partners page (before and after the confirmation), the partner's page and its
thank-you page are checked with axe-core; the screenshots stay in SCREENSHOTS
(sillon-partners-*.png) for review.
"""

import re

import pytest
from django.core import mail

from applications import services
from applications.enums import ApplicationState, CommitmentStatus
from applications.models import Application, Partner
from calls.enums import PartnerCategory
from tests.e2e.conftest import check_accessibility
from tests.factories import (
    CallFactory,
    GovernanceRuleFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.factories.applications import synthetic_siret

# Skipped, like the browser fixture, where Playwright is not installed.
expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [
    pytest.mark.browser,
    # The cms migrations create the home page and the call index: keep them.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EMAIL = "nolwenn.le-du@example.org"
PASSWORD = "Tr3s-l0ngue-phrase-secrete"
EXPERT_CONTACT = "anne.kervella@emsp-cornouaille.example.org"
PARTNERS = [
    {
        "name": "Équipe mobile de soins palliatifs de Cornouaille",
        "siret": synthetic_siret(5101),
        "category": PartnerCategory.EXPERT_TEAM,
        "role": "Expertise et appui aux équipes de premier recours",
        "contact_name": "Dr Anne Kervella",
        "contact_email": EXPERT_CONTACT,
    },
    {
        "name": "HAD Émeraude",
        "siret": synthetic_siret(5102),
        "category": PartnerCategory.HAD,
        "role": "Prises en charge à domicile",
        "contact_name": "Yann Le Goff",
        "contact_email": "yann.le-goff@had-emeraude.example.org",
    },
]


def make_dossier() -> Application:
    """An open call with one mandatory rule and nothing else to fill in."""
    call = CallFactory(
        reference="AAC-2026-BRE-FIL", title="Filières territoriales de soins palliatifs"
    )
    GovernanceRuleFactory(
        call=call,
        category=PartnerCategory.EXPERT_TEAM,
        min_partners=1,
        confirmation_required=True,
        mandatory=True,
    )
    organisation = OrganisationFactory(name="Centre hospitalier de Cornouaille")
    user = UserFactory(username=EMAIL, email=EMAIL, password=PASSWORD)
    MembershipFactory(user=user, organisation=organisation)
    return services.application_create(
        call=call,
        organisation=organisation,
        user=user,
        title="Filière palliative de Cornouaille",
    )


def sign_in(page, live_server, target: str) -> None:
    page.goto(live_server.url + target)
    page.wait_for_url("**/compte/connexion/**")
    page.fill("#id_username", EMAIL)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator('[data-testid="login-submit"]').click()
    page.wait_for_url(live_server.url + target)


def rule(page):
    return page.locator(
        '[data-testid="governance-rule"][data-rule="category:expert_team"]'
    )


def add_partner(page, partner: dict) -> None:
    form = page.locator('[data-testid="partner-form"]')
    form.locator("#id_partner-name").fill(partner["name"])
    form.locator("#id_partner-siret").fill(partner["siret"])
    form.locator("#id_partner-category").select_option(partner["category"])
    form.locator("#id_partner-role").fill(partner["role"])
    form.locator("#id_partner-contact_name").fill(partner["contact_name"])
    form.locator("#id_partner-contact_email").fill(partner["contact_email"])
    with page.expect_navigation():
        form.locator('[data-testid="partner-submit"]').click()
    expect(page.locator('[data-testid="service-error"]')).to_have_count(0)


def commitment_link(live_server) -> str:
    [message] = [m for m in mail.outbox if m.to == [EXPERT_CONTACT]]
    links = re.findall(r"https?://\S+/espace/partenaire/\S+/", message.body)
    assert len(links) == 1, message.body
    assert links[0].startswith(live_server.url)
    return links[0]


def test_partner_confirms_through_its_link_and_the_dossier_is_submitted(
    live_server, browser_page, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    application = make_dossier()
    partners_path = f"/espace/dossiers/{application.pk}/partenaires/"
    page = browser_page

    sign_in(page, live_server, partners_path)
    assert page.locator("h1").count() == 1
    expect(rule(page)).to_have_attribute("data-met", "false")
    for partner in PARTNERS:
        add_partner(page, partner)
    expect(page.locator('[data-testid="partner"]')).to_have_count(2)
    expect(
        page.locator('[data-testid="partner"][data-status="pending"]')
    ).to_have_count(2)
    expect(rule(page)).to_have_attribute("data-met", "false")
    expect(rule(page).locator('[data-testid="rule-status"]')).to_have_class(
        re.compile("fr-badge--error")
    )
    check_accessibility(page, "partners-pending")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        p["contact_email"] for p in PARTNERS
    )

    # The partner opens its link, in the same browser, and confirms.
    page.goto(commitment_link(live_server))
    expect(page.locator('[data-testid="partner-name"]')).to_contain_text(
        PARTNERS[0]["name"]
    )
    expect(page.locator('[data-testid="partner-role"]')).to_have_text(
        PARTNERS[0]["role"]
    )
    assert PARTNERS[1]["name"] not in page.content()
    check_accessibility(page, "partners-commitment")
    with page.expect_navigation():
        page.locator('[data-testid="confirm"]').click()
    page.wait_for_url("**/espace/partenaire/reponse-enregistree/")
    expect(page.locator('[data-testid="answer"]')).to_have_attribute(
        "data-confirmed", "true"
    )
    check_accessibility(page, "partners-thanks")
    expert = Partner.objects.get(contact_email=EXPERT_CONTACT)
    assert expert.commitment_status == CommitmentStatus.CONFIRMED

    # The applicant reloads the partners page: the rule is met.
    page.goto(live_server.url + partners_path)
    expect(rule(page)).to_have_attribute("data-met", "true")
    expect(
        page.locator('[data-testid="partner"][data-status="confirmed"]')
    ).to_have_count(1)
    check_accessibility(page, "partners-confirmed")

    page.goto(live_server.url + f"/espace/dossiers/{application.pk}/")
    expect(page.locator('[data-testid="missing"]')).to_have_count(0)
    with page.expect_navigation():
        page.locator('[data-testid="submit-button"]').click()
    page.locator('[data-testid="field-declaration"] label').click()
    with page.expect_navigation():
        page.locator('[data-testid="confirm-submit"]').click()
    expect(page.locator('[data-testid="state"]')).to_have_attribute(
        "data-state", ApplicationState.SUBMITTED
    )
    assert (
        Application.objects.get(pk=application.pk).state == ApplicationState.SUBMITTED
    )
