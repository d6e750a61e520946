"""The documents page, and the downloads of files and receipts, for every role."""

import hashlib
import re
from datetime import timedelta

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext as _

from applications.models import Application, Attachment, DownloadLog
from tests.factories import (
    AttachmentFactory,
    AuthorityFactory,
    ManagerFactory,
    MembershipFactory,
    RequiredDocumentFactory,
    UserFactory,
)

from .test_uploads import EXE, PDF, docx_bytes

pytestmark = pytest.mark.django_db

RECEIPT_NAME = "AAC-2026-BRE-MAV-0001-v1-accuse-reception.pdf"


def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def text(node) -> str:
    return " ".join(node.get_text(" ").split())


@pytest.fixture
def statutes(call):
    return RequiredDocumentFactory(
        call=call, label="Statuts", allowed_types=["pdf"], max_size_mb=1
    )


@pytest.fixture
def project(call):
    return RequiredDocumentFactory(
        call=call,
        label="Note de présentation",
        allowed_types=["docx"],
        max_size_mb=5,
        mandatory=False,
    )


@pytest.fixture
def applicant_client(client, members):
    client.force_login(members[0])
    return client


@pytest.fixture
def url(application):
    return reverse("applications:dossier_attachments", args=[application.pk])


def post_file(client, url, slot, name, content):
    return client.post(url, {"slot": slot, "file": SimpleUploadedFile(name, content)})


def slot_errors(response, slot) -> list[str]:
    node = page(response).select_one(
        f'[data-slot="{slot}"] [data-testid="slot-errors"]'
    )
    return [text(p) for p in node.find_all("p")]


# The page ---------------------------------------------------------------------------


def test_page_lists_documents_rules_and_what_is_missing(
    applicant_client, url, statutes, project
):
    response = applicant_client.get(url)
    assert response.status_code == 200
    soup = page(response)
    assert len(soup.find_all("h1")) == 1
    first = soup.select_one(f'[data-slot="document-{statutes.pk}"]')
    assert text(first.h2) == "Statuts"
    assert first.select_one('[data-testid="missing-badge"]')
    assert text(first.select_one('[data-testid="slot-rules"]')) == _(
        "Accepted types: %(types)s. Size limit: %(limit)s MB."
    ) % {"types": "PDF", "limit": 1}
    file_input = first.select_one('input[type="file"]')
    assert file_input["accept"] == ".pdf"
    assert soup.select_one(f'label[for="{file_input["id"]}"]')
    optional = soup.select_one(f'[data-slot="document-{project.pk}"]')
    assert optional.select_one('input[type="file"]')["accept"] == ".docx"
    assert not optional.select_one('[data-testid="missing-badge"]')
    assert soup.select_one('[data-testid="missing-summary"]')


def test_upload_a_valid_pdf(applicant_client, url, statutes, members, application):
    response = post_file(
        applicant_client, url, f"document-{statutes.pk}", "statuts.pdf", PDF
    )
    assert response.status_code == 302
    assert response["Location"] == url
    attachment = Attachment.objects.get()
    assert (attachment.original_name, attachment.sha256, attachment.uploaded_by) == (
        "statuts.pdf",
        hashlib.sha256(PDF).hexdigest(),
        members[0],
    )
    assert re.fullmatch(
        r"attachments/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", attachment.file.name
    )
    soup = page(applicant_client.get(url))
    slot = soup.select_one(f'[data-slot="document-{statutes.pk}"]')
    assert not slot.select_one('[data-testid="missing-badge"]')
    assert text(slot.select_one('[data-testid="download-link"]')) == "statuts.pdf"
    sha = slot.select_one('[data-testid="sha256"]')
    assert sha["data-sha256"] == attachment.sha256
    assert sha.code["title"] == attachment.sha256
    assert text(sha.code) == attachment.sha256[:12] + "…"
    assert text(sha.select_one(".fr-sr-only")) == attachment.sha256
    assert text(soup.select_one('[data-testid="messages"]')) == _(
        "The file « %(name)s » was added to « %(label)s »."
    ) % {"name": "statuts.pdf", "label": "Statuts"}


def test_upload_a_valid_docx(applicant_client, url, project):
    response = post_file(
        applicant_client, url, f"document-{project.pk}", "note.docx", docx_bytes()
    )
    assert response.status_code == 302
    assert Attachment.objects.get().content_type == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )


def assert_nothing_changed(application):
    fresh = Application.objects.get(pk=application.pk)
    assert not Attachment.objects.exists()
    assert (fresh.lock_version, fresh.title, fresh.answers) == (
        application.lock_version,
        application.title,
        application.answers,
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "statuts.pdf",
            EXE,
            _(
                "The content of this file is not of an accepted type, whatever "
                "its name says. Accepted types: %(types)s."
            )
            % {"types": "PDF"},
        ),
        ("statuts.pdf", b"", _("The file is empty.")),
        (
            "statuts.pdf",
            PDF.ljust(1024 * 1024 + 1, b" "),
            _("The file is too large (%(size)s MB): the limit is %(limit)d MB.")
            % {"size": "1,1", "limit": 1},
        ),
        (
            "statuts.docx",
            docx_bytes(),
            _(
                "This file is of type %(type)s, which is not accepted here. "
                "Accepted types: %(types)s."
            )
            % {"type": _("Word document (DOCX)"), "types": "PDF"},
        ),
    ],
    ids=["exe-renamed-pdf", "empty", "oversized", "type-not-allowed"],
)
def test_refused_upload_shows_the_reason_next_to_the_document(
    applicant_client, url, statutes, project, application, name, content, message
):
    application.answers = {"intro": "Texte déjà saisi"}
    application.save()
    response = post_file(
        applicant_client, url, f"document-{statutes.pk}", name, content
    )
    assert response.status_code == 200
    assert slot_errors(response, f"document-{statutes.pk}") == [message]
    soup = page(response)
    assert soup.select_one('[data-testid="upload-error-summary"]')
    # The other documents are shown as before, without error.
    other = soup.select_one(f'[data-slot="document-{project.pk}"]')
    assert not other.select_one('[data-testid="slot-errors"]')
    assert_nothing_changed(application)


def test_upload_without_a_file(applicant_client, url, statutes, application):
    response = applicant_client.post(url, {"slot": f"document-{statutes.pk}"})
    assert slot_errors(response, f"document-{statutes.pk}") == [
        _("Choose a file to upload.")
    ]
    assert_nothing_changed(application)


def test_upload_to_an_unknown_slot(applicant_client, url, statutes, application):
    other = RequiredDocumentFactory()  # asked for by another call
    response = post_file(
        applicant_client, url, f"document-{other.pk}", "statuts.pdf", PDF
    )
    assert response.status_code == 200
    error = page(response).select_one('[data-testid="service-error"]')
    assert _("Choose the document this file is for.") in text(error)
    assert_nothing_changed(application)


def test_replacing_supersedes_and_keeps_the_old_file(
    applicant_client, url, statutes, version
):
    slot = f"document-{statutes.pk}"
    post_file(applicant_client, url, slot, "statuts-2024.pdf", PDF)
    post_file(applicant_client, url, slot, "statuts-2025.pdf", PDF + b"%v2\n")
    old, new = Attachment.objects.filter(required_document=statutes).order_by("pk")
    assert old.superseded_at is not None and new.superseded_at is None
    assert old.file.storage.exists(old.file.name)
    # The version frozen earlier still holds its files, and they still download.
    for attachment in version.attachments.all():
        assert attachment.file.storage.exists(attachment.file.name)
    response = applicant_client.get(
        reverse("applications:attachment_download", args=[old.application_id, old.pk])
    )
    assert b"".join(response.streaming_content) == PDF
    soup = page(applicant_client.get(url))
    current = soup.select_one(f'[data-slot="{slot}"] [data-testid="download-link"]')
    assert text(current) == "statuts-2025.pdf"


def test_upload_refused_after_the_call_closed(
    client, members, url, statutes, application
):
    with time_machine.travel(application.call.closes_at + timedelta(minutes=1)):
        applicant_client = client
        client.force_login(members[0])  # sessions expire: sign in at that time
        response = post_file(
            applicant_client, url, f"document-{statutes.pk}", "statuts.pdf", PDF
        )
        assert response.status_code == 200
        error = page(response).select_one('[data-testid="service-error"]')
        assert text(error.p) == _(
            "The call is closed: the dossier can no longer be changed."
        )
        soup = page(applicant_client.get(url))
        assert soup.select_one('[data-testid="editing-problem"]')
        assert not soup.select('[data-testid="upload-form"]')
    assert_nothing_changed(application)


def test_upload_without_csrf_token_is_refused(members, url, statutes, application):
    client = Client(enforce_csrf_checks=True)
    client.force_login(members[0])
    response = post_file(client, url, f"document-{statutes.pk}", "statuts.pdf", PDF)
    assert response.status_code == 403
    assert_nothing_changed(application)


# Downloads --------------------------------------------------------------------------


@pytest.fixture
def attachment(make_attachment):
    return make_attachment("statuts.pdf", PDF)


@pytest.fixture
def attachment_url(application, attachment):
    return reverse(
        "applications:attachment_download", args=[application.pk, attachment.pk]
    )


@pytest.fixture
def receipt_url(application, version):
    version.receipt.save(RECEIPT_NAME, ContentFile(b"%PDF-1.7 receipt"), save=True)
    return reverse("applications:receipt_download", args=[application.pk, 1])


def test_owner_downloads_an_attachment(
    applicant_client, attachment_url, attachment, application, members
):
    response = applicant_client.get(attachment_url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="statuts.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == PDF
    log = DownloadLog.objects.get()
    assert (log.user, log.application, log.attachment, log.version) == (
        members[0],
        application,
        attachment,
        None,
    )


def test_download_keeps_an_accented_name(
    applicant_client, application, make_attachment
):
    attachment = make_attachment("statuts signés.pdf", PDF)
    response = applicant_client.get(
        reverse(
            "applications:attachment_download", args=[application.pk, attachment.pk]
        )
    )
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''statuts%20sign%C3%A9s.pdf"
    )


def test_owner_downloads_a_receipt(applicant_client, receipt_url, version, members):
    response = applicant_client.get(receipt_url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{RECEIPT_NAME}"'
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.7 receipt"
    log = DownloadLog.objects.get()
    assert (log.user, log.version, log.attachment) == (members[0], version, None)


def test_receipt_not_generated_yet_is_404(applicant_client, application, version):
    url = reverse("applications:receipt_download", args=[application.pk, 1])
    assert applicant_client.get(url).status_code == 404
    missing = reverse("applications:receipt_download", args=[application.pk, 2])
    assert applicant_client.get(missing).status_code == 404
    assert not DownloadLog.objects.exists()


def test_attachment_of_another_dossier_through_mine_is_404(
    applicant_client, application, call, members
):
    other = Application.objects.create(
        call=call,
        organisation=MembershipFactory().organisation,
        created_by=members[0],
        sequence=2,
        reference="AAC-2026-BRE-MAV-0002",
        title="Autre dossier",
    )
    foreign = AttachmentFactory(
        application=other, original_name="autre.pdf", content=PDF
    )
    url = reverse("applications:attachment_download", args=[application.pk, foreign.pk])
    assert applicant_client.get(url).status_code == 404


def test_another_organisations_member_gets_404_everywhere(
    client, url, attachment_url, receipt_url, statutes
):
    client.force_login(MembershipFactory().user)
    for address in (url, attachment_url, receipt_url):
        assert client.get(address).status_code == 404, address
    response = post_file(client, url, f"document-{statutes.pk}", "statuts.pdf", PDF)
    assert response.status_code == 404
    assert not DownloadLog.objects.exists()


def test_pending_member_gets_404(client, url, attachment_url, organisation):
    pending = organisation.memberships.get(user__username="pending").user
    client.force_login(pending)
    assert client.get(url).status_code == 404
    assert client.get(attachment_url).status_code == 404


def test_anonymous_is_sent_to_the_login_page(client, url, attachment_url, receipt_url):
    login = reverse("login")
    for address in (url, attachment_url, receipt_url):
        response = client.get(address)
        assert response.status_code == 302
        assert response["Location"] == f"{login}?next={address}"


def test_manager_of_the_call_downloads_files_and_receipts(
    client, authority, receipt_url, application, version
):
    """Staff download the files of a version (not those uploaded since)."""
    manager = ManagerFactory(username="gestionnaire", authority=authority)
    client.force_login(manager)
    submitted_file = version.attachments.order_by("pk").first()
    url = reverse(
        "applications:attachment_download", args=[application.pk, submitted_file.pk]
    )
    assert client.get(url).status_code == 200
    assert client.get(receipt_url).status_code == 200
    assert list(
        DownloadLog.objects.values_list("user__username", "application", "version")
    ) == [
        ("gestionnaire", application.pk, None),
        ("gestionnaire", application.pk, application.versions.get().pk),
    ]


def test_manager_of_another_authority_or_staff_outside_the_group_gets_404(
    client, authority, attachment_url, receipt_url
):
    elsewhere = ManagerFactory(username="ailleurs", authority=AuthorityFactory())
    not_manager = UserFactory(username="agent")
    authority.staff.add(not_manager)
    for user in (elsewhere, not_manager):
        client.force_login(user)
        assert client.get(attachment_url).status_code == 404
        assert client.get(receipt_url).status_code == 404
    assert not DownloadLog.objects.exists()
