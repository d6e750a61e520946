"""An applicant signs up, registers an organisation and submits a dossier, in
headless Chromium, down to the receipt's download.

Each page of the journey is checked with axe-core (WCAG 2.1 AA and best practices);
the screenshots stay in SCREENSHOTS (sillon-applicant-*.png) for review.
"""

import re

import pytest
from django.core import mail

from applications.enums import ApplicationState
from applications.models import Application
from applications.questionnaire import iter_questions
from tests.e2e.conftest import check_accessibility
from tests.factories import CallFactory, RequiredDocumentFactory, publish_call
from tests.factories.applications import synthetic_siret

# Skipped, like the browser fixture, where Playwright is not installed.
expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [
    pytest.mark.browser,
    # The cms migrations create the home page and the call index: keep them.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EMAIL = "camille.le-bihan@example.org"
PASSWORD = "Tr3s-l0ngue-phrase-secrete"
REFERENCE = "AAC-2026-BRE-EMSP"
SIRET = synthetic_siret(4242)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def question(label: str, **settings) -> dict:
    return {"label": label, "help_text": "", "required": True, **settings}


def make_call():
    """An open call: two steps of questions, one mandatory PDF, no governance rule."""
    call = CallFactory(
        published=False,
        reference=REFERENCE,
        title="Équipes mobiles de soins palliatifs",
        questionnaire=[
            (
                "section",
                {
                    "title": "Le porteur",
                    "intro": "Présentez l'organisme qui porte le projet.",
                    "questions": [
                        ("short_text", question("Nom du projet", max_length=120)),
                        ("long_text", question("Présentation", max_chars=2000)),
                    ],
                },
            ),
            (
                "section",
                {
                    "title": "L'équipe",
                    "intro": "",
                    "questions": [
                        (
                            "number",
                            question(
                                "Équivalents temps plein",
                                min_value=1,
                                max_value=20,
                                unit="ETP",
                            ),
                        ),
                        (
                            "choice",
                            question("Intervention", choices=["Domicile", "EHPAD"]),
                        ),
                    ],
                },
            ),
        ],
    )
    RequiredDocumentFactory(
        call=call, label="Statuts de l'organisme", mandatory=True, allowed_types=["pdf"]
    )
    publish_call(call)  # its page, now that it has its document
    return call, {q.label: q.key for q in iter_questions(call)}


def field(page, key: str):
    """The input of the question ``key`` on a step page."""
    return page.locator(
        f'[data-testid="field-{key}"] input, [data-testid="field-{key}"] textarea'
    )


def sign_up(page, live_server) -> None:
    page.goto(live_server.url + "/compte/inscription/")
    assert page.locator("h1").count() == 1
    check_accessibility(page, "applicant-signup")
    page.fill("#id_email", EMAIL)
    page.fill("#id_first_name", "Camille")
    page.fill("#id_last_name", "Le Bihan")
    # The DSFR label covers its checkbox: click it, as a person would (on its
    # box, left of the link to the terms of use).
    page.locator('label[for="id_accept_terms"]').click(position={"x": 8, "y": 12})
    assert page.is_checked("#id_accept_terms")
    page.locator('[data-testid="signup-submit"]').click()
    page.wait_for_url("**/compte/inscription/email-envoye/**")
    assert EMAIL in page.locator('[data-testid="signup-done"]').inner_text()
    check_accessibility(page, "applicant-signup-done")


def verification_link(live_server) -> str:
    [message] = [m for m in mail.outbox if m.to == [EMAIL]]
    links = re.findall(
        r"https?://\S+/compte/verification/(?!renvoyer/)\S+/\S+/", message.body
    )
    assert len(links) == 1, message.body
    assert links[0].startswith(live_server.url)
    return links[0]


def register_organisation(page) -> None:
    page.locator('[data-testid="create-organisation"]').click()
    page.wait_for_url("**/espace/organisations/nouvelle/")
    check_accessibility(page, "applicant-organisation-create")
    page.fill("#id_name", "Centre hospitalier de Cornouaille")
    page.fill("#id_siret", f"{SIRET[:3]} {SIRET[3:6]} {SIRET[6:9]} {SIRET[9:]}")
    page.fill("#id_legal_status", "Établissement public de santé")
    page.fill("#id_address", "14 avenue Yves Thépot\n29000 Quimper")
    page.fill("#id_legal_representative", "Marie Kerjean, directrice")
    page.locator('[data-testid="organisation-submit"]').click()
    page.wait_for_url(re.compile(r".*/espace/organisations/\d+/$"))
    check_accessibility(page, "applicant-organisation-detail")


def create_dossier(page, live_server) -> Application:
    page.goto(live_server.url + "/espace/")
    assert page.locator('[data-testid="organisation"]').count() == 1
    check_accessibility(page, "applicant-espace-home")
    call_item = page.locator(f'[data-testid="open-call"][data-reference="{REFERENCE}"]')
    call_item.locator('[data-testid="create-dossier"]').click()
    page.wait_for_url("**/espace/dossiers/nouveau/?call=*")
    # The applicant's only organisation is chosen already.
    assert page.locator('input[name="organisation"]').is_checked()
    check_accessibility(page, "applicant-dossier-create")
    page.fill("#id_title", "Équipe mobile du pays de Quimper")
    page.locator('[data-testid="dossier-create-submit"]').click()
    page.wait_for_url(re.compile(r".*/espace/dossiers/\d+/etapes/1/$"))
    return Application.objects.get(call__reference=REFERENCE)


def fill_steps(page, keys: dict) -> None:
    assert page.locator('[data-testid="stepper-state"]').count() == 1
    check_accessibility(page, "applicant-step-1")
    page.fill("#id_requested_amount", "185000")
    field(page, keys["Nom du projet"]).fill("EMSP Cornouaille")
    field(page, keys["Présentation"]).fill(
        "Une équipe mobile pour le domicile et les EHPAD du territoire."
    )
    page.locator('[data-testid="save-continue"]').click()
    page.wait_for_url(re.compile(r".*/etapes/2/$"))
    check_accessibility(page, "applicant-step-2")
    field(page, keys["Équivalents temps plein"]).fill("4")
    page.locator(f'[data-testid="field-{keys["Intervention"]}"]').get_by_text(
        "EHPAD"
    ).click()
    page.locator('[data-testid="save-continue"]').click()
    page.wait_for_url(re.compile(r".*/espace/dossiers/\d+/$"))


def upload_statutes(page, tmp_path) -> None:
    # Only the mandatory document is missing, so the dossier cannot be submitted.
    assert page.locator('[data-testid="missing"] li').count() == 1
    assert page.locator('[data-testid="submit-button"]').count() == 0
    check_accessibility(page, "applicant-dossier-draft")
    page.locator('[data-testid="attachments-link"]').click()
    page.wait_for_url("**/pieces/")
    check_accessibility(page, "applicant-attachments")
    statutes = tmp_path / "statuts.pdf"
    statutes.write_bytes(PDF)
    slot = page.locator('[data-testid="slot"]')
    assert slot.count() == 1
    slot.locator('input[type="file"]').set_input_files(statutes)
    with page.expect_navigation():
        slot.locator('[data-testid="upload-submit"]').click()
    expect(page.locator('[data-testid="provided-badge"]')).to_have_count(1)
    expect(page.locator('[data-testid="complete-summary"]')).to_have_count(1)
    check_accessibility(page, "applicant-attachments-provided")


def test_applicant_signs_up_and_submits_a_dossier(
    live_server, browser_page, settings, tmp_path
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call, keys = make_call()
    page = browser_page

    sign_up(page, live_server)
    page.goto(verification_link(live_server))
    page.wait_for_url("**/compte/verification/*/choisir-mot-de-passe/")
    check_accessibility(page, "applicant-activation")
    page.fill("#id_new_password1", PASSWORD)
    page.fill("#id_new_password2", PASSWORD)
    page.locator('[data-testid="activation-submit"]').click()
    page.wait_for_url(f"{live_server.url}/espace/")
    assert page.locator('[data-testid="no-organisation"]').count() == 1
    check_accessibility(page, "applicant-espace-new")

    register_organisation(page)
    application = create_dossier(page, live_server)
    assert application.call == call
    fill_steps(page, keys)
    upload_statutes(page, tmp_path)

    page.locator(".fr-breadcrumb__link", has_text=application.reference).click()
    page.wait_for_url(f"**/espace/dossiers/{application.pk}/")
    assert page.locator('[data-testid="missing"]').count() == 0
    check_accessibility(page, "applicant-dossier-ready")
    mail.outbox.clear()
    with page.expect_navigation():
        page.locator('[data-testid="submit-button"]').click()
    # The recap, then the declaration on honour, then the submission.
    expect(page.locator('[data-testid="recap-dossier"]')).to_have_count(1)
    check_accessibility(page, "applicant-submit-recap")
    page.locator('[data-testid="field-declaration"] label').click()
    with page.expect_navigation():
        page.locator('[data-testid="confirm-submit"]').click()

    expect(page.locator('[data-testid="state"]')).to_have_attribute(
        "data-state", ApplicationState.SUBMITTED
    )
    versions = page.locator('[data-testid="version"]')
    expect(versions).to_have_count(1)
    expect(versions).to_have_attribute("data-number", "1")
    receipt_link = versions.locator('[data-testid="receipt-link"]')
    if receipt_link.count() == 0:  # generated after the commit: show it once ready
        page.reload()
    expect(receipt_link).to_have_count(1)
    check_accessibility(page, "applicant-dossier-submitted")

    with page.expect_download() as download_info:
        receipt_link.click()
    download = download_info.value
    filename = f"{application.reference}-v1-accuse-reception.pdf"
    assert download.suggested_filename == filename
    with open(download.path(), "rb") as downloaded:
        content = downloaded.read()
    assert content.startswith(b"%PDF")

    [email] = mail.outbox
    assert email.to == [EMAIL]
    assert email.attachments == [(filename, content, "application/pdf")]
    stored = Application.objects.get(pk=application.pk)
    assert stored.state == ApplicationState.SUBMITTED
    assert list(stored.versions.values_list("number", flat=True)) == [1]

    page.locator('[data-testid="messages-link"]').click()
    page.wait_for_url(f"**/espace/dossiers/{application.pk}/messages/")
    check_accessibility(page, "applicant-messages")
