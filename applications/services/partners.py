"""Use cases on a dossier's partners and their commitments (design: Governance).

Like the other dossier services, each function is keyword-only and atomic: it
locks the dossier's row, checks that the user is an applicant of the dossier and
that the dossier can be edited, writes, bumps ``lock_version`` and queues emails
once the transaction commits. When it refuses, it raises an ``ApplicationError``
(or, for a refused file, a ``ValidationError``) with a French message and changes
nothing.

What asks a partner for a new answer (the link already sent stops working):

- changing what it commits to: its SIRET, its category or its role. An answer
  already given (confirmed or declined, by link or letter) goes back to
  "awaiting confirmation", and a letter on file is superseded;
- changing the contact email of a partner that has not confirmed.

Neither sends anything: the applicant sends the new link when ready
(``partner_invite``). Only naming a partner and that explicit action email it,
within limits, because each invitation emails an address the applicant typed
under the authority's name: a pause between two links to one partner, a few a
day per partner, and a cap a day per dossier (``INVITATION_LIMITS``, counted in
the activity log, so removing and naming a partner again, or changing its
contact email, does not reset them).

Fixing the name, the FINESS number or the contact person of a partner, or the
email of one that has confirmed, keeps its answer and sends nothing: the
organisation committed, not the person.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from calls.enums import PartnerCategory
from core.activity import activity_for, activity_record
from core.outbox import email_enqueue
from organisations.identifiers import (
    normalise_finess,
    normalise_siret,
    siren_of,
    validate_finess,
    validate_siret,
)

from ..enums import CommitmentStatus, MessageKind
from ..exceptions import ApplicationError
from ..models import Application, Message, Partner
from ..partner_links import (
    invitation_context,
    render_invitation_note,
)
from ._transactions import touch
from .dossiers import lock_for_editing

# Each invitation emails an address the applicant typed: bound how many.
MAX_PARTNERS = 60
RESEND_INTERVAL = timedelta(minutes=5)  # between two links to one partner
INVITATION_WINDOW = timedelta(hours=24)
MAX_INVITATIONS_PER_PARTNER = 3  # per partner within the window
MAX_INVITATIONS_PER_DOSSIER = 30  # per dossier within the window, all partners
# The fields that say what the partner commits to: changing one asks again.
COMMITMENT_FIELDS = ("siret", "category", "role")


class PartnerRefused(ApplicationError):
    default_message = gettext_lazy("The change to the governance was not recorded.")


# Steps shared by the use cases -------------------------------------------------------


def own_partner(application: Application, partner: Partner) -> Partner:
    """The dossier's own row of ``partner``, or a refusal if it was removed."""
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
    if not reasons:
        reasons += _same_organisation(application, cleaned, exclude)
    if reasons:
        raise PartnerRefused(reasons=reasons)
    return cleaned


def _same_organisation(application: Application, cleaned: dict, exclude) -> list[str]:
    """A partner is another organisation, named once: the legal entity (SIREN)
    decides, so another establishment of the lead or of a partner is refused."""
    siren = siren_of(cleaned["siret"])
    if siren == siren_of(application.organisation.siret):
        return [
            _(
                "The lead organisation cannot be its own partner: SIREN %(siren)s is "
                "the lead's. A partner is another organisation."
            )
            % {"siren": siren}
        ]
    other = (
        application.partners.filter(siret__startswith=siren)
        .exclude(pk=exclude)
        .order_by("pk")
        .first()
    )
    if other is not None:
        return [
            _(
                "%(name)s (SIREN %(siren)s) is already a partner of the dossier: an "
                "organisation is named once, in one category, even through another "
                "of its establishments."
            )
            % {"name": other.name, "siren": siren}
        ]
    return []


def supersede_letters(partner: Partner, at: datetime) -> None:
    """The partner's commitment letters on file stop being current."""
    partner.application.attachments.current().filter(
        question_key=f"partner:{partner.pk}"
    ).update(superseded_at=at)


# The fields ``commitment_reset`` clears, for a ``save(update_fields=...)``.
COMMITMENT_ANSWER_FIELDS = (
    "commitment_status",
    "commitment_method",
    "commitment_letter",
    "decline_reason",
    "responded_at",
)


def commitment_reset(partner: Partner) -> None:
    """The partner's answer is forgotten: it awaits confirmation (not saved)."""
    partner.commitment_status = CommitmentStatus.PENDING
    partner.commitment_method = ""
    partner.commitment_letter = None
    partner.decline_reason = ""
    partner.responded_at = None


# The invitation -----------------------------------------------------------------------


def _invitations(application: Application, since: datetime):
    return activity_for(application).filter(
        action="partner.invited", created_at__gt=since
    )


def _invitation_refusal(
    application: Application, partner: Partner | None, now: datetime
) -> str | None:
    """Why no invitation may be sent now, or ``None``."""
    since = now - INVITATION_WINDOW
    sent = _invitations(application, since)
    if partner is not None:
        to_partner = sent.filter(target_object_id=str(partner.pk))
        last = to_partner.order_by("-created_at").values_list("created_at", flat=True)
        last = last.first()
        if last is not None and now < last + RESEND_INTERVAL:
            return _(
                "A link was sent to this partner a few minutes ago: wait %(minutes)d "
                "minutes between two links."
            ) % {"minutes": RESEND_INTERVAL.seconds // 60}
        if to_partner.count() >= MAX_INVITATIONS_PER_PARTNER:
            return _(
                "%(count)d links were already sent to this partner within 24 hours: "
                "try again tomorrow, or upload its signed commitment letter."
            ) % {"count": MAX_INVITATIONS_PER_PARTNER}
    if sent.count() >= MAX_INVITATIONS_PER_DOSSIER:
        return _(
            "%(count)d invitations were already sent for this dossier within 24 "
            "hours: no more can be sent before tomorrow."
        ) % {"count": MAX_INVITATIONS_PER_DOSSIER}
    return None


def _invite(partner: Partner, user, now: datetime) -> None:
    """Send the partner a new link: the previous one stops working.

    The dossier's thread records the invitation, without the link: the link is the
    partner's own, not the applicant's.
    """
    partner.link_nonce = uuid.uuid4()
    partner.invited_at = now
    partner.save(update_fields=["link_nonce", "invited_at"])
    activity_record(
        actor=user,
        action="partner.invited",
        target=partner,
        scope=partner.application,
        details={"contact_email": partner.contact_email},
    )
    context = invitation_context(partner, now=now)
    # Sent once the transaction commits; if the mail server fails, the outbox
    # retries, and the applicant can also send a new link from the partners page.
    email = email_enqueue(
        to=[partner.contact_email],
        template="partner_invitation",
        context=context,
        context_ref=f"applications.application:{partner.application_id}",
        # One email per link, whatever retries or double submissions happen.
        dedup_key=f"partner-invitation:{partner.pk}:{partner.link_nonce}",
    )
    Message.objects.create(
        application=partner.application,
        kind=MessageKind.NOTIFICATION,
        author=user,
        from_staff=False,
        subject=email.subject[: Message._meta.get_field("subject").max_length],
        body=render_invitation_note(context),
    )


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
    now = timezone.now()
    refusal = _invitation_refusal(locked, None, now)
    if refusal:
        raise PartnerRefused(refusal)
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
    activity_record(
        actor=user,
        action="partner.added",
        target=partner,
        scope=locked,
        details={"siret": partner.siret, "category": partner.category},
    )
    _invite(partner, user, now)
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
    current = own_partner(locked, partner)
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
    changed = sorted(f for f, v in cleaned.items() if getattr(current, f) != v)
    for field, value in cleaned.items():
        setattr(current, field, value)
    if commitment_changed and current.commitment_status != CommitmentStatus.PENDING:
        supersede_letters(current, now)
        # The answer, a refusal too, was to the former terms.
        commitment_reset(current)
    new_link_needed = commitment_changed or (
        contact_changed and current.commitment_status != CommitmentStatus.CONFIRMED
    )
    if new_link_needed:
        # The link already sent stops working; the applicant sends the new one
        # (``partner_invite``): a change never emails by itself.
        current.link_nonce = uuid.uuid4()
        current.invited_at = None
    current.save()
    activity_record(
        actor=user,
        action="partner.changed",
        target=current,
        scope=locked,
        details={"fields": changed, "asked_again": new_link_needed},
    )
    touch(locked)
    return current


@transaction.atomic
def partner_remove(*, application: Application, user, partner: Partner) -> None:
    """Remove a partner; its link stops working and its letter is superseded."""
    locked = lock_for_editing(application, user)
    current = own_partner(locked, partner)
    supersede_letters(current, timezone.now())
    activity_record(
        actor=user,
        action="partner.removed",
        target=current,
        scope=locked,
        details={"siret": current.siret, "category": current.category},
    )
    current.delete()
    touch(locked)


@transaction.atomic
def partner_invite(*, application: Application, user, partner: Partner) -> Partner:
    """Send the partner a (new) link: the previous one stops working. Refused
    within the limits of ``_invitation_refusal``."""
    locked = lock_for_editing(application, user)
    current = own_partner(locked, partner)
    if current.commitment_status == CommitmentStatus.CONFIRMED:
        raise PartnerRefused(
            _("This partner has already confirmed its commitment: no link is needed.")
        )
    now = timezone.now()
    refusal = _invitation_refusal(locked, current, now)
    if refusal:
        raise PartnerRefused(refusal)
    _invite(current, user, now)
    touch(locked)
    return current
