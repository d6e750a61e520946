"""Derive the populations of the départements and regions shipped with Sillon.

Usage, from the repository root (Python's standard library only)::

    npm pack @etalab/decoupage-administratif@6.0.0 && tar xzf etalab-*.tgz
    python directory/data/build_population.py package/

It reads the npm package ``@etalab/decoupage-administratif`` (its
``data/communes.json``, ``data/departements.json``, ``data/regions.json`` and
``package.json``) and writes, next to this script:

* ``population_departements.csv``: code, name, region_code, region_name,
  population, year, one row per département (metropolitan France and the five
  overseas départements: 101 rows);
* ``population_regions.csv``: code, name, population, year (18 rows);
* ``population_source.json``: where the figures come from, shown under the
  indicators' tables.

A population is the sum of the *population municipale* of the current communes
(``type == "commune-actuelle"``) of the area. The package takes it from INSEE's
*populations légales* (the ``PMUN`` column); Paris, Lyon and Marseille carry the
sum of their arrondissements, which are therefore not added again. The overseas
collectivities (``zone == "com"``: Saint-Pierre-et-Miquelon, Polynésie…) are
neither départements nor regions and are left out.

Mayotte has no *population légale* after its 2017 census: the package uses the
2017 figures for its communes, so its rows carry the year 2017.

Running it again on the same package writes the same files, byte for byte.
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent

# The millésime of the package's populations: the package's year 2026 links
# INSEE's « populations légales » in force on 1 January 2026, which are those of
# 1 January 2023 (see POPULATION.md for how this was checked).
YEAR = 2023
# Mayotte's communes carry INSEE's 2017 census in every version of the package.
YEARS_BY_DEPARTEMENT = {"976": 2017}
ZONES = {"metro", "drom"}  # départements and regions; "com" is left out
SOURCE_URL = "https://www.insee.fr/fr/statistiques/8680726"
PACKAGE_URL = "https://www.npmjs.com/package/@etalab/decoupage-administratif"

DEPARTEMENT_COLUMNS = ["code", "name", "region_code", "region_name", "population"]
REGION_COLUMNS = ["code", "name", "population"]


def read_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def sum_populations(communes: list[dict]) -> tuple[Counter, Counter]:
    """Population municipale by département code and by region code."""
    by_departement: Counter = Counter()
    by_region: Counter = Counter()
    for commune in communes:
        if commune.get("type") != "commune-actuelle":
            continue
        if commune.get("zone") not in ZONES:
            continue
        population = commune.get("population", 0)
        by_departement[commune["departement"]] += population
        by_region[commune["region"]] += population
    return by_departement, by_region


def departement_rows(
    departements: list[dict], regions: list[dict], populations: Counter, year: int
) -> list[dict]:
    region_names = {region["code"]: region["nom"] for region in regions}
    return [
        {
            "code": item["code"],
            "name": item["nom"],
            "region_code": item["region"],
            "region_name": region_names[item["region"]],
            "population": populations[item["code"]],
            "year": YEARS_BY_DEPARTEMENT.get(item["code"], year),
        }
        for item in departements
        if item.get("zone") in ZONES
    ]


def region_rows(
    regions: list[dict], departements: list[dict], populations: Counter, year: int
) -> list[dict]:
    # A region takes the year of its départements (Mayotte is a region alone).
    years = {
        item["region"]: YEARS_BY_DEPARTEMENT.get(item["code"], year)
        for item in departements
        if item.get("zone") in ZONES
    }
    return [
        {
            "code": item["code"],
            "name": item["nom"],
            "population": populations[item["code"]],
            "year": years.get(item["code"], year),
        }
        for item in regions
        if item.get("zone") in ZONES
    ]


def write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(
            handle, fieldnames=[*columns, "year"], lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows(rows)


def source(version: str, year: int) -> dict:
    return {
        "publisher": "INSEE",
        "dataset": "Populations légales (population municipale)",
        "year": year,
        # Millésime N comes into force on 1 January N + 3.
        "in_force_on": f"{year + 3}-01-01",
        "url": SOURCE_URL,
        "via": f"@etalab/decoupage-administratif {version}",
        "via_url": PACKAGE_URL,
        "licence": "Licence Ouverte 2.0",
        "licence_url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
        "years_by_departement": dict(sorted(YEARS_BY_DEPARTEMENT.items())),
    }


def build(package: Path, output: Path = HERE, year: int = YEAR) -> dict:
    """Write the three files into ``output``; return the source written."""
    data = package / "data"
    version = read_json(package / "package.json")["version"]
    regions = read_json(data / "regions.json")
    departements = read_json(data / "departements.json")
    by_departement, by_region = sum_populations(read_json(data / "communes.json"))
    write_csv(
        output / "population_departements.csv",
        DEPARTEMENT_COLUMNS,
        departement_rows(departements, regions, by_departement, year),
    )
    write_csv(
        output / "population_regions.csv",
        REGION_COLUMNS,
        region_rows(regions, departements, by_region, year),
    )
    written = source(version, year)
    (output / "population_source.json").write_text(
        json.dumps(written, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("package", type=Path, help="the unpacked npm package")
    parser.add_argument("--output", type=Path, default=HERE)
    parser.add_argument("--year", type=int, default=YEAR, help="INSEE millésime")
    arguments = parser.parse_args(argv)
    build(arguments.package, arguments.output, arguments.year)


if __name__ == "__main__":
    main()
