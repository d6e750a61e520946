"""The instruction's emails, through the outbox (``core.outbox``), in the
transaction that causes them.

Templates: ``templates/emails/<event>/{subject.txt,body.txt}``.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings

from applications.emails import manager_emails
from core.outbox import email_enqueue

from .models import Assignment


def _site_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def reviewer_assigned_email(
    *, reviewer, assignments: Sequence[Assignment], dedup_key: str
) -> None:
    """Tell a reviewer of the dossiers just assigned to them (one email)."""
    if not assignments or not reviewer.email:
        return
    call = assignments[0].application.call
    email_enqueue(
        to=[reviewer.email],
        template="reviewer_assigned",
        context={
            "reviewer": reviewer,
            "assignments": list(assignments),
            "call": call,
            "site_url": _site_url(),
        },
        context_ref=f"reviews.assignment:{assignments[0].pk}",
        reply_to=[call.authority.email],
        dedup_key=dedup_key,
    )


def reviewer_event_email(
    *, assignment: Assignment, event: str, context: dict, dedup_key: str | None = None
) -> None:
    """``review_reopened`` or ``assignment_removed``, to the reviewer."""
    reviewer = assignment.reviewer
    if not reviewer.email:
        return
    call = assignment.application.call
    email_enqueue(
        to=[reviewer.email],
        template=event,
        context={
            "reviewer": reviewer,
            "assignment": assignment,
            "application": assignment.application,
            "call": call,
            "site_url": _site_url(),
            **context,
        },
        context_ref=f"reviews.assignment:{assignment.pk}",
        reply_to=[call.authority.email],
        dedup_key=dedup_key,
    )


def managers_event_email(
    *, assignment: Assignment, event: str, context: dict, dedup_key: str | None = None
) -> None:
    """``conflict_declared`` or ``conflict_detected``, to the call's managers."""
    application = assignment.application
    email_enqueue(
        to=manager_emails(application),
        template=event,
        context={
            "assignment": assignment,
            "reviewer": assignment.reviewer,
            "application": application,
            "call": application.call,
            "site_url": _site_url(),
            **context,
        },
        context_ref=f"reviews.assignment:{assignment.pk}",
        dedup_key=dedup_key,
    )
