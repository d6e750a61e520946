"""Who may do what on an organisation: ``(user, organisation) -> bool``."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from .enums import MembershipRole, MembershipStatus

User = AbstractBaseUser | AnonymousUser


def is_member(user: User, organisation) -> bool:
    """An active member of the organisation."""
    if not user.is_authenticated or organisation is None:
        return False
    return organisation.memberships.filter(
        user_id=user.pk, status=MembershipStatus.ACTIVE
    ).exists()


def is_organisation_admin(user: User, organisation) -> bool:
    """An active member of the organisation with the administrator role."""
    if not user.is_authenticated or organisation is None:
        return False
    return organisation.memberships.filter(
        user_id=user.pk, status=MembershipStatus.ACTIVE, role=MembershipRole.ADMIN
    ).exists()
