"""Reminders to applicants, sent on schedule (Celery beat, hourly, and
``manage.py send_reminders``):

- a draft not yet submitted, seven days and then one day before its call closes
  (only on calls offered now: open, page live, content complete);
- complements asked for, two days before they are due.

A reminder falls due at its moment (the deadline minus its lead) and stays due
until the next reminder's moment or the deadline, so a missed run loses nothing;
the outbox's dedup key sends each one once, however often the task runs. A
dossier created, or complements asked for, after a reminder's moment is not
reminded at that step: it did not wait that long, and its own email just said the
same. Each reminder is recorded in the dossier's thread, like the state emails.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django_fsm_log.models import StateLog

from calls.publication import offered_calls
from core.models import OutboundEmail
from core.outbox import email_enqueue
from core.time import in_paris

from .emails import applicant_emails, event_context
from .enums import ApplicationState, MessageKind
from .models import Application, Message

# (step, lead, next lead): a step falls due ``lead`` before the call closes and
# stays due until the next step's moment; runs that missed a step's whole window
# send only the next step, never a stale « seven days » one on the last day.
DRAFT_STEPS = (
    ("7d", timedelta(days=7), timedelta(days=1)),
    ("1d", timedelta(days=1), timedelta(0)),
)
COMPLEMENTS_LEAD = timedelta(days=2)


def drafts_to_remind(*, now: datetime, lead: timedelta, until: timedelta) -> QuerySet:
    """Drafts on calls offered at ``now`` closing in ``(until, lead]``, created by
    the reminder's moment (closing minus ``lead``)."""
    return Application.objects.filter(
        state=ApplicationState.DRAFT,
        call__in=offered_calls(at=now),
        call__closes_at__lte=now + lead,
        call__closes_at__gt=now + until,
        created_at__lte=F("call__closes_at") - lead,
    ).order_by("pk")


def draft_dedup_key(application: Application, step: str) -> str:
    closes_on = in_paris(application.call.closes_at).date().isoformat()
    return f"reminder:draft:{application.pk}:{closes_on}:{step}"


def complements_to_remind(*, now: datetime) -> QuerySet:
    """Dossiers whose complements are due in ``(now, now + 2 days]``, asked for by
    the reminder's moment; annotated with the request's audit row
    (``request_log_id``)."""
    requests = StateLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Application),
        object_id=OuterRef("pk"),
        transition="request_complements",
    ).order_by("-timestamp", "-pk")
    return (
        Application.objects.filter(
            state=ApplicationState.COMPLEMENTS_REQUESTED,
            complements_due_at__gt=now,
            complements_due_at__lte=now + COMPLEMENTS_LEAD,
        )
        .annotate(
            requested_at=Subquery(requests.values("timestamp")[:1]),
            request_log_id=Subquery(requests.values("pk")[:1]),
        )
        .filter(requested_at__lte=F("complements_due_at") - COMPLEMENTS_LEAD)
        .order_by("pk")
    )


def complements_dedup_key(application: Application, request_log_id: int) -> str:
    # The request's audit row tells two rounds of complements apart, even when
    # both are due on the same day.
    due_on = in_paris(application.complements_due_at).date().isoformat()
    return f"reminder:complements:{application.pk}:{request_log_id}:{due_on}:2d"


def _reminder_enqueue(
    *, application: Application, template: str, dedup_key: str, context: dict
) -> bool:
    """Email the applicants and record it in the thread, once per ``dedup_key``.

    Call with the dossier's row locked, so that two runs at once cannot both
    pass the check. Nothing is recorded when nobody is to be told: a later run
    tries again (an organisation may gain an active member).
    """
    if OutboundEmail.objects.filter(dedup_key=dedup_key).exists():
        return False
    email = email_enqueue(
        to=applicant_emails(application),
        template=template,
        context=event_context(application, context),
        context_ref=f"applications.application:{application.pk}",
        reply_to=[application.call.authority.email],
        dedup_key=dedup_key,
    )
    if email is None:
        return False
    Message.objects.create(
        application=application,
        kind=MessageKind.NOTIFICATION,
        author=None,
        from_staff=True,
        subject=email.subject[: Message._meta.get_field("subject").max_length],
        body=email.body,
    )
    return True


def _locked(pk: int, state: str) -> Application | None:
    """The dossier, its row locked, if it is still in ``state``."""
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("call__authority", "organisation")
        .filter(pk=pk, state=state)
        .first()
    )


def draft_reminders_send(*, now: datetime | None = None) -> int:
    """Remind the applicants of drafts not submitted before their call closes.

    Returns the number of reminders queued.
    """
    now = now or timezone.now()
    sent = 0
    for step, lead, until in DRAFT_STEPS:
        for pk in drafts_to_remind(now=now, lead=lead, until=until).values_list(
            "pk", flat=True
        ):
            with transaction.atomic():
                application = _locked(pk, ApplicationState.DRAFT)
                if application is None:
                    continue
                sent += _reminder_enqueue(
                    application=application,
                    template="reminder_draft",
                    dedup_key=draft_dedup_key(application, step),
                    context={"last_reminder": until == timedelta(0)},
                )
    return sent


def complements_reminders_send(*, now: datetime | None = None) -> int:
    """Remind the applicants of complements due in two days.

    Returns the number of reminders queued.
    """
    now = now or timezone.now()
    sent = 0
    for pk, request_log_id in complements_to_remind(now=now).values_list(
        "pk", "request_log_id"
    ):
        with transaction.atomic():
            application = _locked(pk, ApplicationState.COMPLEMENTS_REQUESTED)
            if application is None:
                continue
            sent += _reminder_enqueue(
                application=application,
                template="reminder_complements",
                dedup_key=complements_dedup_key(application, request_log_id),
                context={},
            )
    return sent


def applicant_reminders_send(*, now: datetime | None = None) -> dict[str, int]:
    """Every reminder due to applicants at ``now``, counted by kind."""
    now = now or timezone.now()
    return {
        "drafts": draft_reminders_send(now=now),
        "complements": complements_reminders_send(now=now),
    }
