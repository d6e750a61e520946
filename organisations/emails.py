"""The emails of an organisation's requests to join: its administrators are told
of a request, the person who asked of the answer. Sent through the outbox
(``core.outbox``) once the change commits, each at most once (``dedup_key``).

Templates: ``templates/emails/membership_{requested,approved,rejected}/``.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from core.outbox import email_enqueue

from .enums import MembershipRole, MembershipStatus
from .models import Membership, Organisation


def admin_emails(organisation: Organisation) -> list[str]:
    """Emails of the organisation's active administrators."""
    emails = organisation.memberships.filter(
        role=MembershipRole.ADMIN,
        status=MembershipStatus.ACTIVE,
        user__is_active=True,
    ).values_list("user__email", flat=True)
    return sorted({email for email in emails if email})


def _context(membership: Membership) -> dict:
    site_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    organisation = membership.organisation
    user = membership.user
    return {
        "organisation": organisation,
        "membership": membership,
        "person": user.get_full_name() or user.get_username(),
        "person_email": user.email,
        "site_url": site_url,
        "espace_url": site_url + reverse("applications:home"),
        "organisation_url": site_url
        + reverse("organisations:detail", args=[organisation.pk]),
    }


def _enqueue(membership: Membership, event: str, to: list[str]) -> None:
    email_enqueue(
        to=to,
        template=f"membership_{event}",
        context=_context(membership),
        context_ref=f"organisations.organisation:{membership.organisation_id}",
        dedup_key=f"membership.{event}:{membership.pk}",
    )


def request_email_enqueue(membership: Membership) -> None:
    """Tell the organisation's administrators that someone asks to join it."""
    _enqueue(membership, "requested", admin_emails(membership.organisation))


def answer_email_enqueue(membership: Membership, *, approved: bool) -> None:
    """Tell the person who asked to join whether their request was approved."""
    _enqueue(
        membership,
        "approved" if approved else "rejected",
        [membership.user.email] if membership.user.is_active else [],
    )
