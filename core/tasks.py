"""Outbox tasks: thin, each calls one service of ``core.outbox``."""

from celery import shared_task
from django.conf import settings

from . import outbox


@shared_task(
    name="core.send_email",
    autoretry_for=(Exception,),
    retry_backoff=True,
    retry_jitter=True,
    # The first run plus the retries make OUTBOX_MAX_ATTEMPTS attempts, after
    # which email_send has marked the row failed.
    max_retries=getattr(settings, "OUTBOX_MAX_ATTEMPTS", 5) - 1,
)
def send_email_task(*, email_id: int) -> None:
    outbox.email_send(email_id=email_id)


@shared_task(name="core.outbox_retry")
def outbox_retry_task() -> list[int]:
    """For Celery beat: queue again what failed or lost its task."""
    return outbox.outbox_requeue()
