"""Reminders to reviewers, sent on schedule (Celery beat, hourly, and
``manage.py send_reminders``): three days before an assignment's due date, then
one day after it when the review is still not submitted.

Only active assignments (to attest or accepted: not removed, no conflict
declared) of dossiers under review, whose review is not submitted, are reminded.
A reminder falls due at its moment and stays due until the due date (before) or
for a week after it (overdue), so a missed run loses nothing; the outbox's dedup
key sends each one once. An assignment made after a reminder's moment is not
reminded at that step: the assignment's own email gave the date.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from applications.enums import ApplicationState
from core.models import OutboundEmail
from core.time import in_paris

from .emails import reviewer_event_email
from .enums import ReviewStatus
from .models import Assignment

DUE_LEAD = timedelta(days=3)
OVERDUE_AFTER = timedelta(days=1)
# Past this, an overdue review is the manager's business, not a reminder's.
OVERDUE_UNTIL = timedelta(days=7)


def _awaited() -> QuerySet:
    """Active assignments of dossiers under review, their review not submitted,
    their reviewer active and reachable."""
    return (
        Assignment.objects.active()
        .filter(
            application__state=ApplicationState.UNDER_REVIEW,
            due_at__isnull=False,
            reviewer__is_active=True,
        )
        .exclude(reviewer__email="")
        .exclude(review__status=ReviewStatus.SUBMITTED)
        .order_by("pk")
    )


def due_soon(*, now: datetime) -> QuerySet:
    """Due in ``(now, now + 3 days]``, assigned by the reminder's moment."""
    return _awaited().filter(
        due_at__gt=now,
        due_at__lte=now + DUE_LEAD,
        created_at__lte=F("due_at") - DUE_LEAD,
    )


def overdue(*, now: datetime) -> QuerySet:
    """Due in ``(now - 7 days, now - 1 day]``, assigned by the reminder's moment."""
    return _awaited().filter(
        due_at__gt=now - OVERDUE_UNTIL,
        due_at__lte=now - OVERDUE_AFTER,
        created_at__lte=F("due_at") + OVERDUE_AFTER,
    )


def dedup_key(assignment: Assignment, step: str) -> str:
    due_on = in_paris(assignment.due_at).date().isoformat()
    return f"reminder:review:{assignment.pk}:{due_on}:{step}"


def _remind(pk: int, *, selection: QuerySet, template: str, step: str) -> bool:
    """Email the reviewer of assignment ``pk`` if it is still in ``selection``,
    once per dedup key; the row is locked so that two runs at once send once."""
    with transaction.atomic():
        assignment = (
            selection.select_for_update(of=("self",))
            .select_related("application__call__authority", "reviewer")
            .filter(pk=pk)
            .first()
        )
        if assignment is None:
            return False
        key = dedup_key(assignment, step)
        if OutboundEmail.objects.filter(dedup_key=key).exists():
            return False
        review = getattr(assignment, "review", None)
        reviewer_event_email(
            assignment=assignment,
            event=template,
            context={"review": review},
            dedup_key=key,
        )
        return True


def reviewer_reminders_send(*, now: datetime | None = None) -> dict[str, int]:
    """Remind reviewers of reviews due in three days or one day overdue.

    Returns the number of reminders queued, by kind.
    """
    now = now or timezone.now()
    counts = {}
    for step, template, selection in (
        ("3d", "reminder_review_due", due_soon(now=now)),
        ("overdue", "reminder_review_overdue", overdue(now=now)),
    ):
        counts[template.removeprefix("reminder_")] = sum(
            _remind(pk, selection=selection, template=template, step=step)
            for pk in list(selection.values_list("pk", flat=True))
        )
    return counts
