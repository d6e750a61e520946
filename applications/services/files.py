"""Use cases on a dossier's files: uploads and the record of downloads.

Like the other dossier services, each function is keyword-only and atomic and raises an
``ApplicationError`` (or, for a refused file, a ``ValidationError`` saying what is
wrong with it) and changes nothing when it refuses.
"""

from __future__ import annotations

import logging

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.models import RequiredDocument
from core.activity import activity_record
from core.transactions import queue_on_commit

from .. import permissions
from ..exceptions import ApplicationError, PermissionRefused, StorageUnavailable
from ..models import Application, ApplicationVersion, Attachment, DownloadLog
from ..questionnaire import Question, iter_questions
from ..uploads import DetectedFile, check_upload
from ._transactions import touch
from .dossiers import lock_for_editing
from .scanning import SCAN_TASK

logger = logging.getLogger(__name__)


def file_question(call, key: str) -> Question | None:
    """The call's file question whose key is ``key``, if there is one."""
    for question in iter_questions(call):
        if question.key == key and question.kind == "file":
            return question
    return None


def file_details(attachment: Attachment, detected: DetectedFile) -> dict:
    """What the activity log keeps of a stored file: its name, its fingerprint
    and, when its name had to say its type (``uploads.safe_name``), the name
    the user gave."""
    details = {"file": attachment.original_name, "sha256": attachment.sha256}
    if detected.given_name:
        details["given_name"] = detected.given_name
    return details


def _upload_rules(
    application: Application,
    required_document: RequiredDocument | None,
    question_key: str,
) -> tuple[list[str], int]:
    """The allowed types and size limit of the slot the file goes into."""
    if (required_document is None) == (not question_key):
        raise ApplicationError(_("Choose the document this file is for."))
    if required_document is not None:
        if required_document.call_id != application.call_id:
            raise ApplicationError(_("This document is not asked for by this call."))
        return list(required_document.allowed_types), required_document.max_size_mb
    question = file_question(application.call, question_key)
    if question is None:
        raise ApplicationError(_("This question does not ask for a file."))
    return (
        list(question.settings.get("allowed_types") or ["pdf"]),
        int(question.settings.get("max_size_mb") or 10),
    )


@transaction.atomic
def attachment_add(
    *,
    application: Application,
    user,
    uploaded_file: File,
    required_document: RequiredDocument | None = None,
    question_key: str = "",
) -> Attachment:
    """Store a file for a required document or a file question.

    The file in place for the same document or question is superseded, never
    deleted: the versions already submitted still reference it.
    """
    locked = lock_for_editing(application, user)
    allowed_types, max_size_mb = _upload_rules(locked, required_document, question_key)
    detected = check_upload(
        uploaded_file, allowed_types=allowed_types, max_size_mb=max_size_mb
    )
    now = timezone.now()
    slot = (
        {"required_document": required_document}
        if required_document is not None
        else {"question_key": question_key}
    )
    attachment = Attachment(
        application=locked,
        required_document=required_document,
        question_key=question_key if required_document is None else "",
        original_name=detected.original_name,
        size=detected.size,
        sha256=detected.sha256,
        content_type=detected.content_type,
        uploaded_by=user,
    )
    try:
        attachment.file.save(detected.storage_name(), uploaded_file, save=False)
    except Exception as error:  # the disk or the object store: nothing recorded
        logger.exception("Upload to %s not stored", locked.reference)
        raise StorageUnavailable() from error
    try:
        replaced = locked.attachments.current().filter(**slot).update(superseded_at=now)
        attachment.save()
        activity_record(
            actor=user,
            action="file.replaced" if replaced else "file.added",
            target=attachment,
            scope=locked,
            details=file_details(attachment, detected),
        )
        touch(locked)
        # In quarantine until the antivirus says it is clean (services.scanning).
        queue_on_commit(SCAN_TASK, attachment_id=attachment.pk)
    except BaseException:
        # Nothing is recorded: do not leave an orphan file behind.
        attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment


@transaction.atomic
def download_record(
    *,
    application: Application,
    user,
    attachment: Attachment | None = None,
    version: ApplicationVersion | None = None,
) -> DownloadLog:
    """Record who downloads one of the dossier's files (proof of notification)."""
    if not permissions.can_view_application(user, application):
        raise PermissionRefused()
    if (attachment is None) == (version is None):
        raise ValueError("Give exactly one of attachment and version.")
    target = attachment or version
    if target.application_id != application.pk:
        raise PermissionRefused()
    return DownloadLog.objects.create(
        user=user, application=application, attachment=attachment, version=version
    )


# Messages ---------------------------------------------------------------------------
