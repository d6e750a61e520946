"""What the instruction of a dossier records.

An ``Assignment`` puts a reviewer on a dossier; the reviewer first attests that
they have no conflict of interest (or declares one), then fills a ``Review``:
one ``Score`` per criterion of the call's grid, a general comment and a
recommendation. Reviewers keep an ``InterestDeclaration`` per organisation they
have ties with. ``ReviewMessage`` is the reviewers' thread on a dossier,
``ConsensusNote`` the manager's note for the committee, and ``Consolidation``
the score frozen when the review of a dossier is completed.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from calls.models import Criterion

from ..enums import AssignmentStatus, InterestNature, Recommendation, ReviewStatus

siren_validator = RegexValidator(
    r"^\d{9}$", _("A SIREN is 9 digits (the first 9 digits of a SIRET).")
)


class AssignmentQuerySet(models.QuerySet):
    def active(self):
        """Assignments that count: not removed, no conflict declared."""
        return self.filter(
            status__in=[AssignmentStatus.PENDING, AssignmentStatus.ACCEPTED]
        )

    def current(self):
        """Not removed (a declared conflict stays on record and on view)."""
        return self.exclude(status=AssignmentStatus.REMOVED)


class Assignment(models.Model):
    application = models.ForeignKey(
        Application,
        verbose_name=_("dossier"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="review_assignments",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AssignmentStatus.choices,
        default=AssignmentStatus.PENDING,
        db_index=True,
    )
    due_at = models.DateTimeField(_("due date"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    accepted_at = models.DateTimeField(
        _("no conflict attested at"), null=True, blank=True
    )
    conflict_reason = models.TextField(_("conflict of interest"), blank=True)
    conflict_declared_at = models.DateTimeField(null=True, blank=True)
    # A conflict Sillon detected and a manager overrode as a false positive.
    conflict_override_reason = models.TextField(
        _("reason for overriding the detected conflict"), blank=True
    )
    removed_reason = models.TextField(_("reason for removal"), blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["application", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"],
                condition=~Q(status="removed"),
                name="assignment_one_current_per_reviewer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application.reference} — {self.reviewer}"

    @property
    def is_active(self) -> bool:
        return self.status in (AssignmentStatus.PENDING, AssignmentStatus.ACCEPTED)


class Review(models.Model):
    assignment = models.OneToOneField(
        Assignment, on_delete=models.CASCADE, related_name="review"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ReviewStatus.choices,
        default=ReviewStatus.DRAFT,
        db_index=True,
    )
    comment = models.TextField(_("general comment"), blank=True)
    recommendation = models.CharField(
        _("recommendation"), max_length=20, choices=Recommendation.choices, blank=True
    )
    # The reviewer's total on 100, computed when submitted (scoring.review_total).
    total = models.DecimalField(
        _("total on 100"), max_digits=7, decimal_places=4, null=True, blank=True
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft")
                | Q(total__isnull=False, submitted_at__isnull=False),
                name="review_submitted_has_total",
            ),
        ]

    def __str__(self) -> str:
        return str(self.assignment)

    @property
    def is_submitted(self) -> bool:
        return self.status == ReviewStatus.SUBMITTED


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="scores"
    )
    value = models.DecimalField(
        _("score"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"], name="score_one_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0),
                name="score_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class InterestDeclaration(models.Model):
    """A tie a reviewer declares with an organisation (by its SIREN)."""

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.CASCADE,
        related_name="interest_declarations",
    )
    organisation_name = models.CharField(_("organisation"), max_length=255)
    siren = models.CharField(
        _("SIREN"), max_length=9, validators=[siren_validator], db_index=True
    )
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    nature = models.CharField(
        _("nature of the tie"), max_length=20, choices=InterestNature.choices
    )
    details = models.TextField(_("details"), blank=True)
    since = models.DateField(_("since"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("declared interest")
        verbose_name_plural = _("declared interests")
        ordering = ["reviewer", "organisation_name", "pk"]

    def __str__(self) -> str:
        return f"{self.organisation_name} ({self.siren})"


class ReviewMessage(models.Model):
    """The thread of a dossier's reviewers (and its managers)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="review_messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reviewers' message")
        verbose_name_plural = _("reviewers' messages")
        ordering = ["application", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.application.reference} — {self.author}"


class ConsensusNote(models.Model):
    """The manager's note on a dossier for the committee."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="consensus_note"
    )
    text = models.TextField(_("consensus note"), max_length=10000)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("consensus note")
        verbose_name_plural = _("consensus notes")

    def __str__(self) -> str:
        return self.application.reference


class Consolidation(models.Model):
    """The consolidated score of a dossier, frozen when its review is completed."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="consolidation"
    )
    score = models.DecimalField(_("consolidated score"), max_digits=7, decimal_places=4)
    median = models.DecimalField(_("median"), max_digits=7, decimal_places=4)
    spread = models.DecimalField(_("spread"), max_digits=7, decimal_places=4)
    flagged = models.BooleanField(_("reviewers disagree"), default=False)
    reviews_count = models.PositiveSmallIntegerField(_("reviews"))
    frozen_at = models.DateTimeField(_("frozen at"))
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("consolidated score")
        verbose_name_plural = _("consolidated scores")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=100),
                name="consolidation_score_on_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application.reference}: {self.score}"
