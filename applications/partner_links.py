"""The signed, expiring links through which a partner answers (design: Governance),
and the invitation email that carries them.

A link carries the partner's id and its ``link_nonce``, signed with the project's
secret and timestamped (``django.core.signing``). It stops working when it is
tampered with, when it is older than ``settings.PARTNER_LINK_MAX_AGE`` (30 days by
default), when the partner is removed, and when the nonce changed: the partner
answered, its role changed, or a new link was sent.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.time import french_on_paris_clock

from .enums import ApplicationState
from .exceptions import ApplicationError
from .models import Application, Partner

SALT = "sillon.partner-commitment"
DEFAULT_MAX_AGE = timedelta(days=30)


class PartnerLinkError(ApplicationError):
    """The link cannot be used: nothing was changed."""

    default_message = gettext_lazy("This link cannot be used.")
    # The HTTP status of the page that says so.
    status = 400


class PartnerLinkTampered(PartnerLinkError):
    default_message = gettext_lazy(
        "This link is not valid: it may have been cut or changed when it was copied. "
        "Open the link exactly as it appears in the email you received."
    )
    status = 400


class PartnerLinkExpired(PartnerLinkError):
    default_message = gettext_lazy(
        "This link has expired. Ask the organisation leading the dossier to send "
        "you a new one."
    )
    status = 410


class PartnerLinkUnknown(PartnerLinkError):
    default_message = gettext_lazy(
        "This link no longer leads anywhere: your organisation is no longer named "
        "as a partner of this dossier."
    )
    status = 410


class PartnerLinkReused(PartnerLinkError):
    default_message = gettext_lazy(
        "This link has already been used, or a newer link has replaced it: it "
        "cannot be used again. If you need to change your answer, ask the "
        "organisation leading the dossier to send you a new link."
    )
    status = 410


def link_max_age() -> timedelta:
    return getattr(settings, "PARTNER_LINK_MAX_AGE", DEFAULT_MAX_AGE)


def partner_token(partner: Partner) -> str:
    """The signed token of the partner's current link."""
    return signing.dumps(
        {"p": partner.pk, "n": str(partner.link_nonce)}, salt=SALT, compress=False
    )


def read_token(token: str) -> tuple[int, str]:
    """The partner id and nonce the token carries; raises when tampered or expired."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=link_max_age())
    except signing.SignatureExpired:
        raise PartnerLinkExpired() from None
    except signing.BadSignature:
        raise PartnerLinkTampered() from None
    if (
        not isinstance(payload, dict)
        or not isinstance(payload.get("p"), int)
        or not isinstance(payload.get("n"), str)
    ):
        raise PartnerLinkTampered()
    return payload["p"], payload["n"]


def partner_from_token(token: str) -> Partner:
    """The partner the link was sent to, with its dossier, call and lead.

    Raises ``PartnerLinkTampered``, ``PartnerLinkExpired``, ``PartnerLinkUnknown``
    or ``PartnerLinkReused`` (a nonce that is no longer the partner's).
    """
    partner_id, nonce = read_token(token)
    partner = (
        Partner.objects.select_related(
            "application__call__authority", "application__organisation"
        )
        .filter(pk=partner_id)
        .first()
    )
    if partner is None:
        raise PartnerLinkUnknown()
    if str(partner.link_nonce) != nonce:
        raise PartnerLinkReused()
    return partner


def commitment_closed_problem(application: Application) -> str | None:
    """Why a partner can no longer answer for this dossier, or ``None``."""
    if application.state == ApplicationState.WITHDRAWN:
        return _(
            "The lead organisation has withdrawn this dossier: no answer is expected "
            "from its partners any more."
        )
    if application.state in {
        ApplicationState.INADMISSIBLE,
        ApplicationState.ACCEPTED,
        ApplicationState.REJECTED,
    }:
        return _(
            "The agency has decided on this dossier: the commitments of its partners "
            "can no longer change."
        )
    return None


# The invitation that carries the link ---------------------------------------------


def commitment_url(partner: Partner) -> str:
    """The absolute address of the partner's current link."""
    path = reverse("applications:partner_commitment", args=[partner_token(partner)])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def invitation_context(partner: Partner, *, now: datetime) -> dict:
    """What the partner's invitation (``emails/partner_invitation``) and its note
    in the dossier's thread say."""
    application = partner.application
    return {
        "partner": partner,
        "application": application,
        "call": application.call,
        "authority": application.call.authority,
        "organisation": application.organisation,
        "link": commitment_url(partner),
        "expires_at": now + link_max_age(),
    }


def render_invitation_note(context: dict) -> str:
    """The thread's record of an invitation, without the link: the link is the
    partner's own, not the applicant's."""
    with french_on_paris_clock():
        note = render_to_string("applications/partners/invitation_note.txt", context)
    return note.strip() + "\n"
