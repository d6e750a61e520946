"""``{% proconnect_enabled as enabled %}``: whether to show the ProConnect button."""

from django import template

from accounts.oidc import proconnect_enabled as _enabled

register = template.Library()


@register.simple_tag
def proconnect_enabled() -> bool:
    return _enabled()
