"""Read queries about accounts."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.db.models import Q


def normalise_email(email: str) -> str:
    """The form under which an applicant's email is stored and looked up."""
    return email.strip().lower()


def email_is_taken(email: str) -> bool:
    """Whether any account, applicant or staff, uses ``email`` (any case)."""
    email = normalise_email(email)
    return (
        get_user_model()
        ._default_manager.filter(Q(username__iexact=email) | Q(email__iexact=email))
        .exists()
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
