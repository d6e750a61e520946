"""Choices of the shared models."""

from django.db import models
from django.utils.translation import pgettext_lazy


class OutboundEmailStatus(models.TextChoices):
    # pgettext: « envoyé » is masculine here (un courriel), unlike a dossier's states.
    PENDING = "pending", pgettext_lazy("outbound email status", "Pending")
    SENT = "sent", pgettext_lazy("outbound email status", "Sent")
    FAILED = "failed", pgettext_lazy("outbound email status", "Failed")
