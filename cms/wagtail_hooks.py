"""The page explorer shows staff the call pages of their own authorities."""

from __future__ import annotations

from django.db.models import Q
from wagtail import hooks

from calls.permissions import authority_ids_of


@hooks.register("construct_explorer_page_queryset")
def hide_other_authorities_call_pages(parent_page, pages, request):
    user = request.user
    if user.is_superuser:
        return pages
    return pages.exclude(
        Q(callpage__isnull=False)
        & ~Q(callpage__call__authority_id__in=authority_ids_of(user))
    )
