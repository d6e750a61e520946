"""State emails of a dossier: one email per event, recorded in the dossier's thread.

Templates: ``templates/emails/<event>/{subject.txt,body.txt}``, rendered in
French on the Paris clock.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string

from core.time import french_on_paris_clock
from organisations.enums import MembershipStatus

from .enums import MessageKind
from .models import Application, Message
from .permissions import MANAGERS_GROUP

# Who is told of each event: the applicants (active members of the lead
# organisation) or the managers of the call's authority.
APPLICANT_EVENTS = frozenset(
    {"submitted", "complements_requested", "inadmissible", "review_started"}
)
MANAGER_EVENTS = frozenset({"complements_provided", "withdrawn"})
EVENTS = APPLICANT_EVENTS | MANAGER_EVENTS

EmailAttachment = tuple[str, bytes, str]  # (filename, content, mimetype)


def applicant_emails(application: Application) -> list[str]:
    """Emails of the active members of the dossier's organisation."""
    emails = application.organisation.memberships.filter(
        status=MembershipStatus.ACTIVE, user__is_active=True
    ).values_list("user__email", flat=True)
    return sorted({email for email in emails if email})


def manager_emails(application: Application) -> list[str]:
    """Emails of the authority's managers, else the authority's own address."""
    authority = application.call.authority
    emails = authority.staff.filter(
        groups__name=MANAGERS_GROUP, is_active=True
    ).values_list("email", flat=True)
    return sorted({email for email in emails if email}) or [authority.email]


def recipients_for(application: Application, event: str) -> list[str]:
    if event in APPLICANT_EVENTS:
        return applicant_emails(application)
    if event in MANAGER_EVENTS:
        return manager_emails(application)
    raise ValueError(f"Unknown dossier event: {event!r}")


def render_event_email(
    application: Application, event: str, context: dict | None = None
) -> tuple[str, str]:
    """The French subject (one line) and body of ``event``'s email."""
    if event not in EVENTS:
        raise ValueError(f"Unknown dossier event: {event!r}")
    full_context = {
        "application": application,
        "call": application.call,
        "authority": application.call.authority,
        "organisation": application.organisation,
        "site_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"),
        **(context or {}),
    }
    with french_on_paris_clock():
        subject = render_to_string(f"emails/{event}/subject.txt", full_context)
        body = render_to_string(f"emails/{event}/body.txt", full_context)
    return " ".join(subject.split()), body.strip() + "\n"


def send_event_email(
    *,
    application: Application,
    event: str,
    context: dict | None = None,
    attachments: Iterable[EmailAttachment] = (),
) -> Message:
    """Email ``event`` to whom it concerns and record it in the dossier's thread.

    The thread entry and the sending share one transaction: if sending fails,
    nothing is recorded and the task's retry sends afresh.
    """
    recipients = recipients_for(application, event)
    subject, body = render_event_email(application, event, context)
    email = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
        reply_to=[application.call.authority.email],
    )
    for filename, content, mimetype in attachments:
        email.attach(filename, content, mimetype)
    with transaction.atomic():
        message = Message.objects.create(
            application=application,
            kind=MessageKind.NOTIFICATION,
            author=None,
            from_staff=True,
            subject=subject[: Message._meta.get_field("subject").max_length],
            body=body,
        )
        email.send()
    return message
