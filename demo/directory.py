"""The demo's directory: its page, the illustrative services of Bretagne and
Auvergne-Rhône-Alpes, then the illustrative FINESS sample imported.

Services are found by name (each demo name is unique) and updated in place only
when a field differs, so a second run writes nothing. Once the FINESS import
has updated a service (``finess_updated_on`` set), its establishment fields are
the import's: the seed leaves them alone, and the import finds them unchanged.
Every demo service is ``illustrative``, the FINESS sample's too (it is
invented), so the public pages mark them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.utils.text import slugify
from wagtail.models import Site

import directory
from directory.enums import ServiceKind, ServiceSource
from directory.models import DirectoryPage, Service
from directory.services import ESTABLISHMENT_FIELDS, ImportReport, finess_import

from .pages import _child_page
from .specs import TerritoryKey
from .territories import BRETAGNE_FILIERES, DEPARTEMENT, FILIERE
from .texts import directory_ara as ara
from .texts import directory_bre as bre
from .texts import directory_common as common

FINESS_SAMPLE = Path(directory.__file__).resolve().parent / "data/finess_sample.csv"


@dataclass
class DirectoryResult:
    page: DirectoryPage
    services: int  # the demo's own
    written: int  # of them, created or changed by this run
    finess: ImportReport


def seed_directory(*, territories: dict[TerritoryKey, object]) -> DirectoryResult:
    page = _seed_page()
    wanted = [*_bretagne(territories), *_auvergne_rhone_alpes(territories)]
    names = [fields["name"] for fields in wanted]
    assert len(set(names)) == len(names), "demo service names must be unique"
    existing = {
        service.name: service
        for service in Service.objects.filter(
            name__in=names, source=ServiceSource.MANUAL
        ).select_related("departement", "filiere")
    }
    written = sum(_upsert(existing.get(fields["name"]), fields) for fields in wanted)
    report = finess_import(FINESS_SAMPLE, illustrative=True)
    return DirectoryResult(
        page=page, services=len(wanted), written=written, finess=report
    )


def _seed_page() -> DirectoryPage:
    home = Site.objects.get(is_default_site=True).root_page
    page, _changed = _child_page(
        home,
        DirectoryPage,
        common.PAGE_SLUG,
        {"title": common.PAGE_TITLE, "intro": common.PAGE_INTRO},
    )
    return page


def _upsert(service: Service | None, fields: dict) -> bool:
    """Create or update one service; whether it wrote anything."""
    if service is not None and service.finess_updated_on is not None:
        fields = {k: v for k, v in fields.items() if k not in ESTABLISHMENT_FIELDS}
    if service is None:
        service = Service(**fields)
    elif all(getattr(service, name) == value for name, value in fields.items()):
        return False
    else:
        for name, value in fields.items():
            setattr(service, name, value)
    service.full_clean(exclude=["slug"])
    service.save()
    return True


def _service(
    kind: ServiceKind,
    name: str,
    *,
    number: int,
    prefix: str,
    beds: int | None = None,
    children: bool = False,
    **fields,
) -> dict:
    """A demo service's fields: its kind's texts, an ARCEP fiction-range phone
    (``prefix`` and ``number``), a shared example.org address."""
    description, hours, out_of_hours = common.TEXTS[kind]
    return {
        "name": name,
        "kind": kind,
        "description": description,
        "hours": hours,
        "out_of_hours": out_of_hours,
        "phone": f"{prefix} {50 + number // 100} {number % 100:02d}",
        "email": f"{slugify(name)[:50]}@example.org",
        "beds": beds,
        "serves_adults": kind != ServiceKind.ERRSPP,
        "serves_children": children,
        "published": True,
        "illustrative": True,
        "source": ServiceSource.MANUAL,
        **fields,
    }


def _site(
    territories, dep, filiere, organisation, finess, postcode, commune, address=""
) -> dict:
    """Where a service is and who runs it."""
    return {
        "organisation_name": organisation,
        "finess_et": finess,
        "address": address,
        "postcode": postcode,
        "commune": commune,
        "departement": territories[DEPARTEMENT, dep],
        "filiere": territories[FILIERE, filiere],
    }


def _bretagne(territories) -> list[dict]:
    filiere_names = {code: name for code, name, _parent in BRETAGNE_FILIERES}
    services = []

    def add(kind, name, **fields):
        services.append(
            _service(kind, name, number=len(services), prefix="02 61 91", **fields)
        )

    for code, dep, place, lead, commune, postcode, finess, beds, street in bre.FILIERES:
        site = _site(territories, dep, code, lead, finess, postcode, commune, street)
        add(ServiceKind.USP, f"Unité de soins palliatifs {place}", beds=beds, **site)
        add(ServiceKind.EMSP, f"Équipe mobile de soins palliatifs {place}", **site)
        add(
            ServiceKind.TERRITORIAL_SUPPORT,
            f"Appui territorial de la filière {filiere_names[code]}",
            children=True,
            **{**site, "finess_et": ""},
        )
    for code, dep, name, organisation, commune, postcode, finess, street in bre.HAD:
        add(
            ServiceKind.HAD,
            name,
            children=True,
            **_site(
                territories, dep, code, organisation, finess, postcode, commune, street
            ),
        )
    return services


def _auvergne_rhone_alpes(territories) -> list[dict]:
    services = []

    def add(kind, name, **fields):
        services.append(
            _service(kind, name, number=len(services), prefix="04 65 71", **fields)
        )

    for dep, sites in ara.SITES.items():
        for place, establishment, commune, postcode, filiere, finess in sites:
            site = _site(
                territories, dep, filiere, establishment, finess, postcode, commune
            )
            if place in ara.USP_BEDS:
                beds = ara.USP_BEDS[place]
                add(
                    ServiceKind.USP,
                    f"Unité de soins palliatifs {place}",
                    beds=beds,
                    **site,
                )
            if place in ara.ANTENNAS:
                add(
                    ServiceKind.EMSP_ANTENNA,
                    f"Antenne de l'équipe mobile de soins palliatifs {place}",
                    **site,
                )
            else:
                add(
                    ServiceKind.EMSP,
                    f"Équipe mobile de soins palliatifs {place}",
                    **site,
                )
            if place in ara.ERRSPP:
                add(ServiceKind.ERRSPP, ara.ERRSPP[place], children=True, **site)
    return services
