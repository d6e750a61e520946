"""The page explorer shows staff the call pages of their own authorities; a
call page is never copied (each call has one public page)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks

from calls.permissions import authority_ids_of

from .models import CallPage


@hooks.register("construct_explorer_page_queryset")
def hide_other_authorities_call_pages(parent_page, pages, request):
    user = request.user
    if user.is_superuser:
        return pages
    return pages.exclude(
        Q(callpage__isnull=False)
        & ~Q(callpage__call__authority_id__in=authority_ids_of(user))
    )


@hooks.register("before_copy_page")
def refuse_copying_call_pages(request, page):
    """A copy of a call page, or of a page holding some, would be a second
    public page of their call, which ``CallPage.clean`` refuses."""
    copies_a_call_page = page.specific_class is CallPage or (
        request.method == "POST"
        and request.POST.get("copy_subpages")
        and CallPage.objects.descendant_of(page).exists()
    )
    if not copies_a_call_page:
        return None
    messages.error(
        request,
        _(
            "A call page cannot be copied: each call has one public page. Create "
            "the new call, then its page."
        ),
    )
    return redirect("wagtailadmin_explore", page.get_parent().pk)
