"""The directory as open data (``docs/opendata-directory.md``): the services of a
search as CSV and JSON downloads, and the read-only JSON API of the services and
of the recognised filières.

A service's phone and email are its own lines, published by design; nothing
here names a person: a recognised filière names organisations only.
"""

from __future__ import annotations

from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET

from calls.enums import TerritoryLevel
from core.opendata import csv_response, json_response, paginate
from core.time import in_paris

from .enums import ServiceKind
from .forms import DirectorySearchForm
from .selectors import (
    recognised_filieres,
    search_services,
    service_for_page,
    territories_of_level,
)

# The columns of the CSV, and the keys of each service in the JSON, in order.
SERVICE_COLUMNS = (
    "identifiant",
    "nom",
    "type",
    "type_libelle",
    "description",
    "etablissement",
    "finess_et",
    "finess_ej",
    "siret",
    "adresse",
    "code_postal",
    "commune",
    "departement_code",
    "departement",
    "region_code",
    "region",
    "filiere_code",
    "filiere",
    "telephone",
    "courriel",
    "site_web",
    "adultes",
    "enfants",
    "lits",
    "horaires",
    "hors_horaires",
    "donnee_illustrative",
    "source",
    "finess_mis_a_jour_le",
    "mis_a_jour_le",
    "url",
)
FILENAME = "annuaire-soins-palliatifs"
# The labels of the data are French whatever the visitor's language.
DATA_LANGUAGE = "fr"


def service_record(service, request) -> dict:
    """A published service as open data (``SERVICE_COLUMNS``)."""
    departement = service.departement
    region = departement.parent
    filiere = service.filiere
    with translation.override(DATA_LANGUAGE):
        kind_label = str(service.get_kind_display())
    record = {
        "identifiant": service.pk,
        "nom": service.name,
        "type": service.kind,
        "type_libelle": kind_label,
        "description": service.description,
        "etablissement": service.organisation_name,
        "finess_et": service.finess_et,
        "finess_ej": service.finess_ej,
        "siret": service.siret,
        "adresse": service.address,
        "code_postal": service.postcode,
        "commune": service.commune,
        "departement_code": departement.code,
        "departement": departement.name,
        "region_code": region.code if region else "",
        "region": region.name if region else "",
        "filiere_code": filiere.code if filiere else "",
        "filiere": filiere.name if filiere else "",
        "telephone": service.phone,
        "courriel": service.email,
        "site_web": service.website,
        "adultes": service.serves_adults,
        "enfants": service.serves_children,
        "lits": service.beds if service.counts_beds else None,
        "horaires": service.hours,
        "hors_horaires": service.out_of_hours,
        "donnee_illustrative": service.illustrative,
        "source": service.source,
        "finess_mis_a_jour_le": service.finess_updated_on,
        "mis_a_jour_le": in_paris(service.updated_at).date(),
        "url": request.build_absolute_uri(
            reverse("directory:service", args=[service.pk, service.slug])
        ),
    }
    return {column: record[column] for column in SERVICE_COLUMNS}


def filiere_record(recognised, request) -> dict:
    """A recognised filière as open data: organisations only."""
    territory = recognised.territory
    return {
        "filiere_code": territory.code,
        "filiere": territory.name,
        "porteur": {"nom": recognised.lead.name, "famille": recognised.lead.family},
        "partenaires": [
            {"nom": partner.name, "famille": partner.family}
            for partner in recognised.partners
        ],
        "partenaires_non_nommes": [
            {"famille": item.family, "nombre": item.count}
            for item in recognised.counted
        ],
        "appel_reference": recognised.call.reference,
        "appel_titre": recognised.call.title,
        "reconnue_le": recognised.recognised_on,
        "url": request.build_absolute_uri(
            reverse("directory:filiere", args=[territory.pk, recognised.slug])
        ),
    }


def open_search_form(request) -> DirectorySearchForm:
    """The search of the downloads and the API: the page's parameters, any
    territory of the right level by its code, and ``region``."""
    return DirectorySearchForm(
        request.GET,
        kinds=ServiceKind.choices,
        filieres=territories_of_level(TerritoryLevel.FILIERE),
        departements=territories_of_level(TerritoryLevel.DEPARTEMENT),
        regions=territories_of_level(TerritoryLevel.REGION),
    )


def _services(form: DirectorySearchForm):
    """The services of ``form``'s valid filters (an invalid one is dropped, as
    on the page whose links these are)."""
    return search_services(**form.filters()).select_related("departement__parent")


@require_GET
def services_csv(request):
    """The services of the search as CSV (all of them for an empty search)."""
    services = _services(open_search_form(request))
    rows = (service_record(service, request).values() for service in services)
    return csv_response(f"{FILENAME}.csv", SERVICE_COLUMNS, rows)


@require_GET
def services_json(request):
    services = _services(open_search_form(request))
    results = [service_record(service, request) for service in services]
    return json_response(
        {"count": len(results), "results": results}, filename=f"{FILENAME}.json"
    )


@require_GET
def api_services(request):
    form = open_search_form(request)
    if not form.is_valid():  # never a silently wider answer
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    page, meta = paginate(request, _services(form))
    return json_response(
        {"meta": meta, "results": [service_record(s, request) for s in page]}
    )


@require_GET
def api_service(request, pk: int):
    service = service_for_page(pk)
    if service is None:
        raise Http404
    return json_response(service_record(service, request))


@require_GET
def api_filieres(request):
    page, meta = paginate(request, recognised_filieres())
    return json_response(
        {"meta": meta, "results": [filiere_record(item, request) for item in page]}
    )
