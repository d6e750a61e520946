"""The dossier's thread: messages between the applicant and the ARS, each emailed
to the other side. Same conventions as the other dossier services."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from core.activity import activity_record
from core.outbox import email_enqueue

from .. import permissions
from ..emails import applicant_emails, manager_emails
from ..enums import MessageKind
from ..exceptions import ApplicationError, PermissionRefused
from ..models import Application, Message

MESSAGE_SUBJECT_MAX_LENGTH = 200
MESSAGE_BODY_MAX_LENGTH = 5000


def _message_email_enqueue(
    message: Message, recipients: list[str], reply_to: list[str]
) -> None:
    """Announce ``message`` to the other side, through the outbox."""
    application = message.application
    email_enqueue(
        to=recipients,
        template="message_posted",
        context={
            "message": message,
            "application": application,
            "call": application.call,
            "authority": application.call.authority,
            "organisation": application.organisation,
            "author_name": message.author.get_full_name()
            or message.author.get_username(),
            "thread_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
            + reverse("applications:dossier_messages", args=[application.pk]),
        },
        context_ref=f"applications.application:{application.pk}",
        reply_to=reply_to,
    )


@transaction.atomic
def message_post(*, application: Application, user, subject: str, body: str) -> Message:
    """Write in the dossier's thread and email the other side.

    An applicant writes to the call's managers (or, when it has none, to the
    authority's address); a manager writes to the organisation's active members.
    """
    is_applicant = permissions.is_applicant_of(user, application)
    if not is_applicant and not permissions.can_staff_read(user, application):
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
    activity_record(
        actor=user,
        action="message.posted",
        target=message,
        scope=application,
        details={"subject": subject},
    )
    if is_applicant:
        recipients = manager_emails(application)
        reply_to = [user.email] if user.email else []
    else:
        recipients = applicant_emails(application)
        reply_to = [application.call.authority.email]
    _message_email_enqueue(message, recipients, reply_to)
    return message
