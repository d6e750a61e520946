"""Use cases around a dossier's files and thread: uploads, downloads, messages.

Like ``services``, each function is keyword-only and atomic and raises an
``ApplicationError`` (or, for a refused file, a ``ValidationError`` saying what is
wrong with it) and changes nothing when it refuses.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.files import File
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from calls.models import RequiredDocument

from . import permissions
from .emails import EMAIL_TIME_ZONE, applicant_emails, manager_emails
from .enums import MessageKind
from .exceptions import ApplicationError, PermissionRefused
from .models import Application, ApplicationVersion, Attachment, DownloadLog, Message
from .questionnaire import Question, iter_questions
from .services import lock_for_editing
from .uploads import check_upload

logger = logging.getLogger(__name__)

MESSAGE_SUBJECT_MAX_LENGTH = 200
MESSAGE_BODY_MAX_LENGTH = 5000


def file_question(call, key: str) -> Question | None:
    """The call's file question whose key is ``key``, if there is one."""
    for question in iter_questions(call):
        if question.key == key and question.kind == "file":
            return question
    return None


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
    attachment.file.save(detected.storage_name(), uploaded_file, save=False)
    try:
        locked.attachments.filter(superseded_at__isnull=True, **slot).update(
            superseded_at=now
        )
        attachment.save()
        locked.lock_version += 1
        locked.save(update_fields=["lock_version", "updated_at"])
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


def _message_email(
    message: Message, recipients: list[str], reply_to: list[str]
) -> EmailMessage:
    """The French email announcing ``message`` to the other side."""
    application = message.application
    context = {
        "message": message,
        "application": application,
        "call": application.call,
        "authority": application.call.authority,
        "organisation": application.organisation,
        "author_name": message.author.get_full_name() or message.author.get_username(),
        "thread_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        + reverse("applications:dossier_messages", args=[application.pk]),
    }
    with translation.override("fr"), timezone.override(EMAIL_TIME_ZONE):
        subject = render_to_string("applications/messages/email_subject.txt", context)
        body = render_to_string("applications/messages/email_body.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body.strip() + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
        reply_to=reply_to,
    )


def _send_after_commit(email: EmailMessage) -> None:
    def send() -> None:
        if email.to:
            email.send()

    # The message is recorded even when the mail server fails: ``robust`` logs
    # the failure instead of showing an error for a message that was saved.
    transaction.on_commit(send, robust=True)


@transaction.atomic
def message_post(*, application: Application, user, subject: str, body: str) -> Message:
    """Write in the dossier's thread and email the other side.

    An applicant writes to the call's managers (or, when it has none, to the
    authority's address); a manager writes to the organisation's active members.
    """
    is_applicant = permissions.is_applicant_of(user, application)
    if not is_applicant and not permissions.is_manager_of_call(user, application.call):
        raise PermissionRefused()
    subject = " ".join((subject or "").split())
    body = (body or "").strip()
    reasons = []
    if not subject:
        reasons.append(_("Give the message a subject."))
    elif len(subject) > MESSAGE_SUBJECT_MAX_LENGTH:
        reasons.append(
            _("The subject is too long: %(limit)d characters at most.")
            % {"limit": MESSAGE_SUBJECT_MAX_LENGTH}
        )
    if not body:
        reasons.append(_("Write the message."))
    elif len(body) > MESSAGE_BODY_MAX_LENGTH:
        reasons.append(
            _("The message is too long: %(limit)d characters at most.")
            % {"limit": MESSAGE_BODY_MAX_LENGTH}
        )
    if reasons:
        raise ApplicationError(_("The message was not sent."), reasons=reasons)
    application = Application.objects.select_related(
        "call__authority", "organisation"
    ).get(pk=application.pk)
    message = Message.objects.create(
        application=application,
        kind=MessageKind.MESSAGE,
        author=user,
        from_staff=not is_applicant,
        subject=subject,
        body=body,
    )
    if is_applicant:
        recipients = manager_emails(application)
        reply_to = [user.email] if user.email else []
    else:
        recipients = applicant_emails(application)
        reply_to = [application.call.authority.email]
    _send_after_commit(_message_email(message, recipients, reply_to))
    return message
