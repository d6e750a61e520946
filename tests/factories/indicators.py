"""The indicators' hand-computed world and its populations.

Populations (injected, not INSEE's): Ille-et-Vilaine (35) 1,000,000, Finistère
(29) 500,000, Côtes-d'Armor (22) 300,000, the region (53) 1,800,000.

Published services counted (the expected figures are worked out in
tests/directory/test_indicators.py):

=====  ==========================================================  ===========
dépt   services                                                    filière
=====  ==========================================================  ===========
35     USP 10 beds, LISP MCO 6 beds, LISP SMR 4 beds, EMSP          Filière A
       antenna, HAD
35     USP 12 beds, EMSP, ERRSPP                                   none
29     USP 8 beds, EMSP                                            Filière B
22     LISP MCO 3 beds                                             none
=====  ==========================================================  ===========

Not counted: an unpublished USP of 50 beds in 35, and a USP of 40 beds in
another region. Filière C has no service at all.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from calls.enums import TerritoryLevel
from calls.models import Territory
from directory.enums import ServiceKind

from .calls import TerritoryFactory
from .directory import ServiceFactory

DEPARTEMENTS = {
    "35": ("Ille-et-Vilaine", 1_000_000),
    "29": ("Finistère", 500_000),
    "22": ("Côtes-d'Armor", 300_000),
}
REGION = ("53", "Bretagne", 1_800_000)
YEAR = 2023


def write_population(
    directory: Path,
    departements: dict[str, tuple[str, int]] = DEPARTEMENTS,
    regions: tuple[tuple[str, str, int], ...] = (REGION,),
    years: dict[str, int] | None = None,
) -> Path:
    """The three files ``indicator_selectors.population_table`` reads."""
    years = years or {}
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / "population_departements.csv").open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(
            ["code", "name", "region_code", "region_name", "population", "year"]
        )
        for code, (name, population) in departements.items():
            writer.writerow(
                [code, name, REGION[0], REGION[1], population, years.get(code, YEAR)]
            )
    with (directory / "population_regions.csv").open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["code", "name", "population", "year"])
        for code, name, population in regions:
            writer.writerow([code, name, population, YEAR])
    (directory / "population_source.json").write_text(
        json.dumps(
            {
                "publisher": "INSEE",
                "dataset": "Populations de test",
                "year": YEAR,
                "in_force_on": "2026-01-01",
                "url": "https://www.insee.fr/fr/statistiques/8680726",
                "via": "un jeu d'essai",
                "via_url": "https://example.org/",
                "licence": "Licence Ouverte 2.0",
                "licence_url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
                "years_by_departement": years,
            }
        ),
        encoding="utf-8",
    )
    return directory


@dataclass
class IndicatorWorld:
    region: Territory
    departements: dict[str, Territory]
    filieres: dict[str, Territory]


def region_territories() -> IndicatorWorld:
    region = TerritoryFactory(
        level=TerritoryLevel.REGION, code=REGION[0], name=REGION[1]
    )
    departements = {
        code: TerritoryFactory(
            level=TerritoryLevel.DEPARTEMENT, code=code, name=name, parent=region
        )
        for code, (name, _) in DEPARTEMENTS.items()
    }
    filieres = {
        "A": TerritoryFactory(
            level=TerritoryLevel.FILIERE, code="F-A", name="Filière A", parent=region
        ),
        # A filière may hang from a département rather than the region.
        "B": TerritoryFactory(
            level=TerritoryLevel.FILIERE,
            code="F-B",
            name="Filière B",
            parent=departements["29"],
        ),
        "C": TerritoryFactory(
            level=TerritoryLevel.FILIERE, code="F-C", name="Filière C", parent=region
        ),
    }
    return IndicatorWorld(region, departements, filieres)


def hand_computed_world(*, illustrative: bool = False) -> IndicatorWorld:
    world = region_territories()
    d35, d29, d22 = (world.departements[code] for code in ("35", "29", "22"))
    a, b = world.filieres["A"], world.filieres["B"]

    def service(kind, departement, beds=None, filiere=None, **extra):
        return ServiceFactory(
            kind=kind, departement=departement, beds=beds, filiere=filiere, **extra
        )

    service(ServiceKind.USP, d35, 10, a, illustrative=illustrative)
    service(ServiceKind.LISP_MCO, d35, 6, a)
    service(ServiceKind.LISP_SMR, d35, 4, a)
    service(ServiceKind.EMSP_ANTENNA, d35, filiere=a)
    service(ServiceKind.HAD, d35, filiere=a)
    service(ServiceKind.USP, d35, 12)
    service(ServiceKind.EMSP, d35)
    service(ServiceKind.ERRSPP, d35, serves_children=True)
    service(ServiceKind.USP, d29, 8, b)
    service(ServiceKind.EMSP, d29, filiere=b)
    service(ServiceKind.LISP_MCO, d22, 3)
    # Not counted.
    service(ServiceKind.USP, d35, 50, a, published=False)
    elsewhere = TerritoryFactory(
        level=TerritoryLevel.DEPARTEMENT,
        code="69",
        name="Rhône",
        parent=TerritoryFactory(
            level=TerritoryLevel.REGION, code="84", name="Auvergne-Rhône-Alpes"
        ),
    )
    service(ServiceKind.USP, elsewhere, 40)
    return world
