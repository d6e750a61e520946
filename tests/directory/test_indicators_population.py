"""The shipped populations (directory/data, POPULATION.md) and the script that
derives them from @etalab/decoupage-administratif."""

import csv
import json
from datetime import date
from decimal import Decimal

from directory.data import build_population
from directory.indicator_selectors import DATA_DIR, population_table
from directory.indicators import ratio_text, usp_beds_per_100k


def test_the_shipped_populations_load():
    table = population_table(DATA_DIR)

    assert len(table.departements) == 101  # 96 metropolitan + 5 overseas
    assert len(table.regions) == 18
    assert (table.source.publisher, table.source.year) == ("INSEE", 2023)
    assert table.source.in_force_on == date(2026, 1, 1)
    assert table.source.via == "@etalab/decoupage-administratif 6.0.0"
    assert table.source.licence == "Licence Ouverte 2.0"


def test_the_shipped_totals_are_insee_s():
    table = population_table(DATA_DIR)
    france = sum(figure.population for figure in table.regions.values())
    without_mayotte = france - table.regions["06"].population

    assert 68_000_000 < france < 69_000_000
    # INSEE: « au 1er janvier 2023, la population de la France (hors Mayotte)
    # s'élève à 68 094 000 habitants », in thousands.
    assert round(without_mayotte, -3) == 68_094_000
    assert table.regions["84"].population == 8_205_557  # Auvergne-Rhône-Alpes
    assert table.regions["53"].population == 3_449_370  # Bretagne
    assert table.departements["35"].population == 1_120_666  # Ille-et-Vilaine
    assert table.departements["01"].population == 679_344  # Ain


def test_the_departements_add_up_to_their_region():
    with (DATA_DIR / "population_departements.csv").open(encoding="utf-8") as rows:
        regions = {row["code"]: row["region_code"] for row in csv.DictReader(rows)}
    table = population_table(DATA_DIR)
    sums: dict[str, int] = {}
    for code, region in regions.items():
        sums[region] = sums.get(region, 0) + table.departements[code].population

    assert sums == {code: fig.population for code, fig in table.regions.items()}


def test_mayotte_carries_its_2017_census():
    table = population_table(DATA_DIR)

    assert table.departements["976"].year == 2017
    assert table.regions["06"].year == 2017
    assert table.departements["29"].year == 2023
    assert dict(table.source.years_by_departement) == {"976": 2017}


def test_the_seed_s_regional_figure_comes_back_from_the_shipped_population():
    # ARA's roadmap: 2.7 USP beds per 100,000; with its 8,205,557 inhabitants
    # that is 222 beds (222 * 100,000 / 8,205,557 = 2.705…).
    population = population_table(DATA_DIR).regions["84"].population

    ratio = usp_beds_per_100k(222, population)

    assert ratio_text(ratio) == "2,7"
    assert Decimal("2.70") < ratio < Decimal("2.71")


# The derivation script --------------------------------------------------------------


def fake_package(root):
    """A package of four communes in two regions, and what must be left out."""
    data = root / "data"
    data.mkdir(parents=True)
    (root / "package.json").write_text(json.dumps({"version": "9.9.9"}))
    (data / "regions.json").write_text(
        json.dumps(
            [
                {"code": "53", "nom": "Bretagne", "zone": "metro"},
                {"code": "06", "nom": "Mayotte", "zone": "drom"},
                {"code": "988", "nom": "Nouvelle-Calédonie", "zone": "com"},
            ]
        )
    )
    (data / "departements.json").write_text(
        json.dumps(
            [
                {"code": "29", "nom": "Finistère", "region": "53", "zone": "metro"},
                {
                    "code": "35",
                    "nom": "Ille-et-Vilaine",
                    "region": "53",
                    "zone": "metro",
                },
                {"code": "976", "nom": "Mayotte", "region": "06", "zone": "drom"},
                {
                    "code": "988",
                    "nom": "Nouvelle-Calédonie",
                    "region": "988",
                    "zone": "com",
                },
            ]
        )
    )
    commune = {"type": "commune-actuelle", "zone": "metro", "region": "53"}
    (data / "communes.json").write_text(
        json.dumps(
            [
                {**commune, "departement": "29", "population": 100},
                {**commune, "departement": "29", "population": 50},
                {**commune, "departement": "35", "population": 1000},
                # Counted in their commune already, or not a département.
                {
                    **commune,
                    "departement": "35",
                    "population": 7,
                    "type": "arrondissement-municipal",
                },
                {**commune, "departement": "35", "type": "commune-deleguee"},
                {
                    "type": "commune-actuelle",
                    "zone": "drom",
                    "region": "06",
                    "departement": "976",
                    "population": 20,
                },
                {
                    "type": "commune-actuelle",
                    "zone": "com",
                    "region": "988",
                    "departement": "988",
                    "population": 5,
                },
                # A commune without a population (the TAAF's districts).
                {**commune, "departement": "35"},
            ]
        )
    )
    return root


def test_the_script_sums_the_current_communes(tmp_path):
    package = fake_package(tmp_path / "package")
    output = tmp_path / "out"
    output.mkdir()

    build_population.main([str(package), "--output", str(output)])

    assert (output / "population_departements.csv").read_text() == (
        "code,name,region_code,region_name,population,year\n"
        "29,Finistère,53,Bretagne,150,2023\n"
        "35,Ille-et-Vilaine,53,Bretagne,1000,2023\n"
        "976,Mayotte,06,Mayotte,20,2017\n"
    )
    assert (output / "population_regions.csv").read_text() == (
        "code,name,population,year\n53,Bretagne,1150,2023\n06,Mayotte,20,2017\n"
    )
    source = json.loads((output / "population_source.json").read_text())
    assert (source["via"], source["year"], source["in_force_on"]) == (
        "@etalab/decoupage-administratif 9.9.9",
        2023,
        "2026-01-01",
    )
    # What the selectors read back.
    table = population_table(output)
    assert table.regions["53"].population == 1150


def test_the_script_is_redoable(tmp_path):
    package = fake_package(tmp_path / "package")
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()

    build_population.build(package, first)
    build_population.build(package, second)

    for name in (
        "population_departements.csv",
        "population_regions.csv",
        "population_source.json",
    ):
        assert (first / name).read_bytes() == (second / name).read_bytes()
