"""Errors raised by the services; each carries a French message for the user."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class ApplicationError(Exception):
    """A refused action: nothing was changed."""

    default_message = _("This action was refused.")

    def __init__(self, message=None, *, reasons: list[str] | None = None):
        self.message = message or self.default_message
        self.reasons = list(reasons or [])
        super().__init__(str(self.message))

    def __str__(self) -> str:
        return str(self.message)


class PermissionRefused(ApplicationError):
    default_message = _("You are not allowed to do this on this dossier.")


class TransitionRefused(ApplicationError):
    default_message = _("This action is not possible in the dossier's current state.")


class ApplicationChanged(ApplicationError):
    default_message = _(
        "The dossier changed since you opened it: your action was not recorded. "
        "Reload the page to see its current state."
    )


class SubmissionRefused(ApplicationError):
    default_message = _("The dossier cannot be submitted yet.")


class CallClosed(ApplicationError):
    default_message = _("The call is closed: the deadline has passed.")


class CallNotOffered(ApplicationError):
    default_message = _(
        "This call is not offered to applicants: it is not published yet."
    )


class StorageUnavailable(ApplicationError):
    default_message = _(
        "The file could not be stored: the file storage is unavailable for the "
        "moment. Nothing was changed; please try again in a few minutes."
    )
