"""The directory's search (GET), shared by its page, its downloads and its API.

The territories are named by their code in the URL (``?departement=29``,
``?filiere=BRE-COR``): links stay readable and stable across databases.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import AgeGroup

SELECT = {"class": "fr-select"}
# The parameters of a search, in the order of the form; ``page`` is the list's.
SEARCH_PARAMS = ("q", "kind", "filiere", "departement", "age_group")
PAGE_PARAM = "page"


class DirectorySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        help_text=_("Name, establishment, commune, postcode or FINESS number"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "fr-input", "type": "search"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind of service"),
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    filiere = forms.ModelChoiceField(
        label=_("Filière"),
        required=False,
        queryset=None,
        to_field_name="code",
        empty_label=_("All filières"),
        widget=forms.Select(attrs=SELECT),
    )
    departement = forms.ModelChoiceField(
        label=_("Département"),
        required=False,
        queryset=None,
        to_field_name="code",
        empty_label=_("All départements"),
        widget=forms.Select(attrs=SELECT),
    )
    age_group = forms.ChoiceField(
        label=_("Age group"),
        required=False,
        choices=[("", _("Adults and children")), *AgeGroup.choices],
        widget=forms.Select(attrs=SELECT),
    )

    def __init__(self, *args, kinds, filieres, departements, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *kinds]
        self.fields["filiere"].queryset = filieres
        self.fields["departement"].queryset = departements
        if regions is not None:  # the API's and the downloads' filter
            self.fields["region"] = forms.ModelChoiceField(
                label=_("Region"),
                required=False,
                queryset=regions,
                to_field_name="code",
            )

    def filters(self) -> dict:
        """The valid filters, as ``search_services`` takes them. An invalid value
        (a stale link, a hand-edited URL) drops that filter only."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = self.cleaned_data
        filters = {
            "query": data.get("q") or "",
            "kind": data.get("kind") or "",
            "filiere": data.get("filiere"),
            "departement": data.get("departement"),
            "age_group": data.get("age_group") or "",
            "region": data.get("region"),
        }
        return {name: value for name, value in filters.items() if value}

    def params(self) -> dict[str, str]:
        """The valid filters as URL parameters, to carry them in links."""
        filters = self.filters()
        params = {
            "q": filters.get("query", ""),
            "kind": filters.get("kind", ""),
            "filiere": getattr(filters.get("filiere"), "code", ""),
            "departement": getattr(filters.get("departement"), "code", ""),
            "age_group": filters.get("age_group", ""),
        }
        return {name: value for name, value in params.items() if value}


def querystring(params: dict[str, str], **changes) -> str:
    """``params`` with ``changes`` (a falsy value removes the key), as ``?…``,
    or ``""`` when nothing is left."""
    merged = {**params, **changes}
    kept = {name: value for name, value in merged.items() if value}
    return f"?{urlencode(kept)}" if kept else ""


def kept_search(query_dict) -> dict[str, str]:
    """The search parameters (and the page) of a request, as given: a service
    page carries them back to the list it was opened from."""
    return {
        name: query_dict.get(name)[:200]
        for name in (*SEARCH_PARAMS, PAGE_PARAM)
        if query_dict.get(name)
    }
