"""Who may see and act on the outbox: ``(user) -> bool`` predicates."""

from __future__ import annotations


def can_view_outbox(user) -> bool:
    """Administrators: the outbox holds every authority's emails. Managers see the
    emails of their own dossiers on each dossier's page."""
    return user.is_authenticated and user.is_active and user.is_superuser


def can_resend_email(user) -> bool:
    """Administrators only: a resend reaches outside the authority's dossiers."""
    return user.is_authenticated and user.is_active and user.is_superuser
