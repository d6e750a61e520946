"""Use cases on a dossier's partners and their commitments (design: Governance).

Like the other dossier services, each function is keyword-only and atomic: it
locks the dossier's row, checks that the user is an applicant of the dossier and
that the dossier can be edited, writes, bumps ``lock_version`` and queues emails
once the transaction commits. When it refuses, it raises an ``ApplicationError``
(or, for a refused file, a ``ValidationError``) with a French message and changes
nothing.

What asks a partner for a new answer (a new link, the old one stops working):

- changing what it commits to: its SIRET, its category or its role. An answer
  already given (confirmed or declined, by link or letter) goes back to
  "awaiting confirmation", and a letter on file is superseded;
- changing the contact email of a partner that has not confirmed: the new contact
  is invited, and the link sent to the old address stops working.

Fixing the name, the FINESS number or the contact person of a partner, or the
email of one that has confirmed, keeps its answer and sends nothing: the
organisation committed, not the person.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from calls.enums import DocumentType, PartnerCategory
from organisations.identifiers import (
    normalise_finess,
    normalise_siret,
    validate_finess,
    validate_siret,
)

from ..enums import CommitmentMethod, CommitmentStatus, MessageKind
from ..exceptions import ApplicationError
from ..models import Application, Attachment, Message, Partner
from ..partner_links import (
    PartnerLinkReused,
    PartnerLinkUnknown,
    commitment_closed_problem,
    partner_from_token,
    render_invitation,
)
from ..uploads import check_upload
from ._transactions import touch
from .dossiers import lock_for_editing

LETTER_TYPES = [DocumentType.PDF.value]
LETTER_MAX_SIZE_MB = 10
# Each invitation emails an address the applicant typed: bound how many.
MAX_PARTNERS = 60
RESEND_INTERVAL = timedelta(minutes=5)
# The fields that say what the partner commits to: changing one asks again.
COMMITMENT_FIELDS = ("siret", "category", "role")


class PartnerRefused(ApplicationError):
    default_message = gettext_lazy("The change to the governance was not recorded.")


class CommitmentClosed(ApplicationError):
    """The dossier no longer expects answers from its partners."""

    default_message = gettext_lazy(
        "This dossier no longer expects an answer: nothing was recorded."
    )


# Steps shared by the use cases -------------------------------------------------------


def _own_partner(application: Application, partner: Partner) -> Partner:
    found = application.partners.filter(pk=partner.pk).first()
    if found is None:
        raise PartnerRefused(_("This partner is no longer named in the dossier."))
    found.application = application
    return found


def clean_text(value, label: str, max_length: int, reasons: list[str]) -> str:
    """``value`` on one line; a reason is added when it is empty or too long."""
    value = " ".join(str(value or "").split())
    if not value:
        reasons.append(_("Fill in the field « %(label)s ».") % {"label": label})
    elif len(value) > max_length:
        reasons.append(
            _("The field « %(label)s » is too long: %(limit)d characters at most.")
            % {"label": label, "limit": max_length}
        )
    return value


def _identifier(value: str, validate, reasons: list[str]) -> str:
    try:
        validate(value)
    except ValidationError as error:
        reasons.extend(error.messages)
    return value


def _clean_partner(application: Application, data: dict, *, exclude=None) -> dict:
    """The partner's fields, normalised; refused with every reason at once."""
    reasons: list[str] = []
    cleaned = {
        "name": clean_text(data["name"], _("Organisation"), 255, reasons),
        "siret": _identifier(normalise_siret(data["siret"]), validate_siret, reasons),
        "finess": normalise_finess(data.get("finess") or ""),
        "category": str(data["category"] or ""),
        "role": clean_text(data["role"], _("Role in the governance"), 255, reasons),
        "contact_name": clean_text(
            data["contact_name"], _("Contact person"), 200, reasons
        ),
        "contact_email": str(data["contact_email"] or "").strip(),
    }
    if cleaned["finess"]:
        _identifier(cleaned["finess"], validate_finess, reasons)
    if cleaned["category"] not in PartnerCategory.values:
        reasons.append(_("Choose the category of the partner."))
    try:
        validate_email(cleaned["contact_email"])
    except ValidationError:
        reasons.append(_("Give a valid contact email address."))
    duplicates = application.partners.filter(
        siret=cleaned["siret"], category=cleaned["category"]
    ).exclude(pk=exclude)
    if not reasons and duplicates.exists():
        reasons.append(
            _("This organisation is already a partner of the dossier in this category.")
        )
    if reasons:
        raise PartnerRefused(reasons=reasons)
    return cleaned


def _supersede_letters(partner: Partner, at: datetime) -> None:
    partner.application.attachments.current().filter(
        question_key=f"partner:{partner.pk}"
    ).update(superseded_at=at)


# The invitation -----------------------------------------------------------------------


def _invite(partner: Partner, user, now: datetime) -> None:
    """Send the partner a new link: the previous one stops working.

    The dossier's thread records the invitation, without the link: the link is the
    partner's own, not the applicant's.
    """
    partner.link_nonce = uuid.uuid4()
    partner.invited_at = now
    partner.save(update_fields=["link_nonce", "invited_at"])
    subject, body, note = render_invitation(partner, now=now)
    Message.objects.create(
        application=partner.application,
        kind=MessageKind.NOTIFICATION,
        author=user,
        from_staff=False,
        subject=subject[: Message._meta.get_field("subject").max_length],
        body=note,
    )
    recipient = partner.contact_email

    def send() -> None:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])

    # The partner is recorded even if the mail server fails (logged): the
    # applicant can send the link again from the partners page.
    transaction.on_commit(send, robust=True)


# Partners -----------------------------------------------------------------------------


@transaction.atomic
def partner_add(
    *,
    application: Application,
    user,
    name: str,
    siret: str,
    finess: str = "",
    category: str,
    role: str,
    contact_name: str,
    contact_email: str,
) -> Partner:
    """Name a partner in the dossier and email it the link to confirm."""
    locked = lock_for_editing(application, user)
    if locked.partners.count() >= MAX_PARTNERS:
        raise PartnerRefused(
            _("A dossier names at most %(limit)d partners.") % {"limit": MAX_PARTNERS}
        )
    cleaned = _clean_partner(
        locked,
        {
            "name": name,
            "siret": siret,
            "finess": finess,
            "category": category,
            "role": role,
            "contact_name": contact_name,
            "contact_email": contact_email,
        },
    )
    partner = Partner.objects.create(application=locked, **cleaned)
    _invite(partner, user, timezone.now())
    touch(locked)
    return partner


@transaction.atomic
def partner_update(
    *,
    application: Application,
    user,
    partner: Partner,
    name: str,
    siret: str,
    finess: str = "",
    category: str,
    role: str,
    contact_name: str,
    contact_email: str,
) -> Partner:
    """Change a partner; see the module's docstring for what asks for a new answer."""
    locked = lock_for_editing(application, user)
    current = _own_partner(locked, partner)
    cleaned = _clean_partner(
        locked,
        {
            "name": name,
            "siret": siret,
            "finess": finess,
            "category": category,
            "role": role,
            "contact_name": contact_name,
            "contact_email": contact_email,
        },
        exclude=current.pk,
    )
    if all(getattr(current, field) == value for field, value in cleaned.items()):
        return current
    now = timezone.now()
    commitment_changed = any(
        getattr(current, field) != cleaned[field] for field in COMMITMENT_FIELDS
    )
    contact_changed = current.contact_email.lower() != cleaned["contact_email"].lower()
    for field, value in cleaned.items():
        setattr(current, field, value)
    if commitment_changed and current.commitment_status != CommitmentStatus.PENDING:
        _supersede_letters(current, now)
        current.commitment_status = CommitmentStatus.PENDING
        current.commitment_method = ""
        current.commitment_letter = None
        current.responded_at = None
    current.save()
    if commitment_changed or (
        contact_changed and current.commitment_status != CommitmentStatus.CONFIRMED
    ):
        _invite(current, user, now)
    touch(locked)
    return current


@transaction.atomic
def partner_remove(*, application: Application, user, partner: Partner) -> None:
    """Remove a partner; its link stops working and its letter is superseded."""
    locked = lock_for_editing(application, user)
    current = _own_partner(locked, partner)
    _supersede_letters(current, timezone.now())
    current.delete()
    touch(locked)


@transaction.atomic
def partner_invite(*, application: Application, user, partner: Partner) -> Partner:
    """Send the partner a new link (the previous one stops working)."""
    locked = lock_for_editing(application, user)
    current = _own_partner(locked, partner)
    if current.commitment_status == CommitmentStatus.CONFIRMED:
        raise PartnerRefused(
            _("This partner has already confirmed its commitment: no link is needed.")
        )
    now = timezone.now()
    if current.invited_at and now < current.invited_at + RESEND_INTERVAL:
        raise PartnerRefused(
            _(
                "A link was sent to this partner a few minutes ago: wait %(minutes)d "
                "minutes before sending another one."
            )
            % {"minutes": RESEND_INTERVAL.seconds // 60}
        )
    _invite(current, user, now)
    touch(locked)
    return current


@transaction.atomic
def partner_respond(*, token: str, accept: bool) -> Partner:
    """The partner's answer through its link: no account, the link is the proof.

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
    current.commitment_status = (
        CommitmentStatus.CONFIRMED if accept else CommitmentStatus.DECLINED
    )
    current.commitment_method = CommitmentMethod.LINK
    current.responded_at = timezone.now()
    current.link_nonce = uuid.uuid4()
    current.save()
    touch(locked)
    current.application = partner.application
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
    current = _own_partner(locked, partner)
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
        _supersede_letters(current, now)
        attachment.save()
        current.commitment_letter = attachment
        current.commitment_status = CommitmentStatus.CONFIRMED
        current.commitment_method = CommitmentMethod.LETTER
        current.responded_at = now
        current.link_nonce = uuid.uuid4()
        current.save()
        touch(locked)
    except BaseException:
        # Nothing is recorded: do not leave an orphan file behind.
        attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment
