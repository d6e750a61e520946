"""The release of decisions: a batch per release (or per correction, or per
inadmissibility notified at once), one item per decision, each done when its
letter is stored, the dossier's state moved and the applicant told."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from calls.models import Call

from ..enums import ReleaseItemStatus, ReleaseKind
from .committee import Decision
from .letters import DecisionLetter


class ReleaseBatch(models.Model):
    call = models.ForeignKey(
        Call,
        verbose_name=_("call for applications"),
        on_delete=models.PROTECT,
        related_name="release_batches",
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=ReleaseKind.choices, default=ReleaseKind.CALL
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("released at"), auto_now_add=True)

    class Meta:
        verbose_name = _("release of decisions")
        verbose_name_plural = _("releases of decisions")
        ordering = ["call", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.call.reference} — {self.created_at:%Y-%m-%d %H:%M}"


class ReleaseItem(models.Model):
    batch = models.ForeignKey(
        ReleaseBatch, on_delete=models.CASCADE, related_name="items"
    )
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="release_items"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ReleaseItemStatus.choices,
        default=ReleaseItemStatus.PENDING,
    )
    letter = models.ForeignKey(
        DecisionLetter,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(_("error"), blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("decision to release")
        verbose_name_plural = _("decisions to release")
        ordering = ["batch", "pk"]
        constraints = [
            # A decision waits in one release at a time.
            models.UniqueConstraint(
                fields=["decision"],
                condition=~Q(status="done"),
                name="release_item_one_open_per_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}/{self.decision_id}: {self.status}"
