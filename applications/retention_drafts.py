"""Retention of the drafts (RGPD): a draft left untouched for
``DRAFT_WARNING_MONTHS`` is warned once (an email to its organisation's active
members, recorded in the activity log), then deleted with its files
``DRAFT_DELETION_GRACE_DAYS`` after the warning if still untouched.

A draft's last activity is the later of its own last change and its last file
uploaded. The warning records that last activity: any activity after it makes
the warning stale (no deletion), and a new period of inactivity starts, warned
again in its turn.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.db.models import DateTimeField, Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from core.activity import activity_for, activity_record
from core.outbox import email_enqueue
from core.storage import delete_on_commit

from .emails import applicant_emails, event_context
from .enums import ApplicationState
from .models import Application, Attachment
from .retention import RetentionReport
from .staff.selectors import emails_about

logger = logging.getLogger(__name__)

WARNED = "retention.draft_warned"
DELETED = "retention.draft_deleted"


def drafts_with_last_activity() -> QuerySet:
    """The drafts, annotated with ``last_activity``."""
    last_upload = (
        Attachment.objects.filter(application=OuterRef("pk"))
        .values("application")
        .annotate(last=Max("uploaded_at"))
        .values("last")[:1]
    )
    return Application.objects.filter(state=ApplicationState.DRAFT).annotate(
        last_activity=Greatest(
            "updated_at",
            Coalesce(Subquery(last_upload), "updated_at"),
            output_field=DateTimeField(),
        )
    )


def current_warning(application: Application):
    """The warning of the draft's current period of inactivity, if sent."""
    stamp = application.last_activity.isoformat()
    for entry in activity_for(application).filter(action=WARNED).reverse():
        if entry.details.get("last_activity") == stamp:
            return entry
    return None


def _warn(application: Application, *, now: datetime) -> None:
    deletes_at = now + timedelta(days=settings.DRAFT_DELETION_GRACE_DAYS)
    stamp = application.last_activity.isoformat()
    email_enqueue(
        to=applicant_emails(application),
        template="retention_draft_warning",
        context=event_context(
            application,
            {"deletes_at": deletes_at, "last_activity": application.last_activity},
        ),
        context_ref=f"applications.application:{application.pk}",
        reply_to=[application.call.authority.email],
        dedup_key=f"retention:draft:{application.pk}:{stamp}",
    )
    activity_record(
        actor=None,
        action=WARNED,
        target=application,
        details={"last_activity": stamp, "deletes_at": deletes_at.isoformat()},
    )
    logger.info(
        "Retention: draft %s warned, deleted on %s if untouched.",
        application.reference,
        deletes_at.date(),
    )


def _delete(application: Application) -> None:
    files = [a.file for a in application.attachments.all()]
    delete_on_commit(files)
    activity_record(
        actor=None,
        action=DELETED,
        target=application,
        details={"files": len(files)},
    )
    emails_about(application).delete()
    application.delete()
    logger.info("Retention: draft %s deleted.", application.reference)


def drafts_retention_apply(
    *,
    now: datetime | None = None,
    dry_run: bool = False,
    report: RetentionReport | None = None,
) -> RetentionReport:
    """Warn the drafts untouched for ``DRAFT_WARNING_MONTHS``; delete those
    warned ``DRAFT_DELETION_GRACE_DAYS`` ago and untouched since."""
    now = now or timezone.now()
    report = report or RetentionReport(dry_run=dry_run)
    idle_since = now - relativedelta(months=settings.DRAFT_WARNING_MONTHS)
    idle = drafts_with_last_activity().filter(last_activity__lte=idle_since)
    for pk in idle.order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            application = (
                drafts_with_last_activity()
                .select_for_update(of=("self",))
                .select_related("call__authority", "organisation")
                .filter(pk=pk, last_activity__lte=idle_since)
                .first()
            )
            if application is None:
                continue
            warning = current_warning(application)
            if warning is None:
                report.drafts_warned.append(application.reference)
                if not dry_run:
                    _warn(application, now=now)
            elif datetime.fromisoformat(warning.details["deletes_at"]) <= now:
                report.drafts_deleted.append(application.reference)
                if not dry_run:
                    report.files_deleted += application.attachments.count()
                    _delete(application)
    return report
