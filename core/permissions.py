"""Who may see and act on the outbox: ``(user) -> bool`` predicates."""

from __future__ import annotations

from django.conf import settings


def can_view_outbox(user) -> bool:
    """Managers (the group named by ``SILLON_MANAGERS_GROUP``) and superusers:
    they answer applicants who say an email never arrived."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=settings.SILLON_MANAGERS_GROUP).exists()


def can_resend_email(user) -> bool:
    """Administrators only: a resend reaches outside the authority's dossiers."""
    return user.is_authenticated and user.is_active and user.is_superuser
