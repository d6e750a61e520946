"""Date widgets of the admin, typed and shown the French way."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateTimeInput

FRENCH_DATETIME_FORMAT = "%d/%m/%Y %H:%M"


class FrenchDateTimeInput(AdminDateTimeInput):
    """Wagtail's date-time picker in jj/mm/aaaa hh:mm that keeps what was typed.

    The picker's default ``validateOnBlur`` replaces a value it cannot read by
    the current date and time when the field loses focus: a mistyped opening
    date silently became "now". Here the typed text stays, and the server
    refuses it with a message.
    """

    def __init__(self, attrs=None, **kwargs):
        attrs = {"placeholder": _("dd/mm/yyyy hh:mm"), **(attrs or {})}
        super().__init__(attrs=attrs, format=FRENCH_DATETIME_FORMAT, **kwargs)

    def get_config(self):
        return {**super().get_config(), "validateOnBlur": False}
