"""Filters of the directory's pages: they format a service already loaded."""

from __future__ import annotations

import re

from django import template
from django.utils.translation import gettext as _

register = template.Library()

NOT_DIALLED = re.compile(r"[^\d+]")


@register.filter
def tel_href(phone: str) -> str:
    """``02 99 00 00 00`` → ``tel:0299000000``."""
    return f"tel:{NOT_DIALLED.sub('', phone or '')}"


@register.filter
def age_groups_label(service) -> str:
    """Whom the service takes in: « Adultes », « Enfants » or both."""
    if service.serves_adults and service.serves_children:
        return _("Adults and children")
    if service.serves_children:
        return _("Children")
    return _("Adults")
