"""Background work on dossiers: thin tasks calling one service each, idempotent.

The services queue them by name once their transaction commits. A task whose row
is gone (a dossier deleted, a version rolled back) has nothing left to do.
"""

import logging

from celery import shared_task

from .models import ApplicationVersion
from .reminders import applicant_reminders_send
from .retention import retention_apply
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


@shared_task(name="applications.send_reminders")
def send_reminders_task() -> dict[str, int]:
    """For Celery beat: the applicants' reminders due now (``reminders``)."""
    return applicant_reminders_send()


@shared_task(name="applications.apply_retention")
def apply_retention_task() -> dict[str, int]:
    """For Celery beat, daily: the retention periods run out (``retention``)."""
    report = retention_apply()
    return {
        "anonymised": len(report.anonymised),
        "files_deleted": report.files_deleted,
        "emails_deleted": report.emails_deleted,
        "drafts_warned": len(report.drafts_warned),
        "drafts_deleted": len(report.drafts_deleted),
    }
