"""What the public site's pages and settings tell the page cache: a page
published, unpublished, moved or deleted, the site's identity or a document
changed, and every cached page is rendered again (core.page_cache)."""

from django.db.models.signals import post_delete, post_save
from wagtail.documents import get_document_model
from wagtail.models import Site, get_page_models
from wagtail.signals import page_published, page_unpublished, post_page_move

from core import page_cache

from .models import SiteIdentity


def on_settings_saved(sender, *, created: bool = False, **kwargs) -> None:
    # Wagtail creates the settings with their defaults on the first page that
    # reads them: that page already shows them.
    if not created:
        page_cache.invalidate()


def connect() -> None:
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(page_cache.invalidate, dispatch_uid="cms.page_cache.pages")
    # A draft saved changes nothing public (page_published is sent when it is).
    for model in get_page_models():
        post_delete.connect(
            page_cache.invalidate,
            sender=model,
            dispatch_uid=f"cms.page_cache.deleted.{model._meta.label}",
        )
    post_save.connect(
        on_settings_saved, sender=SiteIdentity, dispatch_uid="cms.page_cache.identity"
    )
    for model in (SiteIdentity, Site, get_document_model()):
        post_delete.connect(
            page_cache.invalidate,
            sender=model,
            dispatch_uid=f"cms.page_cache.deleted.{model._meta.label}",
        )
    # The site's root; a document's title, file or size, shown where pages
    # link to it.
    for model in (Site, get_document_model()):
        post_save.connect(
            page_cache.invalidate,
            sender=model,
            dispatch_uid=f"cms.page_cache.saved.{model._meta.label}",
        )
