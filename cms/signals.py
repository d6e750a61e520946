"""What the public site's pages and settings tell the page cache: a page
published, unpublished, moved or deleted, or the site's identity changed,
and every cached page is rendered again (core.page_cache)."""

from django.db.models.signals import post_delete, post_save
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
    for model in (SiteIdentity, Site):
        post_delete.connect(
            page_cache.invalidate,
            sender=model,
            dispatch_uid=f"cms.page_cache.deleted.{model._meta.label}",
        )
    post_save.connect(
        page_cache.invalidate, sender=Site, dispatch_uid="cms.page_cache.site"
    )
