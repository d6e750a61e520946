"""The identifier question: a SIRET, SIREN or FINESS number of another body.

Checked by ``organisations.identifiers.clean_identifier``, the rule the
organisation form applies; stored normalised (digits, and 2A/2B for Corsica).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _

from organisations.identifiers import clean_identifier

HINTS = {
    "siret": lambda: _("14 digits, as on the Sirene register; spaces are allowed."),
    "siren": lambda: _("9 digits, as on the Sirene register; spaces are allowed."),
    "finess": lambda: _("9 characters: a département code and 7 digits."),
}


class IdentifierField(forms.CharField):
    def __init__(self, *, identifier: str, **kwargs):
        self.identifier = identifier if identifier in HINTS else "siret"
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        if self.identifier != "finess":
            self.widget.attrs["inputmode"] = "numeric"

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return ""
        return clean_identifier(self.identifier, value)


def identifier_field(settings: dict, call) -> tuple[forms.Field, str]:
    field = IdentifierField(identifier=str(settings.get("identifier") or "siret"))
    return field, HINTS[field.identifier]()
