"""On a phone (375 px wide), « Mes dossiers » and the partners table stay readable
without widening the page (issue 8, item 17); the confirmation pages of the
irreversible actions (issue 8, item 14) pass axe-core and do what they say.

Screenshots stay in SCREENSHOTS (sillon-phone-*.png, sillon-confirm-*.png).
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from applications import services
from applications.enums import ApplicationState, CommitmentStatus
from applications.models import Application, Partner
from calls.enums import PartnerCategory
from tests.e2e.conftest import SCREENSHOTS, check_accessibility
from tests.factories import (
    AdministratorFactory,
    CallFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnerFactory,
    UserFactory,
)

# Skipped, like the browser fixture, where Playwright is not installed.
expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [
    pytest.mark.browser,
    # The cms migrations create the home page and the call index: keep them.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EMAIL = "gwenaelle.riou@example.org"
PASSWORD = "Tr3s-l0ngue-phrase-secrete"
PHONE = {"width": 375, "height": 812}


def make_dossier() -> Application:
    """A dossier with two partners, one pending and one confirmed, long names."""
    call = CallFactory(
        reference="AAC-2026-BRE-FIL",
        title="Reconnaissance des filières territoriales de soins palliatifs",
    )
    organisation = OrganisationFactory(
        name="Centre hospitalier intercommunal de Cornouaille et du pays bigouden"
    )
    user = UserFactory(username=EMAIL, email=EMAIL, password=PASSWORD)
    MembershipFactory(user=user, organisation=organisation)
    application = services.application_create(
        call=call,
        organisation=organisation,
        user=user,
        title="Filière palliative de Cornouaille et du pays bigouden",
    )
    PartnerFactory(
        application=application,
        name="Équipe mobile de soins palliatifs de Cornouaille",
        category=PartnerCategory.EXPERT_TEAM,
        role="Expertise et appui aux équipes de premier recours",
        contact_email="anne.kervella@emsp-cornouaille.example.org",
    )
    PartnerFactory(
        application=application,
        name="Hospitalisation à domicile Émeraude",
        category=PartnerCategory.HAD,
        commitment_status=CommitmentStatus.CONFIRMED,
        responded_at=timezone.now(),
    )
    return application


def sign_in(page, live_server, target: str) -> None:
    page.goto(live_server.url + target)
    page.wait_for_url("**/compte/connexion/**")
    page.fill("#id_username", EMAIL)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator('[data-testid="login-submit"]').click()
    page.wait_for_url(live_server.url + target)


def assert_fits_the_phone(page, name: str) -> None:
    page.screenshot(
        path=str(SCREENSHOTS / f"sillon-phone-{name}.png"),
        full_page=True,
        caret="initial",
    )
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the {name} page is {width} px wide"


def assert_on_screen(locator) -> None:
    """Shown, and horizontally within the phone's screen."""
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= PHONE["width"], box


def test_tables_are_readable_on_a_phone(live_server, browser_page):
    application = make_dossier()
    page = browser_page
    page.set_viewport_size(PHONE)

    sign_in(page, live_server, "/espace/")
    row = page.locator('[data-testid="dossier"]')
    expect(row).to_have_count(1)
    assert_fits_the_phone(page, "espace")
    assert_on_screen(row.locator('[data-testid="state"]'))
    assert_on_screen(row.locator('[data-testid="dossier-link"]'))
    assert_on_screen(row.locator('[data-testid="next-step"]'))

    page.goto(live_server.url + f"/espace/dossiers/{application.pk}/partenaires/")
    partners = page.locator('[data-testid="partner"]')
    expect(partners).to_have_count(2)
    assert_fits_the_phone(page, "partners")
    for index in range(2):
        partner = partners.nth(index)
        partner.scroll_into_view_if_needed()
        assert_on_screen(partner.locator('[data-testid="commitment-status"]'))
        for action in ("partner-edit", "partner-letter", "partner-remove"):
            assert_on_screen(partner.locator(f'[data-testid="{action}"]'))


def test_confirmation_pages(live_server, browser_page):
    application = make_dossier()
    page = browser_page
    partners_path = f"/espace/dossiers/{application.pk}/partenaires/"
    sign_in(page, live_server, partners_path)

    # Removing a partner: a page names it; nothing is removed until confirmed.
    pending = page.locator('[data-testid="partner"][data-status="pending"]')
    with page.expect_navigation():
        pending.locator('[data-testid="partner-remove"]').click()
    expect(page.locator('[data-testid="remove-title"]')).to_contain_text(
        "Équipe mobile de soins palliatifs de Cornouaille"
    )
    check_accessibility(page, "confirm-partner-removal")
    assert Partner.objects.filter(application=application).count() == 2
    with page.expect_navigation():
        page.locator('[data-testid="remove-confirm"]').click()
    expect(page.locator('[data-testid="partner"]')).to_have_count(1)

    # Submitting: the recap; the declaration on honour must be ticked.
    page.goto(live_server.url + f"/espace/dossiers/{application.pk}/")
    with page.expect_navigation():
        page.locator('[data-testid="submit-button"]').click()
    expect(page.locator('[data-testid="recap-partner"]')).to_have_count(1)
    check_accessibility(page, "confirm-submission")
    page.locator('[data-testid="confirm-submit"]').click()  # the browser refuses
    assert Application.objects.get(pk=application.pk).state == ApplicationState.DRAFT
    page.locator('[data-testid="field-declaration"] label').click()
    with page.expect_navigation():
        page.locator('[data-testid="confirm-submit"]').click()
    expect(page.locator('[data-testid="state"]')).to_have_attribute(
        "data-state", ApplicationState.SUBMITTED
    )

    # Complements: the recap has a comment for the agency.
    services.application_request_complements(
        application=Application.objects.get(pk=application.pk),
        user=AdministratorFactory(username="administrateur"),
        message="Joindre le budget détaillé.",
        due_at=timezone.now() + timedelta(days=7),
    )
    page.goto(live_server.url + f"/espace/dossiers/{application.pk}/")
    with page.expect_navigation():
        page.locator('[data-testid="complements-button"]').click()
    check_accessibility(page, "confirm-complements")
    page.fill("#id_comment", "Le budget détaillé est joint.")
    page.locator('[data-testid="field-declaration"] label').click()
    with page.expect_navigation():
        page.locator('[data-testid="confirm-submit"]').click()
    expect(page.locator('[data-testid="state"]')).to_have_attribute(
        "data-state", ApplicationState.SUBMITTED
    )
    history = page.locator('[data-testid="history-row"]').last
    expect(history).to_contain_text("Le budget détaillé est joint.")
