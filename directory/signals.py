"""A service of the directory changed: the directory's cached pages are
rendered again (core.page_cache)."""

from django.db.models.signals import post_delete, post_save

from core import page_cache

from .models import Service


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(
            page_cache.invalidate,
            sender=Service,
            dispatch_uid=f"directory.page_cache.{signal is post_save}",
        )
