"""The receipt (accusé de réception): its PDF/A text, its storage and its email."""

import hashlib
import io
from datetime import UTC, date, datetime
from unittest import mock

import pytest
from django.core import mail
from django.core.files.storage import storages
from django.test import TestCase
from pypdf import PdfReader

from applications.letters import implicit_rejection_date, render_receipt_pdf
from applications.models import ApplicationVersion, Message
from applications.services import receipt_generate
from applications.tasks import receipt_generate_task
from core.enums import OutboundEmailStatus
from core.models import OutboundEmail
from tests.pdf_structure import pdf_structure, pdf_text, pdfa_parts

RECEIPT_NAME = "AAC-2026-BRE-MAV-0001-v1-accuse-reception.pdf"


def stored_receipts() -> list[str]:
    storage = storages["private"]
    if not storage.exists("receipts"):
        return []
    names = []
    for year in storage.listdir("receipts")[0]:
        for month in storage.listdir(f"receipts/{year}")[0]:
            names += storage.listdir(f"receipts/{year}/{month}")[1]
    return names


@pytest.fixture
def receipt_pdf(version):
    return render_receipt_pdf(version)


@pytest.mark.django_db
def test_receipt_pdf_states_dossier_date_files_and_remedies(version, receipt_pdf):
    text = pdf_text(receipt_pdf)
    sha256s = sorted(a.sha256 for a in version.attachments.all())
    expected = [
        "Agence régionale de santé Bretagne 6 place des Colombes CS 14253 "
        "35042 Rennes Cedex",
        "Accusé de réception",
        "Dossier AAC-2026-BRE-MAV-0001, version 1",
        "Appel à candidatures AAC-2026-BRE-MAV — "
        "Maison d'accompagnement à la fin de vie",
        "Organisme porteur Centre hospitalier de Cornouaille",
        "Votre dossier a été reçu le 22 novembre 2026 à 14:05 (heure de Paris).",
        "statuts-signés.pdf",
        "budget prévisionnel 2027.xlsx",
        *sha256s,
        "(1700 octets)",
        "(3000 octets)",
        "Courriel : ars-bretagne-appels@example.org Téléphone : 02 90 08 80 00",
        "À défaut de décision expresse, votre demande sera réputée rejetée "
        "le 22 janvier 2027.",
        "Si votre dossier est incomplet, le service vous indiquera les pièces "
        "et informations manquantes",
        "par un recours gracieux adressé au directeur général de l'agence "
        "régionale de santé",
        "par un recours hiérarchique adressé au ministre chargé de la santé",
        "par un recours contentieux devant le tribunal administratif de Rennes",
        "Télérecours citoyens accessible sur le site www.telerecours.fr",
    ]
    missing = [fragment for fragment in expected if fragment not in text]
    assert missing == []


@pytest.mark.django_db
def test_receipt_pdf_is_pdfa_3a_with_embedded_fonts(receipt_pdf):
    reader = PdfReader(io.BytesIO(receipt_pdf))
    assert pdfa_parts(receipt_pdf) == {("3", "A")}
    assert "/OutputIntents" in reader.trailer["/Root"]
    embedded = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object()["/FontDescriptor"]
                if "/FontFile2" in descriptor:
                    embedded.add(str(descriptor["/FontName"]).split("+")[-1])
    assert embedded == {"DejaVu-Sans", "DejaVu-Sans-Bold", "DejaVu-Sans-Mono"}


@pytest.mark.django_db
def test_receipt_pdf_is_tagged_for_accessibility(receipt_pdf):
    structure = pdf_structure(receipt_pdf)
    assert structure.catalog["/Lang"] == "fr"
    assert structure.marked
    assert structure.displays_title
    assert structure.title == "Accusé de réception — AAC-2026-BRE-MAV-0001 — version 1"
    xmp = PdfReader(io.BytesIO(receipt_pdf)).xmp_metadata
    assert xmp.dc_title == {"x-default": structure.title}
    assert [h.text for h in structure.of_type("H1")] == ["Accusé de réception"]
    assert [h.text for h in structure.of_type("H2")] == [
        "Pièces reçues",
        "Service chargé du dossier",
        "Absence de réponse",
        "Dossier incomplet",
        "Voies et délais de recours",
    ]
    # Both tables with their header cells: references by row, files by column.
    assert len(structure.of_type("Table")) == 2
    assert [th.text for th in structure.of_type("TH")] == [
        "Dossier",
        "Projet",
        "Appel à candidatures",
        "Organisme porteur",
        "Déposé par",
        "N°",
        "Pièce, fichier et empreinte SHA-256",
        "Taille",
    ]
    assert [li.text.lstrip("• ")[:30] for li in structure.of_type("LI")] == [
        "par un recours gracieux adress",
        "par un recours hiérarchique ad",
        "par un recours contentieux dev",
    ]
    # Neutral identity, no logo: no image to describe.
    assert structure.of_type("Figure") == []
    # The running footer and page numbers are drawn in the margins, outside the
    # tagged content a screen reader follows; nothing is drawn unmarked.
    footer = "Accusé de réception — dossier AAC-2026-BRE-MAV-0001, version 1"
    assert footer not in structure.tagged_text
    assert "Page 1 / 2" not in structure.tagged_text
    assert structure.untagged_text.startswith(f"{footer} Page 1 / ")
    assert structure.unmarked_text == ""


def test_implicit_rejection_date_counts_from_the_paris_date():
    # 23:30 UTC on 31 December is 00:30 on 1 January in Paris.
    version = ApplicationVersion(
        submitted_at=datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
    )
    assert implicit_rejection_date(version) == date(2027, 3, 1)


def generate(version) -> None:
    """Make the receipt; its email is sent as after the commit."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        receipt_generate(version=version)


@pytest.mark.django_db
def test_receipt_generate_twice_stores_one_file_and_sends_one_email(version):
    generate(version)
    generate(ApplicationVersion.objects.get(pk=version.pk))

    version.refresh_from_db()
    assert version.receipt.name.endswith(f"/{RECEIPT_NAME}")
    assert stored_receipts() == [RECEIPT_NAME]
    with version.receipt.open("rb") as stored:
        content = stored.read()
    assert version.receipt_sha256 == hashlib.sha256(content).hexdigest()
    assert version.receipt_generated_at is not None
    assert len(mail.outbox) == 1
    assert Message.objects.filter(application=version.application).count() == 1


@pytest.mark.django_db
def test_receipt_generate_emails_the_pdf_to_the_active_members(version):
    generate(version)

    version.refresh_from_db()
    with version.receipt.open("rb") as stored:
        content = stored.read()
    [email] = mail.outbox
    assert email.subject == (
        "[AAC-2026-BRE-MAV-0001] Accusé de réception de votre dossier (version 1)"
    )
    assert email.to == ["alex.le-gall@example.org", "zoe.martin@example.org"]
    assert email.attachments == [(RECEIPT_NAME, content, "application/pdf")]
    assert (
        "Reçue le : 22 novembre 2026 à 14:05 (heure de Paris)"
        in email.body.splitlines()
    )
    [message] = Message.objects.filter(application=version.application)
    assert (message.subject, message.body) == (email.subject, email.body)


@pytest.mark.django_db
def test_receipt_generate_when_sending_fails_keeps_the_email_to_retry(version):
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError):
        generate(version)

    version.refresh_from_db()
    assert stored_receipts() == [RECEIPT_NAME]
    email = OutboundEmail.objects.get()
    assert (email.status, email.attempts, email.dedup_key) == (
        OutboundEmailStatus.PENDING,
        1,
        f"receipt:{version.pk}",
    )
    assert email.attachments == [
        {
            "storage": "private",
            "name": version.receipt.name,
            "filename": RECEIPT_NAME,
            "mimetype": "application/pdf",
        }
    ]
    assert Message.objects.get().subject == email.subject


@pytest.mark.django_db
def test_receipt_rolled_back_leaves_no_file_and_no_email(version):
    with (
        TestCase.captureOnCommitCallbacks(execute=True),
        mock.patch(
            "applications.services.receipts.event_email_enqueue",
            side_effect=RuntimeError("database down"),
        ),
        pytest.raises(RuntimeError),
    ):
        receipt_generate(version=version)

    version.refresh_from_db()
    assert (version.receipt.name, version.receipt_sha256) == ("", "")
    assert stored_receipts() == []
    assert mail.outbox == []
    assert not OutboundEmail.objects.exists()


@pytest.mark.django_db
def test_receipt_generate_task_generates_and_sends(version):
    with TestCase.captureOnCommitCallbacks(execute=True):
        receipt_generate_task.delay(version_id=version.pk)

    version.refresh_from_db()
    assert version.receipt_sha256 != ""
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_receipt_pages_carry_the_reference_in_their_footer(version, receipt_pdf):
    reference = (
        f"Accusé de réception — dossier {version.application.reference}, version 1"
    )
    reader = PdfReader(io.BytesIO(receipt_pdf))
    for page in reader.pages:
        assert reference in " ".join(page.extract_text().split())
