"""Background work on dossiers: thin tasks calling one service each, idempotent.

The services queue them by name once their transaction commits. A task whose row
is gone (a dossier deleted, a version rolled back) has nothing left to do.
"""

import logging

from celery import shared_task

from .emails import send_event_email
from .models import Application, ApplicationVersion
from .services import receipt_generate

logger = logging.getLogger(__name__)


@shared_task(
    name="applications.receipt_generate",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def receipt_generate_task(*, version_id: int) -> None:
    version = ApplicationVersion.objects.filter(pk=version_id).first()
    if version is None:
        logger.info("Receipt of version %s not made: the version is gone.", version_id)
        return
    receipt_generate(version=version)


@shared_task(
    name="applications.notify",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def notify_task(*, application_id: int, event: str) -> None:
    application = Application.objects.filter(pk=application_id).first()
    if application is None:
        logger.info("Email %r not sent: dossier %s is gone.", event, application_id)
        return
    send_event_email(application=application, event=event)
