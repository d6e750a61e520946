"""The banner of a dossier's changes not yet submitted, for the pages whose
views do not compute them (partners, documents)."""

from __future__ import annotations

from django import template

from ..changes import grouped
from ..selectors import unsubmitted_changes_of, version_on_record

register = template.Library()


@register.inclusion_tag("applications/dossiers/includes/unsubmitted_changes.html")
def unsubmitted_changes_banner(application, full: bool = False) -> dict:
    changes = unsubmitted_changes_of(application)
    return {
        "application": application,
        "unsubmitted_changes": grouped(changes),
        "unsubmitted_count": len(changes),
        "record_version": version_on_record(application),
        "full": full,
    }
