"""Errors raised by the organisation services; each carries a French message."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class OrganisationError(Exception):
    """A refused action on an organisation or a membership: nothing was changed."""

    default_message = _("This action was refused.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))

    def __str__(self) -> str:
        return str(self.message)


class OrganisationPermissionRefused(OrganisationError):
    default_message = _("You are not allowed to do this on this organisation.")


class OrganisationExists(OrganisationError):
    """The SIRET is already registered: the user may ask to join instead."""

    def __init__(self, message=None, *, organisation):
        self.organisation = organisation
        super().__init__(message)


class OrganisationNotFound(OrganisationError):
    """No organisation carries this SIRET: the user may create it instead."""
