"""The demo's public pages and site identity.

Pages are found by slug under their parent. A new page is added to the tree
(``Page.save()`` runs ``full_clean()`` once it has its place) and published; an
existing page gets a new published revision only when its content changed, so a
second run adds no revision.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.management.base import CommandError
from wagtail.fields import StreamField
from wagtail.models import Page, Site

from calls.models import Authority, Call
from cms.models import (
    Branding,
    CallIndexPage,
    CallPage,
    HomePage,
    SiteIdentity,
    StandardPage,
)

from .authorities import ARS_BRETAGNE
from .calls import CALL_SPECS
from .streams import stream_data
from .texts import pages as texts
from .validation import clean_streams, stream_json, validated

CALL_INDEX_SLUG = "appels"
ABOUT_SLUG = "a-propos"
ACCESSIBILITY_SLUG = "accessibilite"


@dataclass
class PagesResult:
    call_pages: list[CallPage]
    published: int  # revisions published by this run


def seed_pages(*, calls: list[Call], authorities: dict[str, Authority]) -> PagesResult:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None or not isinstance(site.root_page.specific, HomePage):
        raise CommandError(
            "Le site par défaut doit avoir pour racine la page d'accueil : "
            "lancez d'abord « manage.py migrate »."
        )
    home = site.root_page.specific
    published = [
        _publish_if_changed(
            home,
            {
                "intro": texts.HOME_INTRO,
                "body": stream_data("home/body", texts.HOME_BODY),
            },
        )
    ]
    index, changed = _child_page(
        home,
        CallIndexPage,
        CALL_INDEX_SLUG,
        {"title": "Appels à candidatures", "intro": texts.CALL_INDEX_INTRO},
    )
    published.append(changed)

    call_pages = []
    by_reference = {call.reference: call for call in calls}
    for spec in CALL_SPECS:
        slug = spec.reference.lower()
        page, changed = _child_page(
            index,
            CallPage,
            slug,
            {
                "title": spec.title,
                "call": by_reference[spec.reference],
                "search_description": spec.search_description,
                "body": stream_data(f"{slug}/body", spec.body),
                "faq": stream_data(f"{slug}/faq", spec.faq),
            },
        )
        call_pages.append(page)
        published.append(changed)

    for slug, title, intro, body in (
        (ABOUT_SLUG, texts.ABOUT_TITLE, texts.ABOUT_INTRO, texts.ABOUT_BODY),
        (
            ACCESSIBILITY_SLUG,
            texts.ACCESSIBILITY_TITLE,
            texts.ACCESSIBILITY_INTRO,
            texts.ACCESSIBILITY_BODY,
        ),
    ):
        _page, changed = _child_page(
            home,
            StandardPage,
            slug,
            {
                "title": title,
                "intro": intro,
                "body": stream_data(f"{slug}/body", body),
            },
        )
        published.append(changed)

    _seed_site_identity(site, authorities[ARS_BRETAGNE])
    return PagesResult(call_pages=call_pages, published=sum(published))


def _child_page(
    parent: Page, model: type[Page], slug: str, fields: dict
) -> tuple[Page, bool]:
    """The ``model`` page ``slug`` under ``parent`` with ``fields``, published."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None and "call" in fields:
        # A call has one page: an editor may have renamed the demo's one.
        page = model.objects.child_of(parent).filter(call=fields["call"]).first()
    if page is not None:
        return page, _publish_if_changed(page, {**fields, "slug": slug})
    page = model(slug=slug, **fields)
    clean_streams(page)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def _comparable(page: Page, name: str) -> object:
    field = page._meta.get_field(name)
    if isinstance(field, StreamField):
        return stream_json(page, name)
    return field.value_from_object(page)


def _publish_if_changed(page: Page, fields: dict) -> bool:
    """Set ``fields`` and publish them, unless the live page already shows them."""
    before = {name: _comparable(page, name) for name in fields}
    for name, value in fields.items():
        setattr(page, name, value)
    validated(page)
    after = {name: _comparable(page, name) for name in fields}
    if before == after and page.live and not page.has_unpublished_changes:
        return False
    page.save_revision().publish()
    return True


def _seed_site_identity(site: Site, authority: Authority) -> SiteIdentity:
    # A public demo uses the neutral identity (design: Identity and branding).
    identity = SiteIdentity.objects.filter(site=site).first() or SiteIdentity(site=site)
    identity.authority = authority
    identity.branding = Branding.NEUTRAL
    for name, value in texts.SITE_IDENTITY.items():
        setattr(identity, name, value)
    validated(identity).save()
    return identity
