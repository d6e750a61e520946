"""The services of the annuaire numérique and its Wagtail page.

A service is one palliative-care offer at one place: a USP, LISP beds, an EMSP,
an HAD… It names the establishment that runs it (FINESS ET and EJ, SIRET) but
never a person: its phone and email are the service's own, which is why the
whole directory is open data. ``search_key`` holds the folded text the public
search compares (``core.search``), so a search ignores accents alike on SQLite
and PostgreSQL.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from calls.enums import TerritoryLevel
from cms.page_context import build_context
from core.search import search_key
from organisations.identifiers import validate_finess, validate_siret

from .enums import BED_KINDS, AgeGroup, ServiceKind, ServiceSource

# What the public search reads, folded into ``search_key`` on save.
SEARCHED_FIELDS = (
    "name",
    "organisation_name",
    "address",
    "postcode",
    "commune",
    "finess_et",
    "finess_ej",
    "siret",
)


class Service(models.Model):
    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=255, editable=False)
    kind = models.CharField(_("kind"), max_length=30, choices=ServiceKind.choices)
    description = models.TextField(_("description"), blank=True)
    # The establishment that runs it.
    organisation_name = models.CharField(
        _("establishment"),
        max_length=255,
        help_text=_("Name of the establishment or body that runs the service."),
    )
    finess_et = models.CharField(
        _("FINESS (site)"),
        max_length=9,
        blank=True,
        validators=[validate_finess],
        help_text=_("FINESS number of the site (établissement, ET)."),
    )
    finess_ej = models.CharField(
        _("FINESS (legal entity)"),
        max_length=9,
        blank=True,
        validators=[validate_finess],
        help_text=_("FINESS number of the legal entity (entité juridique, EJ)."),
    )
    siret = models.CharField(
        _("SIRET"), max_length=14, blank=True, validators=[validate_siret]
    )
    # Where it is.
    address = models.CharField(_("address"), max_length=255, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    commune = models.CharField(_("commune"), max_length=120)
    departement = models.ForeignKey(
        "calls.Territory",
        verbose_name=_("département"),
        on_delete=models.PROTECT,
        related_name="directory_services",
        limit_choices_to={"level": TerritoryLevel.DEPARTEMENT},
    )
    filiere = models.ForeignKey(
        "calls.Territory",
        verbose_name=_("filière territory"),
        on_delete=models.PROTECT,
        related_name="filiere_services",
        null=True,
        blank=True,
        limit_choices_to={"level": TerritoryLevel.FILIERE},
    )
    # How to reach it: the service's own lines, never a person's.
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(
        _("email"),
        blank=True,
        help_text=_("The service's shared address, never a person's: it is published."),
    )
    website = models.URLField(_("website"), blank=True)
    # Who and when.
    serves_adults = models.BooleanField(_("adults"), default=True)
    serves_children = models.BooleanField(_("children"), default=False)
    beds = models.PositiveSmallIntegerField(
        _("beds"),
        null=True,
        blank=True,
        help_text=_("For a USP or identified beds (LISP): the number of beds."),
    )
    hours = models.TextField(_("opening hours"), blank=True)
    out_of_hours = models.TextField(
        _("nights, weekends and holidays"),
        blank=True,
        help_text=_("What happens outside opening hours (on-call line, HAD, SAMU…)."),
    )
    # Where the row comes from.
    illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("Demonstration data, shown as such on the public pages."),
    )
    published = models.BooleanField(_("published"), default=True)
    source = models.CharField(
        _("source"),
        max_length=20,
        choices=ServiceSource.choices,
        default=ServiceSource.MANUAL,
    )
    finess_updated_on = models.DateField(
        _("FINESS record updated on"), null=True, blank=True
    )
    search_key = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("palliative-care service")
        verbose_name_plural = _("palliative-care services")
        ordering = ["departement__code", "commune", "name"]
        constraints = [
            # The FINESS import's key: one service of a kind per site.
            models.UniqueConstraint(
                fields=["finess_et", "kind"],
                condition=~Q(finess_et=""),
                name="directory_service_unique_finess_kind",
            ),
            models.CheckConstraint(
                condition=Q(serves_adults=True) | Q(serves_children=True),
                name="directory_service_serves_someone",
            ),
        ]
        indexes = [models.Index(fields=["kind", "departement"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.commune})"

    def save(self, *args, **kwargs):
        self.slug = slugify(search_key(self.name))[:255] or "service"
        self.search_key = search_key(
            " ".join(str(getattr(self, field) or "") for field in SEARCHED_FIELDS)
        )
        super().save(*args, **kwargs)

    @property
    def age_groups(self) -> list[str]:
        groups = []
        if self.serves_adults:
            groups.append(AgeGroup.ADULTS)
        if self.serves_children:
            groups.append(AgeGroup.CHILDREN)
        return groups

    @property
    def counts_beds(self) -> bool:
        return self.kind in BED_KINDS

    def clean(self) -> None:
        errors = {}
        if self.departement_id and self.departement.level != TerritoryLevel.DEPARTEMENT:
            errors["departement"] = _("Choose a département.")
        if self.filiere_id and self.filiere.level != TerritoryLevel.FILIERE:
            errors["filiere"] = _("Choose a filière territory.")
        if not (self.serves_adults or self.serves_children):
            errors["serves_children"] = _("Tick adults, children or both.")
        if self.beds is not None and self.kind not in BED_KINDS:
            errors["beds"] = _("Only a USP or identified beds (LISP) count beds.")
        if errors:
            raise ValidationError(errors)


class DirectoryPage(Page):
    """The public entry of the directory: its text, then the search."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("directory page")

    def get_context(self, request, *args, **kwargs):
        # The search, its map and the recognised filières (``directory.views``).
        context = super().get_context(request, *args, **kwargs)
        return build_context(self, request, context)
