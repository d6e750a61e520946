"""The record of an applicant's sign-up: consent to the terms and email proof."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Registration(models.Model):
    """How an account was opened on the public site.

    Only accounts with a registration still awaiting verification may be
    activated by an email link: an account an administrator deactivated, or a
    staff account created inactive, never can.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="registration",
        verbose_name=_("user"),
    )
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    terms_accepted_at = models.DateTimeField(_("terms of use accepted at"))
    email_verified_at = models.DateTimeField(
        _("email verified at"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def is_awaiting_verification(self) -> bool:
        return self.email_verified_at is None
