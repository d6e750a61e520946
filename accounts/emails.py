"""Account emails: the verification link and the password reset link.

Templates: ``templates/emails/<event>/{subject.txt,body.txt}``, rendered in
French. Links are absolute, built by the caller from the request
(``request.build_absolute_uri``), so they point at the host the applicant used.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .tokens import email_verification_token_generator

logger = logging.getLogger(__name__)

AbsoluteUrl = Callable[[str], str]
"""Turns a path into an absolute URL, e.g. ``request.build_absolute_uri``."""


def uid_for(user: AbstractUser) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))


def link_valid_days() -> int:
    return max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)


def render_account_email(event: str, context: dict) -> tuple[str, str]:
    """The French subject (one line) and body of the ``event`` email."""
    full_context = {"valid_days": link_valid_days(), **context}
    with translation.override("fr"):
        subject = render_to_string(f"emails/{event}/subject.txt", full_context)
        body = render_to_string(f"emails/{event}/body.txt", full_context)
    return " ".join(subject.split()), body.strip() + "\n"


def _send(event: str, user: AbstractUser, context: dict) -> None:
    subject, body = render_account_email(event, {"user": user, **context})
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    try:
        message.send()
    except Exception:
        # A failure must not tell the visitor whether the account exists; the
        # applicant can ask again.
        logger.exception("Failed to send the %s email to user %s", event, user.pk)


def verification_link(user: AbstractUser, absolute_url: AbsoluteUrl) -> str:
    token = email_verification_token_generator.make_token(user)
    return absolute_url(reverse("verify_email", args=(uid_for(user), token)))


def send_verification_email(*, user: AbstractUser, absolute_url: AbsoluteUrl) -> None:
    _send(
        "account_verification",
        user,
        {
            "link": verification_link(user, absolute_url),
            "resend_url": absolute_url(reverse("resend_verification")),
        },
    )


def send_password_reset_email(*, user: AbstractUser, absolute_url: AbsoluteUrl) -> None:
    token = default_token_generator.make_token(user)
    path = reverse("password_reset_confirm", args=(uid_for(user), token))
    _send(
        "password_reset",
        user,
        {
            "link": absolute_url(path),
            "reset_url": absolute_url(reverse("password_reset")),
        },
    )
