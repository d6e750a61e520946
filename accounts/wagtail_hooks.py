"""The two-factor settings, from the Wagtail admin's account page."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_account_menu_item")
def two_factor_account_menu_item(request):
    return {
        "url": reverse("two_factor:home"),
        "label": _("Two-factor authentication"),
        "help_text": _(
            "Your authenticator app and recovery codes: a code after your password."
        ),
    }
