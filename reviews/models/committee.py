"""What a committee session records: who sat (``Committee``,
``CommitteeMember``) and one decision per dossier (``Decision``, with its
``DecisionCondition``s).

Decisions are silent until they are released: no email, nothing the applicant
sees; until then a manager may correct them.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from calls.models import Call

from ..enums import ACCEPTANCES, CommitteeRole, DecisionOutcome


class Committee(models.Model):
    """A selection committee session of a call."""

    call = models.ForeignKey(
        Call,
        verbose_name=_("call for applications"),
        on_delete=models.PROTECT,
        related_name="committees",
    )
    held_at = models.DateTimeField(_("held on"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("committee session")
        verbose_name_plural = _("committee sessions")
        ordering = ["call", "held_at", "pk"]

    def __str__(self) -> str:
        return f"{self.call.reference} — {self.held_at:%Y-%m-%d}"


class CommitteeMember(models.Model):
    """A member present at the session: a staff user, or a person from outside
    (name only)."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=CommitteeRole.choices)
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["committee", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "user"],
                condition=Q(user__isnull=False),
                name="committee_member_once",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Decision(models.Model):
    """The committee's decision on a dossier, silent until released."""

    application = models.OneToOneField(
        Application,
        verbose_name=_("dossier"),
        on_delete=models.PROTECT,
        related_name="decision",
    )
    committee = models.ForeignKey(
        Committee,
        verbose_name=_("committee session"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    outcome = models.CharField(
        _("decision"), max_length=30, choices=DecisionOutcome.choices
    )
    amount = models.DecimalField(
        _("amount awarded (€)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    duration_months = models.PositiveSmallIntegerField(
        _("duration (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    motivation = models.TextField(_("reasons"), blank=True)
    opinion = models.TextField(_("committee's opinion"), blank=True)
    # Going over the call's envelope is confirmed with a reason (logged).
    over_envelope_reason = models.TextField(
        _("reason for going over the envelope"), blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["application"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome__in=ACCEPTANCES) | Q(amount__isnull=False),
                name="decision_accepted_has_amount",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=ACCEPTANCES) | Q(amount__isnull=True),
                name="decision_rejected_has_no_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application.reference}: {self.get_outcome_display()}"

    @property
    def is_accepted(self) -> bool:
        return self.outcome in ACCEPTANCES

    @property
    def is_released(self) -> bool:
        return self.released_at is not None


class DecisionCondition(models.Model):
    """A condition of an acceptance, with its due date, kept for follow-up."""

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="conditions"
    )
    text = models.TextField(_("condition"))
    due_on = models.DateField(_("due on"), null=True, blank=True)

    class Meta:
        verbose_name = _("condition")
        verbose_name_plural = _("conditions")
        ordering = ["decision", "pk"]

    def __str__(self) -> str:
        return self.text
