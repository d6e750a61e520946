"""Use cases of an applicant's account: sign up, verify the email, resend."""

from __future__ import annotations

from functools import partial

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _

from .emails import AbsoluteUrl, send_verification_email
from .models import Registration
from .selectors import email_is_taken, normalise_email, user_awaiting_verification
from .tokens import email_verification_token_generator


class AccountError(Exception):
    """A refused account action; ``message`` is shown to the visitor."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def email_taken_message() -> str:
    return _(
        "An account already uses this email address. Sign in, reset your "
        "password if you forgot it, or ask for a new verification email if you "
        "never confirmed it."
    )


def account_signup(
    *,
    email: str,
    first_name: str,
    last_name: str,
    password: str,
    terms_accepted: bool,
    absolute_url: AbsoluteUrl,
) -> AbstractUser:
    """Open an inactive account and email it a verification link.

    The username is the lowercased email. The email leaves once the account is
    committed, so a link never points at an account that does not exist.
    """
    if not terms_accepted:
        raise AccountError(
            _("You must accept the terms of use to create an account."),
            code="terms_not_accepted",
        )
    email = normalise_email(email)
    if email_is_taken(email):
        raise AccountError(email_taken_message(), code="email_taken")
    user = get_user_model()(
        username=email,
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        is_active=False,
    )
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
            Registration.objects.create(user=user, terms_accepted_at=timezone.now())
    except IntegrityError:
        # Another sign-up with the same email won the race.
        raise AccountError(email_taken_message(), code="email_taken") from None
    transaction.on_commit(
        partial(send_verification_email, user=user, absolute_url=absolute_url),
        robust=True,
    )
    return user


def _user_from_uid(uidb64: str) -> AbstractUser | None:
    User = get_user_model()
    try:
        pk = force_str(urlsafe_base64_decode(uidb64))
        return User._default_manager.select_for_update().get(pk=pk)
    except (TypeError, ValueError, OverflowError, User.DoesNotExist, ValidationError):
        return None


@transaction.atomic
def account_verify(*, uidb64: str, token: str) -> AbstractUser:
    """Activate the account of a valid verification link, once."""
    user = _user_from_uid(uidb64)
    registration = (
        Registration.objects.select_for_update().filter(user=user).first()
        if user is not None
        else None
    )
    if (
        registration is None
        or user.is_active
        or not registration.is_awaiting_verification
        or not email_verification_token_generator.check_token(user, token)
    ):
        raise AccountError(
            _("This verification link is invalid, expired or already used."),
            code="invalid_link",
        )
    user.is_active = True
    user.save(update_fields=["is_active"])
    registration.email_verified_at = timezone.now()
    registration.save(update_fields=["email_verified_at"])
    return user


def account_verification_resend(*, email: str, absolute_url: AbsoluteUrl) -> None:
    """Send a new link if an account awaits verification under ``email``.

    Says nothing either way, so that nobody learns which emails have accounts.
    """
    user = user_awaiting_verification(email)
    if user is not None:
        send_verification_email(user=user, absolute_url=absolute_url)
