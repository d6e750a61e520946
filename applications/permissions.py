"""Who may do what on dossiers: ``(user, obj) -> bool`` predicates,
used by the services, the views and the templates alike."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from organisations.permissions import is_member

MANAGERS_GROUP = "Gestionnaires"
REVIEWERS_GROUP = "Instructeurs"

User = AbstractBaseUser | AnonymousUser


def _in_group(user: User, name: str) -> bool:
    return user.groups.filter(name=name).exists()


def is_staff_of_authority(user: User, authority) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return authority.staff.filter(pk=user.pk).exists()


def is_manager_of_call(user: User, call) -> bool:
    """A manager (gestionnaire) of the authority that issued the call."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return _in_group(user, MANAGERS_GROUP) and is_staff_of_authority(
        user, call.authority
    )


def is_applicant_of(user: User, application) -> bool:
    return is_member(user, application.organisation)


def can_view_application(user: User, application) -> bool:
    return is_applicant_of(user, application) or is_manager_of_call(
        user, application.call
    )
