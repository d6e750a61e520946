"""Calls for applications and what they are made of.

A call (``Call``) is issued by an authority (``Authority``), covers territories
(``Territory``), asks a questionnaire, a list of documents (``RequiredDocument``),
a governance (``GovernanceRule``) and is scored on a grid (``Criterion``).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from organisations.identifiers import validate_siret

from .blocks import QuestionnaireBlock
from .enums import CallKind, CallStatus, DocumentType, PartnerCategory, TerritoryLevel
from .fields import MultipleChoiceJSONField
from .validators import (
    call_reference_validator,
    retention_years_validators,
    validate_strictly_positive,
)

# A territory's parent must be of the level just above (a filière may straddle
# départements, so it may hang from its region directly).
ALLOWED_PARENT_LEVELS = {
    TerritoryLevel.REGION: set(),
    TerritoryLevel.DEPARTEMENT: {TerritoryLevel.REGION},
    TerritoryLevel.FILIERE: {TerritoryLevel.REGION, TerritoryLevel.DEPARTEMENT},
}


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


class Territory(models.Model):
    name = models.CharField(_("name"), max_length=120)
    code = models.CharField(
        _("code"),
        max_length=20,
        help_text=_(
            "INSEE code for a region or a département, a short code for a filière."
        ),
    )
    level = models.CharField(_("level"), max_length=20, choices=TerritoryLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent territory"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["level", "code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "code"], name="territory_unique_code"
            ),
        ]

    def __str__(self) -> str:
        if self.level == TerritoryLevel.DEPARTEMENT:
            return f"{self.name} ({self.code})"
        return self.name

    def clean(self) -> None:
        allowed = ALLOWED_PARENT_LEVELS.get(self.level, set())
        if self.parent is None:
            if allowed:
                raise ValidationError(
                    {
                        "parent": _("A %(level)s must belong to a parent territory.")
                        % {"level": self.get_level_display().lower()}
                    }
                )
            return
        if self.parent.level not in allowed:
            raise ValidationError(
                {
                    "parent": _("A %(level)s cannot belong to a %(parent)s.")
                    % {
                        "level": self.get_level_display().lower(),
                        "parent": self.parent.get_level_display().lower(),
                    }
                }
            )
        if self.pk and self.parent_id == self.pk:
            raise ValidationError(
                {"parent": _("A territory cannot be its own parent.")}
            )


class Authority(models.Model):
    """The body issuing calls and signing decisions (an ARS)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=60)
    slug = models.SlugField(_("slug"), unique=True)
    region = models.ForeignKey(
        Territory,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        limit_choices_to={"level": TerritoryLevel.REGION},
        related_name="authorities",
    )
    address = models.TextField(_("postal address"))
    email = models.EmailField(_("contact email"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    signatory_name = models.CharField(_("signatory's name"), max_length=120)
    signatory_title = models.CharField(_("signatory's title"), max_length=200)
    # For the SCDL export of its awards (``idAttribuant``): blank until entered.
    siret = models.CharField(
        _("SIRET"),
        max_length=14,
        blank=True,
        validators=[validate_siret],
        help_text=_(
            "14 digits, without spaces. Needed to publish the awards in the SCDL "
            "format (données essentielles des subventions)."
        ),
    )
    court = models.CharField(
        _("competent administrative court"),
        max_length=120,
        help_text=_("For example: tribunal administratif de Rennes."),
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff"),
        blank=True,
        related_name="authorities",
        help_text=_("ARS staff who manage or review this authority's calls."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("authority")
        verbose_name_plural = _("authorities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name

    def clean(self) -> None:
        if self.region_id and self.region.level != TerritoryLevel.REGION:
            raise ValidationError(
                {"region": _("Choose a territory of the region level.")}
            )


class Call(index.Indexed, ClusterableModel):
    reference = models.CharField(
        _("reference"),
        max_length=40,
        unique=True,
        validators=[call_reference_validator],
    )
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=40, choices=CallKind.choices)
    authority = models.ForeignKey(
        Authority,
        verbose_name=_("issuing authority"),
        on_delete=models.PROTECT,
        related_name="calls",
    )
    summary = models.TextField(_("summary"), blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    envelope = models.DecimalField(
        _("funding envelope (€)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        null=True,
        blank=True,
    )
    expected_laureates = models.PositiveSmallIntegerField(
        _("expected number of laureates"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
    )
    min_reviews = models.PositiveSmallIntegerField(
        _("minimum number of reviews per dossier"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    spread_threshold = models.DecimalField(
        _("disagreement threshold (points on 100)"),
        max_digits=5,
        decimal_places=2,
        default=20,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_(
            "A dossier is flagged when its reviewers' totals differ by more than "
            "this many points."
        ),
    )
    peer_reviews_visible = models.BooleanField(
        _("reviewers see each other's reviews once theirs is submitted"),
        default=True,
    )
    normalisation_min_reviews = models.PositiveSmallIntegerField(
        _("reviews a reviewer needs for the normalised ranking"),
        default=5,
        validators=[MinValueValidator(2), MaxValueValidator(1000)],
        help_text=_(
            "A reviewer's totals are standardised (z-score) only when they have "
            "scored at least this many dossiers of the call."
        ),
    )
    lead_categories = MultipleChoiceJSONField(
        _("allowed categories of the lead organisation"),
        blank=True,
        item_choices=PartnerCategory.choices,
        help_text=_("Leave empty to accept a lead of any category."),
    )
    steering_body_required = models.BooleanField(
        _("steering body (comité de pilotage) required"), default=False
    )
    questionnaire = StreamField(
        QuestionnaireBlock(), verbose_name=_("questionnaire"), blank=True
    )
    territories = ParentalManyToManyField(
        Territory,
        verbose_name=_("territories covered"),
        blank=True,
        related_name="calls",
    )
    retention_years_accepted = models.PositiveSmallIntegerField(
        _("retention of accepted dossiers (years)"),
        null=True,
        blank=True,
        validators=retention_years_validators(),
        help_text=_(
            "How many years accepted dossiers are kept after the decision before "
            "their files and personal data are erased. Leave empty for the "
            "default (10 years)."
        ),
    )
    retention_years_other = models.PositiveSmallIntegerField(
        _("retention of other dossiers (years)"),
        null=True,
        blank=True,
        validators=retention_years_validators(),
        help_text=_(
            "How many years rejected, inadmissible and withdrawn dossiers are kept "
            "after the decision before their files and personal data are erased. "
            "Leave empty for the default (2 years)."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    search_fields = [
        index.SearchField("title"),
        index.SearchField("reference"),
        index.AutocompleteField("title"),
        index.AutocompleteField("reference"),
        index.FilterField("kind"),
        index.FilterField("authority_id"),
    ]

    class Meta:
        verbose_name = _("call for applications")
        verbose_name_plural = _("calls for applications")
        ordering = ["-opens_at", "reference"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="call_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.title}"

    def clean(self) -> None:
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("The closing date must be after the opening date.")
        known = set(PartnerCategory.values)
        unknown = [c for c in self.lead_categories or [] if c not in known]
        if unknown:
            errors["lead_categories"] = _(
                "Unknown partner category: %(categories)s."
            ) % {"categories": ", ".join(map(str, unknown))}
        if errors:
            raise ValidationError(errors)

    # Reading the clock -------------------------------------------------------

    # Python compares and subtracts datetimes sharing a tzinfo by their wall
    # clock, which is wrong across a daylight-saving change: compare in UTC.

    def is_open(self, at: datetime | None = None) -> bool:
        """Whether submission is open: ``opens_at <= at < closes_at``."""
        return self.status(at) == CallStatus.OPEN

    def status(self, at: datetime | None = None) -> CallStatus:
        at = _utc(at or timezone.now())
        if at < _utc(self.opens_at):
            return CallStatus.UPCOMING
        if at < _utc(self.closes_at):
            return CallStatus.OPEN
        return CallStatus.CLOSED

    def time_left(self, at: datetime | None = None) -> timedelta | None:
        """Time until closing while the call is open, otherwise ``None``."""
        at = _utc(at or timezone.now())
        return _utc(self.closes_at) - at if self.is_open(at) else None


class RequiredDocument(Orderable):
    call = ParentalKey(
        Call, on_delete=models.CASCADE, related_name="required_documents"
    )
    label = models.CharField(_("label"), max_length=200)
    help_text = models.TextField(_("help text"), blank=True)
    mandatory = models.BooleanField(_("mandatory"), default=True)
    allowed_types = MultipleChoiceJSONField(
        _("allowed file types"),
        item_choices=DocumentType.choices,
    )
    max_size_mb = models.PositiveSmallIntegerField(
        _("size limit (MB)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )

    class Meta(Orderable.Meta):
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        known = set(DocumentType.values)
        if not self.allowed_types:
            raise ValidationError(
                {"allowed_types": _("Choose at least one file type.")}
            )
        unknown = [t for t in self.allowed_types if t not in known]
        if unknown:
            raise ValidationError(
                {
                    "allowed_types": _("Unknown file type: %(types)s.")
                    % {"types": ", ".join(map(str, unknown))}
                }
            )

    def get_allowed_types_display(self) -> list[str]:
        labels = dict(DocumentType.choices)
        return [str(labels.get(t, t)) for t in self.allowed_types or []]


class GovernanceRule(Orderable):
    """How many partners of one category a dossier needs, and whether they confirm."""

    call = ParentalKey(Call, on_delete=models.CASCADE, related_name="governance_rules")
    category = models.CharField(
        _("partner category"), max_length=40, choices=PartnerCategory.choices
    )
    min_partners = models.PositiveSmallIntegerField(
        _("minimum number of partners"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    confirmation_required = models.BooleanField(
        _("each partner must confirm its commitment"), default=True
    )
    mandatory = models.BooleanField(_("blocks submission when not met"), default=True)

    class Meta(Orderable.Meta):
        verbose_name = _("governance rule")
        verbose_name_plural = _("governance rules")
        constraints = [
            models.UniqueConstraint(
                fields=["call", "category"], name="governance_rule_one_per_category"
            ),
        ]

    def __str__(self) -> str:
        return _("%(min)d partner(s): %(category)s") % {
            "min": self.min_partners,
            "category": self.get_category_display(),
        }


class Criterion(Orderable):
    """One line of a call's evaluation grid."""

    call = ParentalKey(Call, on_delete=models.CASCADE, related_name="criteria")
    label = models.CharField(_("criterion"), max_length=200)
    guidance = models.TextField(_("guidance for reviewers"), blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=6,
        decimal_places=2,
        validators=[validate_strictly_positive],
    )
    max_score = models.PositiveSmallIntegerField(
        _("maximum score"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )

    class Meta(Orderable.Meta):
        verbose_name = _("evaluation criterion")
        verbose_name_plural = _("evaluation criteria")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gt=0), name="criterion_weight_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(max_score__gt=0), name="criterion_max_score_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.label
