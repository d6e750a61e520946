"""Use cases of an applicant's account: sign up, activate, resend, reset.

A password becomes usable on a self-registered account only through its
mailbox: sign-up stores no password, and the verification link leads to a page
where the person who received it chooses one (issue 8, pre-account takeover).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.models import AbstractUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .emails import (
    AbsoluteUrl,
    send_account_exists_email,
    send_password_reset_email,
    send_verification_email,
)
from .models import Registration
from .selectors import (
    is_awaiting_verification,
    normalise_email,
    user_awaiting_verification,
    user_by_email,
)
from .tokens import email_verification_token_generator


class AccountError(Exception):
    """A refused account action; ``message`` is shown to the visitor."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def invalid_link_error() -> AccountError:
    return AccountError(
        _("This verification link is invalid, expired or already used."),
        code="invalid_link",
    )


@transaction.atomic
def account_signup(
    *,
    email: str,
    first_name: str,
    last_name: str,
    terms_accepted: bool,
    absolute_url: AbsoluteUrl,
) -> None:
    """Open an inactive account without a password and email it a link.

    If the address already has an account, nothing is created and its owner is
    emailed instead (a new link if it was never verified, otherwise a reminder
    that the account exists), so that the visitor's answer is the same either
    way. The username is the lowercased email.
    """
    if not terms_accepted:
        raise AccountError(
            _("You must accept the terms of use to create an account."),
            code="terms_not_accepted",
        )
    email = normalise_email(email)
    existing = user_by_email(email)
    if existing is not None:
        _tell_the_owner(existing, absolute_url)
        return
    user = get_user_model()(
        username=email,
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        is_active=False,
    )
    user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
            Registration.objects.create(user=user, terms_accepted_at=timezone.now())
    except IntegrityError:
        # A simultaneous sign-up with the same email won the race and sent its
        # own link.
        return
    send_verification_email(user=user, absolute_url=absolute_url)


def _tell_the_owner(user: AbstractUser, absolute_url: AbsoluteUrl) -> None:
    if not user.email:
        return
    if is_awaiting_verification(user):
        send_verification_email(user=user, absolute_url=absolute_url)
    elif user.is_active:
        send_account_exists_email(user=user, absolute_url=absolute_url)
    # A deactivated account is told nothing: only an administrator reopens it.


@transaction.atomic
def account_activate(
    *,
    user: AbstractUser,
    token: str,
    password: str,
    first_name: str,
    last_name: str,
) -> AbstractUser:
    """Activate the account of a valid verification link with the password that
    the link's recipient has just chosen.

    Whatever password the account held before (none since sign-up stores none)
    is replaced, so that verifying never activates a password chosen by someone
    else. The link dies with it.
    """
    User = get_user_model()
    user = User._default_manager.select_for_update().filter(pk=user.pk).first()
    registration = (
        Registration.objects.select_for_update().filter(user=user).first()
        if user is not None
        else None
    )
    if (
        registration is None
        or not is_awaiting_verification(user)
        or not email_verification_token_generator.check_token(user, token)
    ):
        raise invalid_link_error()
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.set_password(password)
    user.is_active = True
    user.save(
        update_fields=["first_name", "last_name", "password", "is_active"],
    )
    registration.email_verified_at = timezone.now()
    registration.save(update_fields=["email_verified_at"])
    return user


@transaction.atomic
def account_verification_resend(*, email: str, absolute_url: AbsoluteUrl) -> None:
    """Send a new link if an account awaits verification under ``email``.

    Says nothing either way, so that nobody learns which emails have accounts.
    """
    user = user_awaiting_verification(email)
    if user is not None:
        send_verification_email(user=user, absolute_url=absolute_url)


@transaction.atomic
def account_password_reset(*, email: str, absolute_url: AbsoluteUrl) -> None:
    """Send a reset link to the active accounts of ``email``; an account that
    was never verified gets its verification link, which leads to choosing a
    password too. The visitor's answer is the same whatever happens."""
    for user in PasswordResetForm().get_users(email):
        send_password_reset_email(user=user, absolute_url=absolute_url)
    pending = user_awaiting_verification(email)
    if pending is not None:
        send_verification_email(user=pending, absolute_url=absolute_url)
