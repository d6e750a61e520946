"""Account emails: the verification link, the password reset link, and the
notice sent to the owner of an address someone tried to sign up with again.

Templates: ``templates/emails/<event>/{subject.txt,body.txt}``, rendered in
French and sent through the outbox (``core.outbox``). Links are absolute, built
by the caller from the request (``request.build_absolute_uri``), so they point at
the host the applicant used.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core.outbox import email_enqueue

from .tokens import email_verification_token_generator

AbsoluteUrl = Callable[[str], str]
"""Turns a path into an absolute URL, e.g. ``request.build_absolute_uri``."""


def uid_for(user: AbstractUser) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))


def link_valid_days() -> int:
    return max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)


@transaction.atomic
def _send(event: str, user: AbstractUser, context: dict) -> None:
    """Write the ``event`` email to the outbox; it is sent once the request's
    transaction commits, so that a mail server failure never shows (nor tells
    the visitor whether the account exists): the outbox retries it."""
    email_enqueue(
        to=[user.email],
        template=event,
        context={"valid_days": link_valid_days(), "user": user, **context},
        context_ref=f"auth.user:{user.pk}",
    )


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


def send_account_exists_email(*, user: AbstractUser, absolute_url: AbsoluteUrl) -> None:
    """Tell the owner of an account that someone tried to sign up with its email.

    Sign-up answers the same page whether or not the address has an account:
    only its owner learns, in their mailbox, that it already has one.
    """
    _send(
        "account_exists",
        user,
        {
            "login_url": absolute_url(reverse("login")),
            "reset_url": absolute_url(reverse("password_reset")),
        },
    )
