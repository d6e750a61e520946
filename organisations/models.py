"""Organisations (SIRET, FINESS) and the people who act for them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import MembershipRole, MembershipStatus
from .identifiers import validate_finess, validate_siret


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=255)
    siret = models.CharField(
        _("SIRET"), max_length=14, unique=True, validators=[validate_siret]
    )
    finess = models.CharField(
        _("FINESS"),
        max_length=9,
        blank=True,
        validators=[validate_finess],
        help_text=_("Legal entity (EJ) or site (ET) number, when there is one."),
    )
    legal_status = models.CharField(_("legal status"), max_length=120, blank=True)
    address = models.TextField(_("address"), blank=True)
    legal_representative = models.CharField(
        _("legal representative"), max_length=200, blank=True
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="organisations"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        # The table kept its name when the model moved from ``applications``.
        db_table = "applications_organisation"

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=MembershipRole.choices,
        default=MembershipRole.MEMBER,
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=MembershipStatus.choices,
        default=MembershipStatus.PENDING,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        db_table = "applications_membership"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="membership_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation}"
