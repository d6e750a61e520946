"""What a change of a call tells the rest of the site: the public pages that
show it are rendered again (core.page_cache)."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from core import page_cache

from .models import Authority, Call, Criterion, RequiredDocument, Territory

# What the call pages, the listings and the directory show of these.
SHOWN_ON_PUBLIC_PAGES = (Authority, Call, Criterion, RequiredDocument, Territory)


def connect() -> None:
    for model in SHOWN_ON_PUBLIC_PAGES:
        for signal in (post_save, post_delete):
            signal.connect(
                page_cache.invalidate,
                sender=model,
                dispatch_uid=f"calls.page_cache.{signal is post_save}.{model.__name__}",
            )
    m2m_changed.connect(
        page_cache.invalidate,
        sender=Call.territories.through,
        dispatch_uid="calls.page_cache.territories",
    )
