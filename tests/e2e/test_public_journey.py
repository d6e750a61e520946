"""A visitor finds an open call and reaches its apply button, in headless Chromium.

Each page of the journey is checked with axe-core (WCAG 2.1 AA and best practices).
"""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.models import Site

from cms.models import SiteIdentity
from tests.e2e.conftest import check_accessibility
from tests.factories import (
    CallFactory,
    CallPageFactory,
    CriterionFactory,
    RequiredDocumentFactory,
)

pytestmark = [
    pytest.mark.browser,
    # The cms migrations create the home page and the call index: keep them.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def fill_call_page(call_page) -> None:
    """Give the call page every part its template can show."""
    RequiredDocumentFactory(call=call_page.call, label="Budget prévisionnel")
    CriterionFactory(call=call_page.call, label="Qualité de la gouvernance")
    content = b"%PDF-1.4 test"
    document = Document.objects.create(
        title="Cahier des charges",
        file=ContentFile(content, name="cahier-des-charges.pdf"),
        file_size=len(content),
    )
    call_page.body = [
        ("heading", {"text": "Contexte", "level": "h2"}),
        ("paragraph", "<p>La feuille de route régionale des soins palliatifs.</p>"),
        ("heading", {"text": "Public visé", "level": "h3"}),
        ("callout", {"title": "À noter", "text": "Une candidature par territoire."}),
    ]
    call_page.documents = [("download", {"document": document, "title": ""})]
    call_page.faq = [
        ("item", {"question": "Qui peut candidater ?", "answer": "<p>Tous.</p>"}),
        ("item", {"question": "Jusqu'à quand ?", "answer": "<p>La clôture.</p>"}),
    ]
    call_page.save_revision().publish()


@pytest.mark.parametrize("branding", ["state", "neutral"])
def test_visitor_goes_from_home_to_the_apply_button(
    live_server, browser_page, branding
):
    identity = SiteIdentity.for_site(Site.objects.get(is_default_site=True))
    identity.branding = branding
    identity.operator_name = "ARS Bretagne"
    identity.contact_email = "ars-bretagne-appels@example.org"
    identity.save()
    call_page = CallPageFactory(
        call=CallFactory(
            reference="AAC-2025-BRE-MAV",
            title="Maison d'accompagnement à la fin de vie",
            summary="Création d'une maison d'accompagnement en Bretagne.",
        )
    )
    fill_call_page(call_page)
    CallPageFactory(call=CallFactory(upcoming=True, title="Gestionnaires de parcours"))
    page = browser_page

    page.goto(live_server.url + "/")
    assert page.locator("h1").count() == 1
    check_accessibility(page, f"home-{branding}")

    index_url = call_page.get_parent().url
    assert page.locator('[data-testid="nav-calls"]').get_attribute("href") == index_url
    page.locator('[data-testid="call-index-link"]').click()
    page.wait_for_url(f"**{index_url}")
    assert (
        page.locator('[data-testid="nav-calls"]').get_attribute("aria-current")
        == "page"
    )
    assert page.locator('[data-testid="call-card"]').count() == 2
    check_accessibility(page, f"call-index-{branding}")

    page.get_by_role("link", name="Maison d'accompagnement à la fin de vie").click()
    page.wait_for_url(f"**{call_page.url}")
    page.locator(".fr-accordion__btn").first.click()
    apply_button = page.locator("#apply-button")
    assert apply_button.is_visible()
    create_url = f"/espace/dossiers/nouveau/?call={call_page.call.pk}"
    assert apply_button.get_attribute("href") == create_url
    check_accessibility(page, f"call-{branding}")

    apply_button.click()
    page.wait_for_url("**/compte/connexion/**")
    assert page.locator('input[name="next"]').input_value() == create_url
    check_accessibility(page, f"login-{branding}")
