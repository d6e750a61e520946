"""The antivirus verdict on an uploaded file: quarantine until clean (issue 13).

``attachment_add`` stores a file as pending and queues ``applications.attachment_scan``
once it commits; the task calls ``attachment_scan``. Clean: the file leaves
quarantine. Infected: it leaves the dossier (superseded, its bytes deleted, its row
kept with the name and the signature for the record), an activity row is written
and the applicants are told through the outbox; the file it replaced, if any, takes
its place again, and a partner whose signed letter it was awaits confirmation again.
A scanner that gives no answer (``ScannerUnavailable``) changes nothing: the file
stays pending, the task retries. A scan whose task was lost (the broker emptied) is
queued again by ``pending_scans_requeue``, which beat runs every quarter of an hour.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from core.activity import activity_record
from core.antivirus import ScanResult, get_scanner
from core.storage import delete_on_commit
from core.transactions import queue_on_commit

from ..emails import event_email_enqueue
from ..enums import CommitmentMethod, ScanStatus
from ..models import Attachment, Partner
from ._transactions import touch
from .partners import COMMITMENT_ANSWER_FIELDS, commitment_reset

logger = logging.getLogger(__name__)

SCAN_TASK = "applications.attachment_scan"
# A file still pending this long after its upload has lost its task: the scan
# itself takes seconds, and a scanner down keeps its task retrying (at most ten
# minutes apart), which a second task would only duplicate, harmlessly.
STALE_SCAN_AFTER = timedelta(minutes=30)
# An upload supersedes the file in its place at most this long before it is saved.
REPLACED_WITHIN = timedelta(seconds=5)


def attachment_scan(*, attachment_id: int) -> str | None:
    """Scan a pending attachment; its new status, or ``None`` when there is nothing
    to do (gone, or scanned already). Raises ``ScannerUnavailable`` without a verdict.
    """
    attachment = Attachment.objects.filter(pk=attachment_id).first()
    if attachment is None or attachment.scan_status != ScanStatus.PENDING:
        return None
    # The scan runs outside any transaction: it may take seconds.
    with attachment.file.open("rb") as handle:
        result = get_scanner().scan(handle)
    return _record(attachment_id, result)


@transaction.atomic
def _record(attachment_id: int, result: ScanResult) -> str | None:
    attachment = (
        Attachment.objects.select_for_update()
        .select_related("application", "application__call__authority")
        .filter(pk=attachment_id)
        .first()
    )
    if attachment is None or attachment.scan_status != ScanStatus.PENDING:
        return None
    now = timezone.now()
    attachment.scanned_at = now
    if result.clean:
        attachment.scan_status = ScanStatus.CLEAN
        attachment.save(update_fields=["scan_status", "scanned_at"])
        return attachment.scan_status
    _quarantine_infected(attachment, result.signature or "", now)
    return attachment.scan_status


def _quarantine_infected(attachment: Attachment, signature: str, now) -> None:
    application = attachment.application
    stored_file = attachment.file
    attachment.scan_status = ScanStatus.INFECTED
    attachment.scan_signature = signature[:255]
    attachment.superseded_at = attachment.superseded_at or now
    attachment.file = ""
    attachment.save(
        update_fields=[
            "scan_status",
            "scan_signature",
            "scanned_at",
            "superseded_at",
            "file",
        ]
    )
    activity_record(
        actor=None,
        action="file.infected",
        target=attachment,
        scope=application,
        details={
            "file": attachment.original_name,
            "sha256": attachment.sha256,
            "signature": attachment.scan_signature,
        },
    )
    restored = _restore_replaced(attachment)
    event_email_enqueue(
        application=application,
        event="file_infected",
        context={
            "file_name": attachment.original_name,
            "signature": signature,
            "restored_name": restored.original_name if restored else "",
        },
        dedup_key=f"file_infected:{attachment.pk}",
    )
    _withdraw_commitment(attachment)
    touch(application)
    # The bytes go once the verdict is recorded (kept if the transaction fails).
    delete_on_commit([stored_file])
    logger.warning(
        "Attachment %s refused: virus %s detected.", attachment.pk, signature
    )


def _restore_replaced(attachment: Attachment) -> Attachment | None:
    """The file the infected upload replaced takes its place again, unless
    another file has been uploaded since (the slot is not empty). The upload
    superseded it the instant before it was saved (``attachment_add``)."""
    if attachment.question_key.startswith("partner:"):
        return None  # a commitment letter: ``_withdraw_commitment``
    slot = Attachment.objects.filter(
        application_id=attachment.application_id,
        required_document_id=attachment.required_document_id,
        question_key=attachment.question_key,
    ).exclude(pk=attachment.pk)
    if slot.current().exists():
        return None
    replaced = (
        slot.select_for_update()
        .exclude(scan_status=ScanStatus.INFECTED)
        .filter(
            superseded_at__gte=attachment.uploaded_at - REPLACED_WITHIN,
            superseded_at__lte=attachment.uploaded_at,
        )
        .order_by("-superseded_at", "-pk")
        .first()
    )
    if replaced is None:
        return None
    replaced.superseded_at = None
    replaced.save(update_fields=["superseded_at"])
    activity_record(
        actor=None,
        action="file.restored",
        target=replaced,
        scope=attachment.application,
        details={
            "file": replaced.original_name,
            "instead_of": attachment.original_name,
        },
    )
    return replaced


def _withdraw_commitment(attachment: Attachment) -> None:
    """The partner this letter confirmed awaits confirmation again: a refused
    letter confirms nothing (a new letter or the partner's link will)."""
    partner = (
        Partner.objects.select_for_update()
        .filter(commitment_letter=attachment, commitment_method=CommitmentMethod.LETTER)
        .first()
    )
    if partner is None:
        return
    commitment_reset(partner)
    partner.save(update_fields=COMMITMENT_ANSWER_FIELDS)
    activity_record(
        actor=None,
        action="partner.letter_refused",
        target=partner,
        scope=attachment.application,
        details={"file": attachment.original_name},
    )


def pending_scans_requeue() -> list[int]:
    """Queue again the scans of the files pending for longer than
    ``STALE_SCAN_AFTER`` (their task lost): their ids, oldest first. A file
    scanned twice keeps its first verdict (``_record``)."""
    stale = timezone.now() - STALE_SCAN_AFTER
    ids = list(
        Attachment.objects.filter(scan_status=ScanStatus.PENDING, uploaded_at__lt=stale)
        .order_by("uploaded_at", "pk")
        .values_list("pk", flat=True)
    )
    for attachment_id in ids:
        queue_on_commit(SCAN_TASK, attachment_id=attachment_id)
    if ids:
        logger.warning("Scans queued again (task lost): %s", ids)
    return ids
