"""State emails of a dossier: one email per event, recorded in the dossier's thread
and sent through the outbox (``core.outbox``) once the change commits.

Templates: ``templates/emails/<event>/{subject.txt,body.txt}``, rendered in
French on the Paris clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.conf import settings

from core.emails import render_email
from core.models import OutboundEmail
from core.outbox import email_enqueue
from organisations.enums import MembershipStatus

from .enums import MessageKind
from .models import Application, Message
from .permissions import MANAGERS_GROUP

# Who is told of each event: the applicants (active members of the lead
# organisation) or the managers of the call's authority.
APPLICANT_EVENTS = frozenset(
    {
        "submitted",
        "complements_requested",
        "review_started",
        # The decision letters' emails (sent by the reviews app's release).
        "decision_accepted",
        "decision_accepted_with_conditions",
        "decision_rejected",
        "decision_inadmissible",
        "decision_corrected",
        # An upload the antivirus refused (services.scanning).
        "file_infected",
    }
)
MANAGER_EVENTS = frozenset({"complements_provided", "withdrawn"})
EVENTS = APPLICANT_EVENTS | MANAGER_EVENTS


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


def event_context(application: Application, context: dict | None = None) -> dict:
    return {
        "application": application,
        "call": application.call,
        "authority": application.call.authority,
        "organisation": application.organisation,
        "site_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"),
        **(context or {}),
    }


def event_email_enqueue(
    *,
    application: Application,
    event: str,
    context: dict | None = None,
    attachments: Iterable[Mapping[str, str]] = (),
    dedup_key: str | None = None,
) -> Message | None:
    """Email ``event`` to whom it concerns, through the outbox, and record it in
    the dossier's thread; both in the caller's transaction.

    The email is sent once the transaction commits (``core.outbox``). With a
    ``dedup_key`` already used, nothing is recorded twice and ``None`` is returned.
    ``attachments`` are files in storage (see ``core.outbox.email_enqueue``).
    """
    if event not in EVENTS:
        raise ValueError(f"Unknown dossier event: {event!r}")
    if dedup_key and OutboundEmail.objects.filter(dedup_key=dedup_key).exists():
        return None
    email = email_enqueue(
        to=recipients_for(application, event),
        template=event,
        context=event_context(application, context),
        context_ref=f"applications.application:{application.pk}",
        reply_to=[application.call.authority.email],
        attachments=attachments,
        dedup_key=dedup_key,
    )
    subject, body = (
        (email.subject, email.body) if email else _rendered(application, event, context)
    )
    return Message.objects.create(
        application=application,
        kind=MessageKind.NOTIFICATION,
        author=None,
        from_staff=True,
        subject=subject[: Message._meta.get_field("subject").max_length],
        body=body,
    )


def _rendered(application: Application, event: str, context: dict | None):
    """Subject and body of an email nobody receives (no recipient): the thread
    still records the event."""
    subject, body, _html = render_email(event, event_context(application, context))
    return subject, body
