"""Forms of the espace porteur for organisations: they validate, services write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .identifiers import (
    normalise_finess,
    normalise_siret,
    validate_finess,
    validate_siret,
)


class SiretField(forms.CharField):
    """A SIRET number typed with or without spaces, cleaned to its 14 digits."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("SIRET number"))
        kwargs.setdefault(
            "help_text", _("14 digits, as on the Sirene register; spaces are allowed.")
        )
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "off", "inputmode": "numeric"})

    def clean(self, value):
        value = super().clean(value)
        value = normalise_siret(value)
        validate_siret(value)
        return value


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name of the organisation"), max_length=255)
    siret = SiretField()
    finess = forms.CharField(
        label=_("FINESS number (optional)"),
        help_text=_(
            "9 characters: the legal entity (EJ) or site (ET) number, when the "
            "organisation has one."
        ),
        max_length=15,
        required=False,
    )
    legal_status = forms.CharField(
        label=_("Legal status"),
        help_text=_(
            "For example: association, établissement public de santé, SCIC, SAS."
        ),
        max_length=120,
    )
    address = forms.CharField(
        label=_("Postal address"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )
    legal_representative = forms.CharField(
        label=_("Legal representative"),
        help_text=_("Name and title of the person who legally represents it."),
        max_length=200,
    )

    def clean_finess(self) -> str:
        value = normalise_finess(self.cleaned_data.get("finess", ""))
        if value:
            validate_finess(value)
        return value


class JoinForm(forms.Form):
    siret = SiretField(
        help_text=_(
            "The SIRET number of the organisation you want to join; spaces are allowed."
        )
    )
