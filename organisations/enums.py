from django.db import models
from django.utils.translation import gettext_lazy as _


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("Member")
    ADMIN = "admin", _("Administrator of the organisation")


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    ACTIVE = "active", _("Active")


class IdentifierKind(models.TextChoices):
    """The identifiers an identifier question may ask for."""

    SIRET = "siret", _("SIRET number (14 digits)")
    SIREN = "siren", _("SIREN number (9 digits)")
    FINESS = "finess", _("FINESS number (9 characters)")
