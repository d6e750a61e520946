"""The decision letters: each generation of a decision's letter is kept (a
corrected decision supersedes the earlier letter, which stays on record), and
numbered in one sequence per authority and year."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from calls.models import Authority
from core.storage import private_storage

from .committee import Decision


class LetterSequence(models.Model):
    """The last letter number an authority gave in a year."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "year"], name="letter_sequence_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.authority} {self.year}: {self.last}"


class DecisionLetter(models.Model):
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="letters"
    )
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    number = models.CharField(_("letter number"), max_length=60, unique=True)
    issued_on = models.DateField(_("dated"))
    file = models.FileField(
        _("letter"), storage=private_storage, upload_to="letters/%Y/%m/"
    )
    sha256 = models.CharField(max_length=64)
    generated_at = models.DateTimeField(_("generated at"))
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)
    notified_at = models.DateTimeField(
        _("notified at"), null=True, blank=True
    )  # the email announcing it was queued
    first_opened_at = models.DateTimeField(
        _("first opened by the applicant at"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("decision letter")
        verbose_name_plural = _("decision letters")
        ordering = ["decision", "generated_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "year", "sequence"],
                name="letter_number_per_authority_year",
            ),
            models.UniqueConstraint(
                fields=["decision"],
                condition=Q(superseded_at__isnull=True),
                name="letter_one_current_per_decision",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None
