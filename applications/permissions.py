"""Who may do what on dossiers: ``(user, obj) -> bool`` predicates,
used by the services, the views and the templates alike."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from organisations.permissions import is_member

from .enums import ScanStatus

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


def is_submitted(application) -> bool:
    """Submitted at least once (it has a version): until then, a dossier is its
    applicants' draft."""
    return application.versions.exists()


def can_staff_read(user: User, application) -> bool:
    """A manager of the call (or an administrator) reads a dossier once it has
    been submitted: what was submitted, never a draft."""
    return is_submitted(application) and is_manager_of_call(user, application.call)


def can_view_application(user: User, application) -> bool:
    return is_applicant_of(user, application) or can_staff_read(user, application)


def attachment_quarantined(user: User, application, attachment) -> bool:
    """Quarantine (issue 13): staff never download a file the antivirus has not
    found clean; the dossier's applicants may fetch back their own pending upload,
    and nobody an infected one (its bytes are gone)."""
    if attachment.scan_status == ScanStatus.CLEAN:
        return False
    if attachment.scan_status == ScanStatus.PENDING:
        return not is_applicant_of(user, application)
    return True


def can_download_attachment(user: User, application, attachment) -> bool:
    """Applicants download their dossier's files; staff only those of a submitted
    version (a file uploaded since is the applicants' until they submit)."""
    if is_applicant_of(user, application):
        return True
    return can_staff_read(user, application) and attachment.versions.exists()
