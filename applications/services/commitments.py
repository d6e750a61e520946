"""The partners' answers: through their signed link, or by a signed letter that
the applicant uploads (design: Governance). Same conventions as ``partners``."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from calls.enums import DocumentType
from core.activity import activity_record
from core.outbox import email_enqueue
from core.transactions import queue_on_commit

from ..emails import applicant_emails, event_context
from ..enums import CommitmentMethod, CommitmentStatus
from ..exceptions import ApplicationError
from ..models import Application, Attachment, Partner
from ..partner_links import (
    PartnerLinkReused,
    PartnerLinkUnknown,
    commitment_closed_problem,
    partner_from_token,
)
from ..uploads import check_upload
from ._transactions import touch
from .dossiers import lock_for_editing
from .files import file_details
from .partners import own_partner, supersede_letters
from .scanning import SCAN_TASK

LETTER_TYPES = [DocumentType.PDF.value]
LETTER_MAX_SIZE_MB = 10
DECLINE_REASON_MAX_LENGTH = 2000


class CommitmentClosed(ApplicationError):
    """The dossier no longer expects answers from its partners."""

    default_message = gettext_lazy(
        "This dossier no longer expects an answer: nothing was recorded."
    )


def _tell_applicants(partner: Partner, application: Application, link_nonce) -> None:
    """Email the lead organisation's members the partner's answer (and its reason
    for declining), once per use of a link."""
    template = "partner_confirmed" if partner.is_confirmed else "partner_declined"
    email_enqueue(
        to=applicant_emails(application),
        template=template,
        context=event_context(
            application,
            {
                "partner": partner,
                "partners_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
                + reverse("applications:dossier_partners", args=[application.pk]),
            },
        ),
        context_ref=f"applications.application:{application.pk}",
        reply_to=[partner.contact_email],
        dedup_key=f"partner.answered:{partner.pk}:{link_nonce}",
    )


@transaction.atomic
def partner_respond(*, token: str, accept: bool, reason: str = "") -> Partner:
    """The partner's answer through its link: no account, the link is the proof.
    A partner that declines may say why (``reason``, optional); the lead
    organisation's members are emailed the answer.

    The link is used up: its nonce changes, so that it cannot answer again.
    """
    partner = partner_from_token(token)
    locked = Application.objects.select_for_update().get(pk=partner.application_id)
    # Read again under the lock: a second click, or a change, may have come first.
    current = locked.partners.filter(pk=partner.pk).first()
    if current is None:
        raise PartnerLinkUnknown()
    if current.link_nonce != partner.link_nonce:
        raise PartnerLinkReused()
    problem = commitment_closed_problem(locked)
    if problem:
        raise CommitmentClosed(problem)
    reason = "" if accept else (reason or "").strip()
    if len(reason) > DECLINE_REASON_MAX_LENGTH:
        raise ApplicationError(
            _("The reason is too long: %(limit)d characters at most.")
            % {"limit": DECLINE_REASON_MAX_LENGTH}
        )
    current.commitment_status = (
        CommitmentStatus.CONFIRMED if accept else CommitmentStatus.DECLINED
    )
    current.commitment_method = CommitmentMethod.LINK
    current.decline_reason = reason
    current.responded_at = timezone.now()
    used_nonce = current.link_nonce
    current.link_nonce = uuid.uuid4()
    current.save()
    details = {"method": CommitmentMethod.LINK.value}
    if current.decline_reason:
        details["reason"] = current.decline_reason
    activity_record(
        actor=None,
        action="partner.confirmed" if accept else "partner.declined",
        target=current,
        scope=locked,
        details=details,
    )
    touch(locked)
    current.application = partner.application
    _tell_applicants(current, partner.application, used_nonce)
    return current


@transaction.atomic
def partner_letter_attach(
    *, application: Application, user, partner: Partner, uploaded_file: File
) -> Attachment:
    """Store the partner's signed commitment letter (PDF): it confirms the partner.

    A previous letter is superseded, never deleted, and the partner's link stops
    working (the letter is its answer).
    """
    locked = lock_for_editing(application, user)
    current = own_partner(locked, partner)
    detected = check_upload(
        uploaded_file, allowed_types=LETTER_TYPES, max_size_mb=LETTER_MAX_SIZE_MB
    )
    now = timezone.now()
    attachment = Attachment(
        application=locked,
        question_key=f"partner:{current.pk}",
        original_name=detected.original_name,
        size=detected.size,
        sha256=detected.sha256,
        content_type=detected.content_type,
        uploaded_by=user,
    )
    attachment.file.save(detected.storage_name(), uploaded_file, save=False)
    try:
        supersede_letters(current, now)
        attachment.save()
        current.commitment_letter = attachment
        current.commitment_status = CommitmentStatus.CONFIRMED
        current.commitment_method = CommitmentMethod.LETTER
        current.decline_reason = ""
        current.responded_at = now
        current.link_nonce = uuid.uuid4()
        current.save()
        activity_record(
            actor=user,
            action="partner.letter_attached",
            target=current,
            scope=locked,
            details=file_details(attachment, detected),
        )
        touch(locked)
        # In quarantine until the antivirus says it is clean (services.scanning).
        queue_on_commit(SCAN_TASK, attachment_id=attachment.pk)
    except BaseException:
        # Nothing is recorded: do not leave an orphan file behind.
        attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment
