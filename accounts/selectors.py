"""Read queries about accounts."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.db.models import Q


def normalise_email(email: str) -> str:
    """The form under which an applicant's email is stored and looked up."""
    return email.strip().lower()


def user_by_email(email: str) -> AbstractUser | None:
    """The account, applicant or staff, that uses ``email`` (any case)."""
    email = normalise_email(email)
    return (
        get_user_model()
        ._default_manager.filter(Q(username__iexact=email) | Q(email__iexact=email))
        .select_related("registration")
        .order_by("pk")
        .first()
    )


def is_awaiting_verification(user: AbstractUser) -> bool:
    """Whether ``user`` signed up and never opened a verification link.

    An account an administrator deactivated, or a staff account created
    inactive, is not: no link can activate it.
    """
    registration = getattr(user, "registration", None)
    return (
        not user.is_active
        and registration is not None
        and registration.is_awaiting_verification
    )


def user_awaiting_verification(username: str) -> AbstractUser | None:
    """The inactive account signed up as ``username`` and never verified."""
    return (
        get_user_model()
        ._default_manager.filter(
            username__iexact=normalise_email(username),
            is_active=False,
            registration__email_verified_at__isnull=True,
        )
        .select_related("registration")
        .first()
    )
