"""Background work on dossiers: thin tasks calling one service each, idempotent.

The services queue them by name once their transaction commits. A task whose row
is gone (a dossier deleted, a version rolled back) has nothing left to do.
"""

import logging

from celery import shared_task

from core.antivirus import ScannerUnavailable

from .models import ApplicationVersion
from .reminders import applicant_reminders_send
from .retention import retention_apply
from .services import receipt_generate
from .services.scanning import attachment_scan, pending_scans_requeue

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
    name="applications.attachment_scan",
    autoretry_for=(ScannerUnavailable, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=None,
)
def attachment_scan_task(*, attachment_id: int) -> str | None:
    """The antivirus verdict on an upload; retried while the scanner is down (the
    file stays in quarantine meanwhile, never taken as clean)."""
    return attachment_scan(attachment_id=attachment_id)


@shared_task(name="applications.requeue_scans")
def requeue_scans_task() -> list[int]:
    """For Celery beat: queue again the scans whose task was lost."""
    return pending_scans_requeue()


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
