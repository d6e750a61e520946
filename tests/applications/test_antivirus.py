"""Quarantine of uploads until the antivirus says they are clean (issue 13)."""

from __future__ import annotations

import pytest
import time_machine
from celery.exceptions import Retry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from applications.enums import CommitmentMethod, CommitmentStatus, ScanStatus
from applications.exceptions import SubmissionRefused
from applications.history import activity_label
from applications.models import Application, Attachment, Partner
from applications.services import (
    application_submit,
    attachment_add,
    partner_letter_attach,
)
from applications.services.scanning import STALE_SCAN_AFTER, attachment_scan
from applications.tasks import attachment_scan_task, requeue_scans_task
from core.antivirus import EICAR, ScannerUnavailable, ScanResult
from core.models import ActivityEntry, OutboundEmail
from tests.factories import (
    ApplicationVersionFactory,
    ManagerFactory,
    PartnerFactory,
    RequiredDocumentFactory,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
INFECTED_PDF = b"%PDF-1.7\n" + EICAR + b"\n%%EOF\n"


class DownScanner:
    """A scanner whose daemon does not answer."""

    calls = 0

    def scan(self, fileobj):
        DownScanner.calls += 1
        raise ScannerUnavailable("clamd is down")


class RecordingScanner:
    """The fake's verdicts, counting the files scanned."""

    scanned: list[bytes] = []

    def scan(self, fileobj):
        content = fileobj.read()
        RecordingScanner.scanned.append(content)
        if EICAR in content:
            return ScanResult(clean=False, signature="Eicar-Test-Signature")
        return ScanResult(clean=True)


@pytest.fixture
def statutes(call):
    return RequiredDocumentFactory(
        call=call, label="Statuts", allowed_types=["pdf"], max_size_mb=1
    )


@pytest.fixture
def scanner():
    RecordingScanner.scanned = []
    path = f"{__name__}.RecordingScanner"
    with override_settings(ANTIVIRUS_SCANNER=path):
        yield RecordingScanner


def fresh(application):
    return Application.objects.get(pk=application.pk)


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def add(application, user, document, content, name="statuts.pdf", scan=None):
    """Upload through the service; the scan runs once it commits when ``scan``
    is the ``django_capture_on_commit_callbacks`` fixture."""
    if scan is None:
        return attachment_add(
            application=application,
            user=user,
            uploaded_file=upload(name, content),
            required_document=document,
        )
    with scan(execute=True):
        attachment = attachment_add(
            application=application,
            user=user,
            uploaded_file=upload(name, content),
            required_document=document,
        )
    attachment.refresh_from_db()
    return attachment


def test_a_new_upload_is_pending_until_scanned(application, members, statutes):
    attachment = add(application, members[0], statutes, PDF)
    assert attachment.scan_status == ScanStatus.PENDING
    assert attachment.scanned_at is None


def test_a_clean_upload_leaves_quarantine_once_committed(
    application, members, statutes, scanner, django_capture_on_commit_callbacks
):
    attachment = add(
        application, members[0], statutes, PDF, scan=django_capture_on_commit_callbacks
    )
    assert (attachment.scan_status, attachment.scan_signature) == (ScanStatus.CLEAN, "")
    assert attachment.scanned_at is not None
    assert scanner.scanned == [PDF]


def test_an_infected_upload_is_refused_told_and_its_bytes_deleted(
    application, members, statutes, scanner, django_capture_on_commit_callbacks
):
    attachment = add(
        application,
        members[0],
        statutes,
        INFECTED_PDF,
        name="statuts signés.pdf",
        scan=django_capture_on_commit_callbacks,
    )
    assert attachment.scan_status == ScanStatus.INFECTED
    assert attachment.scan_signature == "Eicar-Test-Signature"
    assert attachment.superseded_at is not None
    assert not application.attachments.current().exists()
    # The row stays for the record; the bytes are gone.
    assert attachment.file.name == ""
    assert not Attachment.objects.filter(pk=attachment.pk, file__startswith="attach")
    entry = ActivityEntry.objects.get(action="file.infected")
    assert entry.details["signature"] == "Eicar-Test-Signature"
    assert entry.details["file"] == "statuts signés.pdf"
    email = OutboundEmail.objects.get()
    assert sorted(email.to) == ["alex.le-gall@example.org", "zoe.martin@example.org"]
    assert "Fichier refusé" in email.subject
    assert (
        "Le fichier « statuts signés.pdf » a été refusé : un virus a été détecté "
        "(Eicar-Test-Signature)." in email.body
    )
    assert application.messages.filter(subject=email.subject).exists()


def test_an_infected_replacement_puts_the_replaced_file_back(
    application, members, statutes, scanner, django_capture_on_commit_callbacks
):
    scan = django_capture_on_commit_callbacks
    clean = add(application, members[0], statutes, PDF, name="statuts.pdf", scan=scan)
    infected = add(
        application, members[0], statutes, INFECTED_PDF, name="v2.pdf", scan=scan
    )
    assert infected.scan_status == ScanStatus.INFECTED
    assert list(application.attachments.current()) == [clean]
    entry = ActivityEntry.objects.get(action="file.restored")
    assert activity_label(entry) == "Fichier précédent remis en place : statuts.pdf"
    email = OutboundEmail.objects.get(template="file_infected")
    assert "Le fichier qu'il remplaçait, « statuts.pdf », reste en place." in email.body


def test_a_file_uploaded_since_is_not_replaced_by_the_old_one(
    application, members, statutes, scanner, django_capture_on_commit_callbacks
):
    scan = django_capture_on_commit_callbacks
    add(application, members[0], statutes, PDF, name="statuts.pdf", scan=scan)
    infected = add(application, members[0], statutes, INFECTED_PDF, name="v2.pdf")
    newest = add(application, members[0], statutes, PDF, name="v3.pdf", scan=scan)
    with scan(execute=True):
        assert attachment_scan(attachment_id=infected.pk) == ScanStatus.INFECTED
    assert list(application.attachments.current()) == [newest]
    assert not ActivityEntry.objects.filter(action="file.restored").exists()


def test_a_first_infected_upload_leaves_the_slot_empty(
    application, members, statutes, scanner, django_capture_on_commit_callbacks
):
    add(
        application,
        members[0],
        statutes,
        INFECTED_PDF,
        scan=django_capture_on_commit_callbacks,
    )
    assert not application.attachments.current().exists()
    email = OutboundEmail.objects.get(template="file_infected")
    assert "reste en place" not in email.body
    assert "déposez de nouveau une copie saine du document" in email.body


def test_an_infected_commitment_letter_confirms_no_partner(
    application, members, scanner, django_capture_on_commit_callbacks
):
    partner = PartnerFactory(application=application, name="EMSP de Cornouaille")
    with django_capture_on_commit_callbacks(execute=True):
        letter = partner_letter_attach(
            application=application,
            user=members[0],
            partner=partner,
            uploaded_file=upload("engagement signé.pdf", INFECTED_PDF),
        )
    letter.refresh_from_db()
    partner = Partner.objects.get(pk=partner.pk)
    assert letter.scan_status == ScanStatus.INFECTED
    assert (
        partner.commitment_status,
        partner.commitment_method,
        partner.commitment_letter,
        partner.responded_at,
    ) == (CommitmentStatus.PENDING, "", None, None)
    history = [
        activity_label(entry)
        for entry in ActivityEntry.objects.filter(
            action__in=["file.infected", "partner.letter_refused"]
        ).order_by("pk")
    ]
    assert history == [
        "Fichier refusé par l'antivirus : engagement signé.pdf",
        "Lettre d'engagement refusée par l'antivirus, confirmation de nouveau "
        "attendue : EMSP de Cornouaille",
    ]


def test_a_clean_commitment_letter_keeps_the_partner_confirmed(
    application, members, scanner, django_capture_on_commit_callbacks
):
    partner = PartnerFactory(application=application)
    with django_capture_on_commit_callbacks(execute=True):
        partner_letter_attach(
            application=application,
            user=members[0],
            partner=partner,
            uploaded_file=upload("engagement.pdf", PDF),
        )
    partner = Partner.objects.get(pk=partner.pk)
    assert (partner.commitment_status, partner.commitment_method) == (
        CommitmentStatus.CONFIRMED,
        CommitmentMethod.LETTER,
    )
    assert not ActivityEntry.objects.filter(action="partner.letter_refused").exists()


def test_the_stored_bytes_of_an_infected_file_are_deleted(
    application, members, statutes, scanner, django_capture_on_commit_callbacks
):
    attachment = add(application, members[0], statutes, INFECTED_PDF)
    stored = attachment.file.name
    storage = attachment.file.storage
    assert storage.exists(stored)
    with django_capture_on_commit_callbacks(execute=True):
        assert attachment_scan(attachment_id=attachment.pk) == ScanStatus.INFECTED
    assert not storage.exists(stored)


def test_an_infected_file_never_enters_a_version(
    application, members, statutes, scanner, django_capture_on_commit_callbacks
):
    clean = add(
        application, members[0], statutes, PDF, scan=django_capture_on_commit_callbacks
    )
    other = RequiredDocumentFactory(
        call=application.call, label="Budget", allowed_types=["pdf"], mandatory=False
    )
    infected = add(
        application,
        members[0],
        other,
        INFECTED_PDF,
        name="budget.pdf",
        scan=django_capture_on_commit_callbacks,
    )
    version = application_submit(application=fresh(application), user=members[0])
    assert list(version.attachments.all()) == [clean]
    assert infected not in version.attachments.all()


def test_submit_is_refused_while_a_file_is_pending(application, members, statutes):
    add(application, members[0], statutes, PDF)
    with pytest.raises(SubmissionRefused) as refused:
        application_submit(application=fresh(application), user=members[0])
    assert (
        "Un fichier est encore en cours d'analyse antivirus, réessayez dans "
        "quelques instants." in refused.value.reasons
    )
    assert not application.versions.exists()


def test_scanner_down_leaves_the_file_pending_and_the_task_retries(
    application, members, statutes
):
    attachment = add(application, members[0], statutes, PDF)
    DownScanner.calls = 0
    with override_settings(ANTIVIRUS_SCANNER=f"{__name__}.DownScanner"):
        with pytest.raises(ScannerUnavailable):
            attachment_scan(attachment_id=attachment.pk)
        # Celery's autoretry schedules a retry (eager: raised to the caller).
        with pytest.raises(Retry):
            attachment_scan_task.apply(kwargs={"attachment_id": attachment.pk})
    attachment.refresh_from_db()
    assert attachment.scan_status == ScanStatus.PENDING
    assert attachment.scanned_at is None
    assert DownScanner.calls == 2


def test_a_scanned_file_is_not_scanned_again(
    application, members, statutes, scanner, django_capture_on_commit_callbacks
):
    attachment = add(
        application, members[0], statutes, PDF, scan=django_capture_on_commit_callbacks
    )
    assert attachment_scan(attachment_id=attachment.pk) is None
    assert attachment_scan(attachment_id=0) is None
    assert len(scanner.scanned) == 1


def test_a_scan_whose_task_was_lost_is_queued_again_by_beat(
    application, members, statutes, scanner, django_capture_on_commit_callbacks
):
    # The upload commits, its task is lost (the broker emptied): never run.
    lost = add(application, members[0], statutes, PDF)
    budget = RequiredDocumentFactory(call=statutes.call, label="Budget")
    recent = add(application, members[0], budget, PDF, name="budget.pdf")
    Attachment.objects.filter(pk=lost.pk).update(
        uploaded_at=timezone.now() - STALE_SCAN_AFTER - timezone.timedelta(minutes=1)
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_scans_task.apply().get() == [lost.pk]

    lost.refresh_from_db()
    recent.refresh_from_db()
    assert (lost.scan_status, recent.scan_status) == (
        ScanStatus.CLEAN,
        ScanStatus.PENDING,
    )
    assert len(scanner.scanned) == 1
    # Later, the scanned file is not queued again; the other, stale now, is.
    with time_machine.travel(timezone.now() + STALE_SCAN_AFTER * 2):
        assert requeue_scans_task.apply().get() == [recent.pk]


# Downloads ----------------------------------------------------------------------


@pytest.fixture
def manager(authority):
    return ManagerFactory(username="gestionnaire", authority=authority)


def _submitted_with(application, attachment, status):
    """A version holding ``attachment``, then its status set to ``status`` (e.g.
    a pending file a version could never hold, to see the view refuse it)."""
    ApplicationVersionFactory(
        application=application, number=1, attachments=[attachment]
    )
    Application.objects.filter(pk=application.pk).update(state="submitted")
    Attachment.objects.filter(pk=attachment.pk).update(scan_status=status)


def test_staff_cannot_download_a_pending_file(
    client, application, members, statutes, manager
):
    attachment = add(application, members[0], statutes, PDF)
    _submitted_with(application, attachment, ScanStatus.PENDING)
    client.force_login(manager)
    url = reverse(
        "applications:attachment_download", args=[application.pk, attachment.pk]
    )
    response = client.get(url)
    assert response.status_code == 409
    assert "en cours d'analyse antivirus" in response.content.decode()
    assert not response.has_header("Content-Disposition")


def test_staff_download_a_clean_file(
    client,
    application,
    members,
    statutes,
    manager,
    scanner,
    django_capture_on_commit_callbacks,
):
    attachment = add(
        application, members[0], statutes, PDF, scan=django_capture_on_commit_callbacks
    )
    _submitted_with(application, attachment, ScanStatus.CLEAN)
    client.force_login(manager)
    url = reverse(
        "applications:attachment_download", args=[application.pk, attachment.pk]
    )
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_applicant_sees_the_scan_in_progress_and_fetches_their_own_file(
    client, application, members, statutes
):
    attachment = add(application, members[0], statutes, PDF)
    client.force_login(members[1])
    page = client.get(
        reverse("applications:dossier_attachments", args=[application.pk])
    )
    assert "Analyse antivirus en cours" in page.content.decode()
    url = reverse(
        "applications:attachment_download", args=[application.pk, attachment.pk]
    )
    assert client.get(url).status_code == 200


def test_nobody_downloads_an_infected_file(
    client,
    application,
    members,
    statutes,
    manager,
    scanner,
    django_capture_on_commit_callbacks,
):
    attachment = add(
        application,
        members[0],
        statutes,
        INFECTED_PDF,
        scan=django_capture_on_commit_callbacks,
    )
    url = reverse(
        "applications:attachment_download", args=[application.pk, attachment.pk]
    )
    client.force_login(members[0])
    response = client.get(url)
    assert response.status_code == 409
    assert "un virus a été détecté (Eicar-Test-Signature)" in response.content.decode()
