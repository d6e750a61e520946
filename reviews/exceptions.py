"""Errors raised by the reviews services; each carries a French message."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from applications.exceptions import ApplicationError


class ReviewError(ApplicationError):
    """A refused instruction action: nothing was changed."""

    default_message = _("This action was refused.")


class ReviewPermissionRefused(ReviewError):
    default_message = _("You are not allowed to do this in the instruction.")


class AssignmentRefused(ReviewError):
    default_message = _("This reviewer cannot be assigned to this dossier.")


class ConflictOfInterest(AssignmentRefused):
    default_message = _(
        "This reviewer has a declared tie with an organisation of the dossier."
    )


class DistributionImpossible(ReviewError):
    default_message = _("The dossiers cannot be distributed as asked.")


class AttestationRequired(ReviewError):
    default_message = _(
        "Attest first that you have no conflict of interest with this dossier."
    )


class ScoresInvalid(ReviewError):
    default_message = _("The grid contains errors: check the scores and comments.")

    def __init__(self, message=None, *, reasons=None, errors=None):
        super().__init__(message, reasons=reasons)
        # {criterion pk or "comment"/"recommendation": [French messages]}
        self.errors = dict(errors or {})


class ReviewLocked(ReviewError):
    default_message = _("This review is submitted: it can no longer be changed.")


class CompletionRefused(ReviewError):
    default_message = _("The review of this dossier cannot be completed yet.")


class DecisionRefused(ReviewError):
    default_message = _("This decision cannot be recorded.")

    def __init__(self, message=None, *, reasons=None, errors=None):
        super().__init__(message, reasons=reasons)
        # {field name: [French messages]}, for the form that posted it.
        self.errors = dict(errors or {})


class EnvelopeExceeded(DecisionRefused):
    default_message = _(
        "This amount takes the awards over the call's funding envelope: confirm it "
        "with a reason."
    )


class ReleaseRefused(ReviewError):
    default_message = _("These decisions cannot be released.")
