"""Wagtail pages of the public site and its settings."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from calls.enums import CallKind

from .blocks import BodyBlock, DownloadBlock, FaqItemBlock
from .page_context import build_context
from .permissions import CallPagePermissionTester


class Branding(models.TextChoices):
    STATE = "state", _("French State (DSFR, Marianne)")
    NEUTRAL = "neutral", _("Neutral (no Marianne, no République française block)")


@register_setting(icon="site")
class SiteIdentity(BaseSiteSetting):
    """Who runs the site and how it looks (design: Identity and branding)."""

    authority = models.ForeignKey(
        "calls.Authority",
        verbose_name=_("operating authority"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    site_title = models.CharField(_("site title"), max_length=120, default="Sillon")
    tagline = models.CharField(
        _("tagline"),
        max_length=200,
        blank=True,
        default="Appels à candidatures en soins palliatifs",
    )
    operator_name = models.CharField(
        _("operator's name in the header"),
        max_length=200,
        blank=True,
        help_text=_("Shown under the République française block, e.g. ARS Bretagne."),
    )
    branding = models.CharField(
        _("visual identity"),
        max_length=20,
        choices=Branding.choices,
        default=Branding.NEUTRAL,
        help_text=_("The State identity is reserved to State bodies such as an ARS."),
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    legal_notice = RichTextField(
        _("legal notice"), blank=True, features=["bold", "italic", "link"]
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("site_title"),
                FieldPanel("tagline"),
                FieldPanel("branding"),
                FieldPanel("operator_name"),
            ],
            heading=_("Identity"),
        ),
        FieldPanel("authority"),
        FieldPanel("contact_email"),
        FieldPanel("legal_notice"),
    ]

    class Meta:
        verbose_name = _("site identity")

    @property
    def is_state(self) -> bool:
        return self.branding == Branding.STATE


class HomePage(Page):
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    subpage_types = ["cms.CallIndexPage", "cms.StandardPage", "directory.DirectoryPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        return build_context(self, request, context)


class CallIndexPage(Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.CallPage"]

    class Meta:
        verbose_name = _("call index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        return build_context(self, request, context)


class CallPage(Page):
    """The public page of one call."""

    call = models.OneToOneField(
        "calls.Call",
        verbose_name=_("call"),
        on_delete=models.PROTECT,
        related_name="page",
    )
    body = StreamField(BodyBlock(), verbose_name=_("text of the call"), blank=True)
    documents = StreamField(
        [("download", DownloadBlock())],
        verbose_name=_("documents to download"),
        blank=True,
    )
    faq = StreamField(
        [("item", FaqItemBlock())],
        verbose_name=_("frequently asked questions"),
        blank=True,
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("call"),
        FieldPanel("body"),
        FieldPanel("documents"),
        FieldPanel("faq"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["cms.CallIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("call page")

    def clean(self) -> None:
        super().clean()
        if self.call_id:
            taken = CallPage.objects.filter(call_id=self.call_id).exclude(pk=self.pk)
            if taken.exists():
                raise ValidationError(
                    {"call": _("This call already has a public page.")}
                )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        return build_context(self, request, context)

    def permissions_for_user(self, user):
        """Reserved to the staff of the call's authority and to administrators
        (``cms.permissions``)."""
        return CallPagePermissionTester(user, self)


class StandardPage(Page):
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


__all__ = [
    "CallIndexPage",
    "CallKind",
    "CallPage",
    "HomePage",
    "SiteIdentity",
    "StandardPage",
]
