"""Retention of the decided dossiers (RGPD): once a dossier's term has run out,
its files are deleted and its personal data erased; a statistical skeleton stays.

A dossier's term starts at its decision, the last transition of its audit trail
(django-fsm-log ``StateLog``): accepted, rejected, declared inadmissible or
withdrawn. It lasts the call's ``retention_years_accepted`` for an accepted
dossier, ``retention_years_other`` for the others, or the settings' defaults
(``RETENTION_YEARS_ACCEPTED``, ``RETENTION_YEARS_OTHER``) when the call leaves
them empty.

Anonymising keeps what the public results and the counts rest on: the call, the
organisation, the reference, the title, the state, the amount, the territories,
the category, the versions' numbers and dates, the decision (in the reviews
app). It erases: every file (attachments, receipts, and through the
``dossier_anonymised`` signal the reviews' decision letters), the answers, the
versions' answers, partners' contacts and steering bodies, the partners'
contact names, emails and reasons, the steering body, the messages, the
download log, and the outbox emails about the dossier. Never purged whole: the
decision, its letter number and the public results point at it.

Idempotent: an anonymised dossier carries ``anonymised_at`` and is skipped.
Drafts are handled by ``applications.retention_drafts``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django_fsm_log.models import StateLog

from core.activity import activity_record
from core.storage import delete_on_commit

from .enums import ApplicationState
from .models import Application, Attachment
from .signals import dossier_anonymised
from .staff.selectors import emails_about

logger = logging.getLogger(__name__)

DECIDED_STATES = frozenset(
    {
        ApplicationState.ACCEPTED,
        ApplicationState.REJECTED,
        ApplicationState.INADMISSIBLE,
        ApplicationState.WITHDRAWN,
    }
)
# What a version froze about each partner that names a person.
PARTNER_PERSONAL_KEYS = ("contact_name", "contact_email", "decline_reason")


@dataclass
class RetentionReport:
    """What a run did (or, dry, would do)."""

    dry_run: bool = False
    anonymised: list[str] = field(default_factory=list)
    files_deleted: int = 0
    emails_deleted: int = 0
    drafts_warned: list[str] = field(default_factory=list)
    drafts_deleted: list[str] = field(default_factory=list)


def retention_years(application: Application) -> int:
    """How many years ``application`` is kept after its decision."""
    call = application.call
    if application.state == ApplicationState.ACCEPTED:
        years = call.retention_years_accepted
        return years if years is not None else settings.RETENTION_YEARS_ACCEPTED
    years = call.retention_years_other
    return years if years is not None else settings.RETENTION_YEARS_OTHER


def with_decided_at(queryset: QuerySet) -> QuerySet:
    """``queryset`` annotated with ``decided_at``: its latest audited transition."""
    logs = StateLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Application),
        object_id=OuterRef("pk"),
    ).order_by("-timestamp", "-pk")
    return queryset.annotate(decided_at=Subquery(logs.values("timestamp")[:1]))


def expires_at(application: Application) -> datetime:
    """When the term of ``application`` (annotated by :func:`with_decided_at`) ends."""
    decided_at = application.decided_at or application.updated_at
    return decided_at + relativedelta(years=retention_years(application))


def expired_dossiers(*, now: datetime) -> list[Application]:
    """The decided dossiers whose term has run out at ``now``, not yet anonymised."""
    candidates = with_decided_at(
        Application.objects.filter(
            state__in=DECIDED_STATES, anonymised_at__isnull=True
        ).select_related("call")
    ).order_by("pk")
    return [a for a in candidates if expires_at(a) <= now]


def _scrub(entries: list, keys: tuple[str, ...]) -> list:
    return [
        {k: v for k, v in entry.items() if k not in keys}
        if isinstance(entry, dict)
        else entry
        for entry in entries
    ]


def dossier_anonymise(*, application: Application, now: datetime) -> tuple[int, int]:
    """Erase the files and personal data of ``application``; call inside a
    transaction. Returns the files and the emails deleted."""
    attachments = list(application.attachments.all())
    versions = list(application.versions.all())
    files = [a.file for a in attachments] + [v.receipt for v in versions]
    files_deleted = delete_on_commit(files)
    for version in versions:
        version.answers = {}
        version.partners = _scrub(version.partners, PARTNER_PERSONAL_KEYS)
        version.steering_members = []
        if version.lead:
            version.lead = {**version.lead, "legal_representative": ""}
        version.receipt = ""
        version.save(
            update_fields=["answers", "partners", "steering_members", "lead", "receipt"]
        )
    application.partners.update(
        contact_name="", contact_email="", decline_reason="", commitment_letter=None
    )
    Attachment.objects.filter(application=application).delete()
    application.steering_members.all().delete()
    application.messages.all().delete()
    application.downloads.all().delete()
    emails_deleted, _ = emails_about(application).delete()
    responses = dossier_anonymised.send(sender=Application, application=application)
    file_count = files_deleted + sum(count or 0 for _, count in responses)
    application.answers = {}
    application.complements_message = ""
    application.withdrawal_reason = ""
    application.anonymised_at = now
    application.save(
        update_fields=[
            "answers",
            "complements_message",
            "withdrawal_reason",
            "anonymised_at",
        ]
    )
    activity_record(
        actor=None,
        action="retention.anonymised",
        target=application,
        details={"files": file_count, "emails": emails_deleted},
    )
    logger.info(
        "Retention: dossier %s anonymised (%s files, %s emails deleted).",
        application.reference,
        file_count,
        emails_deleted,
    )
    return file_count, emails_deleted


def retention_apply(
    *, now: datetime | None = None, dry_run: bool = False
) -> RetentionReport:
    """Anonymise every decided dossier whose term has run out, and handle the
    drafts left untouched (``retention_drafts``)."""
    from .retention_drafts import drafts_retention_apply  # noqa: PLC0415 (cycle)

    now = now or timezone.now()
    report = RetentionReport(dry_run=dry_run)
    for application in expired_dossiers(now=now):
        if dry_run:
            report.anonymised.append(application.reference)
            continue
        with transaction.atomic():
            locked = (
                Application.objects.select_for_update(of=("self",))
                .filter(pk=application.pk, anonymised_at__isnull=True)
                .first()
            )
            if locked is None:
                continue
            files, emails = dossier_anonymise(application=locked, now=now)
        report.anonymised.append(application.reference)
        report.files_deleted += files
        report.emails_deleted += emails
    drafts_retention_apply(now=now, dry_run=dry_run, report=report)
    return report
