"""The service's form in the Wagtail admin: only the territories of the user's
regions, identifiers typed with spaces accepted, a French word for each refusal."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from organisations.identifiers import normalise_finess, normalise_siret

from .models import Service
from .permissions import (
    departements_for,
    filieres_for,
    region_id_of,
    region_ids_of,
    regions_for,
)

IDENTIFIERS = ("finess_et", "finess_ej", "siret")
TYPED_LENGTH = 24


class ServiceAdminForm(WagtailAdminModelForm):
    """Offers, and accepts, only the départements and filières of the user's
    regions: a manager cannot place a service in another authority's region."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scoped = {
            "departement": (
                departements_for(self.for_user).select_related("parent"),
                _("Choose a département of your region."),
            ),
            "filiere": (
                filieres_for(self.for_user).select_related("parent"),
                _("Choose a filière territory of your region."),
            ),
        }
        for name, (queryset, message) in scoped.items():
            field = self.fields.get(name)
            if field is not None:
                field.queryset = queryset
                field.error_messages["invalid_choice"] = message
        # Identifiers may be typed with spaces, dots or dashes: their length is
        # checked once normalised (the model's validators).
        for name in IDENTIFIERS:
            field = self.fields.get(name)
            if field is not None:
                field.max_length = TYPED_LENGTH
                field.widget.attrs["maxlength"] = str(TYPED_LENGTH)
                field.validators = [
                    v for v in field.validators if not isinstance(v, MaxLengthValidator)
                ]

    def clean_finess_et(self) -> str:
        return normalise_finess(self.cleaned_data.get("finess_et", ""))

    def clean_finess_ej(self) -> str:
        return normalise_finess(self.cleaned_data.get("finess_ej", ""))

    def clean_siret(self) -> str:
        return normalise_siret(self.cleaned_data.get("siret", ""))

    def clean(self):
        cleaned = super().clean()
        departement = cleaned.get("departement")
        filiere = cleaned.get("filiere")
        if (
            departement
            and filiere
            and (region_id_of(filiere) != region_id_of(departement))
        ):
            self.add_error(
                "filiere", _("Choose a filière of the département's region.")
            )
        self._check_one_per_site(cleaned)
        return cleaned

    def _check_one_per_site(self, cleaned) -> None:
        """The database allows one service of a kind per FINESS site: say so in
        French before the constraint does in English."""
        finess_et, kind = cleaned.get("finess_et"), cleaned.get("kind")
        if not (finess_et and kind):
            return
        others = Service.objects.filter(finess_et=finess_et, kind=kind)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            self.add_error(
                "finess_et",
                _(
                    "The directory already has a service of this kind for this "
                    "FINESS site: edit that one, or check the number and the kind."
                ),
            )


class FinessImportForm(forms.Form):
    """A FINESS extraction to import, into one of the user's regions (any, or
    all at once, for an administrator)."""

    file = forms.FileField(
        label=_("FINESS extraction"),
        help_text=_(
            "The file etalab-cs1100507-stock-….csv of « FINESS Extraction du Fichier "
            "des établissements » on data.gouv.fr (ISO-8859-1 or UTF-8)."
        ),
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=None,
        required=False,
        help_text=_("Records of other regions are skipped."),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: show what the import would do, save nothing"),
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["region"]
        field.queryset = regions_for(user)
        if not user.is_superuser:
            # A manager imports into their own region only.
            field.required = True
            field.empty_label = None
            if len(region_ids_of(user)) == 1:
                field.initial = next(iter(region_ids_of(user)))
        else:
            field.empty_label = _("Every region")
