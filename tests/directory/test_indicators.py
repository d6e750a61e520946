"""The indicators on a hand-computed fixture (tests/factories/indicators.py).

Worked out by hand, USP beds only, per 100,000 inhabitants:

* Ille-et-Vilaine (35): USP 10 + 12 = 22 beds for 1,000,000 inhabitants
  → 22 * 100,000 / 1,000,000 = 2.2; 3 * 1,000,000 / 100,000 = 30 beds
  recommended → 8 missing; band « 2 to under 3 ».
* Finistère (29): 8 beds for 500,000 → 8 * 100,000 / 500,000 = 1.6;
  3 * 5 = 15 recommended → 7 missing; band « under 2 ».
* Côtes-d'Armor (22): no USP → 0; 3 * 3 = 9 recommended → 9 missing; band
  « no USP bed » (its 3 LISP beds do not count).
* The region (53): 22 + 8 = 30 beds for 1,800,000 → 30 / 18 = 1.666… shown
  « 1,7 »; 3 * 18 = 54 recommended → 24 missing; LISP MCO 6 + 3 = 9, SMR 4;
  EMSP 1 + 1 antenna in 35, 1 in 29 → 3 including 1 antenna; HAD 1; ERRSPP 1.
* Filières: A has the 10-bed USP, the antenna and the HAD (yes, yes, yes);
  B the 8-bed USP and an EMSP but no HAD; C nothing.
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.enums import ServiceKind
from directory.indicator_selectors import (
    indicator_regions,
    population_table,
    region_report_for,
)
from directory.indicators import (
    BELOW,
    BETWEEN,
    MEETS,
    NONE,
    RECOMMENDED_USP_BEDS_PER_100K,
    BandedArea,
    BedsRow,
    Place,
    PopulationFigure,
    PopulationTable,
    Tally,
    band,
    beds_to_recommendation,
    departement_rows,
    filiere_rows,
    filieres_missing,
    ratio_text,
    region_report,
    usp_beds_per_100k,
)
from tests.factories.directory import ServiceFactory
from tests.factories.indicators import hand_computed_world, write_population

# The pure functions ------------------------------------------------------------


def test_the_recommendation_is_three_usp_beds_per_100000():
    assert RECOMMENDED_USP_BEDS_PER_100K == 3


@pytest.mark.parametrize(
    ("beds", "population", "expected"),
    [
        (22, 1_000_000, Decimal("2.2")),
        (8, 500_000, Decimal("1.6")),
        (0, 300_000, Decimal(0)),
        (3, 100_000, Decimal(3)),
        (5, None, None),
        (5, 0, None),
    ],
)
def test_usp_beds_per_100000(beds, population, expected):
    assert usp_beds_per_100k(beds, population) == expected


@pytest.mark.parametrize(
    ("beds", "population", "expected"),
    [
        (22, 1_000_000, 8),  # 30 recommended
        (8, 500_000, 7),  # 15
        (0, 300_000, 9),  # 9
        (30, 1_000_000, 0),  # reached exactly
        (40, 1_000_000, 0),  # beyond: nothing missing, never negative
        (0, 333_333, 10),  # 9.99999 beds recommended → 10 whole beds
        (1, None, None),
    ],
)
def test_beds_missing_to_reach_the_recommendation(beds, population, expected):
    assert beds_to_recommendation(beds, population) == expected


@pytest.mark.parametrize(
    ("beds", "ratio", "expected"),
    [
        (0, Decimal(0), NONE),
        (0, None, NONE),
        (8, Decimal("1.6"), BELOW),
        (19, Decimal("1.99"), BELOW),
        (20, Decimal(2), BETWEEN),  # 2 belongs to « 2 to under 3 »
        (22, Decimal("2.2"), BETWEEN),
        (29, Decimal("2.999"), BETWEEN),  # shown « 3,0 » but still under 3
        (30, Decimal(3), MEETS),
        (45, Decimal("4.5"), MEETS),
        (5, None, ""),  # beds but no population: not banded
    ],
)
def test_the_map_bands(beds, ratio, expected):
    assert band(beds, ratio) == expected


@pytest.mark.parametrize(
    ("ratio", "expected"),
    [
        (Decimal(30) / 18, "1,7"),  # 1.666…
        (Decimal("2.25"), "2,3"),  # half up, where Django would truncate
        (Decimal("2.2"), "2,2"),
        (Decimal(0), "0,0"),
        (Decimal("12345.6"), "12\xa0345,6"),
        (None, ""),
    ],
)
def test_ratio_text_is_french_with_one_decimal(ratio, expected):
    assert ratio_text(ratio) == expected


D35, D29, D22 = (
    Place(1, "35", "Ille-et-Vilaine"),
    Place(2, "29", "Finistère"),
    Place(3, "22", "Côtes-d'Armor"),
)
REGION = Place(10, "53", "Bretagne")
POPULATION = PopulationTable(
    departements={
        "35": PopulationFigure(1_000_000, 2023),
        "29": PopulationFigure(500_000, 2023),
        "22": PopulationFigure(300_000, 2023),
    },
    regions={"53": PopulationFigure(1_800_000, 2023)},
    source=None,
)
TALLIES = {
    (1, ServiceKind.USP): Tally(count=2, beds=22),
    (1, ServiceKind.LISP_MCO): Tally(count=1, beds=6),
    (1, ServiceKind.LISP_SMR): Tally(count=1, beds=4),
    (1, ServiceKind.EMSP): Tally(count=1),
    (1, ServiceKind.EMSP_ANTENNA): Tally(count=1),
    (1, ServiceKind.HAD): Tally(count=1),
    (1, ServiceKind.ERRSPP): Tally(count=1),
    (2, ServiceKind.USP): Tally(count=1, beds=8, illustrative=1),
    (2, ServiceKind.EMSP): Tally(count=1),
    (3, ServiceKind.LISP_MCO): Tally(count=1, beds=3),
}


def figures(row: BedsRow) -> tuple:
    return (
        row.code,
        row.usp_count,
        row.usp_beds,
        row.ratio_text,
        row.gap,
        row.band,
        row.lisp_mco_beds,
        row.lisp_smr_beds,
        row.emsp_count,
        row.emsp_antennas,
        row.had_count,
        row.errspp_count,
    )


def test_departement_rows_from_tallies():
    rows = departement_rows([D35, D29, D22], TALLIES, POPULATION)

    assert [figures(row) for row in rows] == [
        ("35", 2, 22, "2,2", 8, BETWEEN, 6, 4, 2, 1, 1, 1),
        ("29", 1, 8, "1,6", 7, BELOW, 0, 0, 1, 0, 0, 0),
        ("22", 0, 0, "0,0", 9, NONE, 3, 0, 0, 0, 0, 0),
    ]


def test_a_departement_without_population_has_no_ratio():
    rows = departement_rows([Place(4, "2A", "Corse-du-Sud")], {}, POPULATION)

    assert (rows[0].population, rows[0].ratio, rows[0].gap, rows[0].band) == (
        None,
        None,
        None,
        NONE,
    )


def test_the_region_total_uses_the_region_population():
    report = region_report(
        region=REGION,
        departements=[D35, D29, D22],
        filieres=[],
        departement_tallies=TALLIES,
        filiere_tallies={},
        population=POPULATION,
    )

    assert figures(report.total) == ("53", 3, 30, "1,7", 24, BELOW, 9, 4, 3, 1, 1, 1)
    assert report.total.ratio == Decimal(30) / 18
    assert report.illustrative is True


def test_filiere_presence_and_the_filieres_missing_a_service():
    a, b, c = Place(20, "F-A", "A"), Place(21, "F-B", "B"), Place(22, "F-C", "C")
    tallies = {
        (20, ServiceKind.USP): Tally(count=1, beds=10),
        (20, ServiceKind.EMSP_ANTENNA): Tally(count=1),  # an antenna is an EMSP
        (20, ServiceKind.HAD): Tally(count=2),
        (21, ServiceKind.USP): Tally(count=1, beds=8),
        (21, ServiceKind.EMSP): Tally(count=1),
        (21, ServiceKind.LISP_MCO): Tally(count=1, beds=4),  # not looked at
    }

    rows = filiere_rows([a, b, c], tallies)

    assert [
        (row.code, row.has_usp, row.usp_count, row.has_emsp, row.has_had, row.had_count)
        for row in rows
    ] == [
        ("F-A", True, 1, True, True, 2),
        ("F-B", True, 1, True, False, 0),
        ("F-C", False, 0, False, False, 0),
    ]
    missing = filieres_missing(rows)
    assert (missing.usp, missing.emsp, missing.had) == (("C",), ("C",), ("B", "C"))
    assert bool(missing) is True
    assert bool(filieres_missing(rows[:1])) is False


def test_the_map_areas_carry_their_band_and_a_label_in_words():
    report = region_report(
        region=REGION,
        departements=[D35, D29, D22, Place(4, "2A", "Corse-du-Sud")],
        filieres=[],
        departement_tallies={**TALLIES, (4, ServiceKind.USP): Tally(1, 5)},
        filiere_tallies={},
        population=POPULATION,
    )

    assert report.areas == [
        BandedArea(
            "35",
            "Ille-et-Vilaine (35) : 2,2 lits d'USP pour 100\xa0000 habitants",
            BETWEEN,
        ),
        BandedArea(
            "29", "Finistère (29) : 1,6 lits d'USP pour 100\xa0000 habitants", BELOW
        ),
        BandedArea("22", "Côtes-d'Armor (22) : aucun lit d'USP", NONE),
        BandedArea(
            "2A", "Corse-du-Sud (2A) : 5 lits d'USP, population non disponible", ""
        ),
    ]


# The selectors, on the database ---------------------------------------------------


@pytest.fixture
def population(tmp_path, settings):
    settings.DIRECTORY_POPULATION_DIR = write_population(tmp_path / "population")
    return population_table()


@pytest.mark.django_db
def test_the_report_from_the_database_matches_the_hand_computed_figures(population):
    world = hand_computed_world()
    region = Place(world.region.pk, "53", "Bretagne")

    report = region_report_for(region)

    assert [figures(row) for row in report.departements] == [
        ("22", 0, 0, "0,0", 9, NONE, 3, 0, 0, 0, 0, 0),
        ("29", 1, 8, "1,6", 7, BELOW, 0, 0, 1, 0, 0, 0),
        ("35", 2, 22, "2,2", 8, BETWEEN, 6, 4, 2, 1, 1, 1),
    ]
    assert figures(report.total) == ("53", 3, 30, "1,7", 24, BELOW, 9, 4, 3, 1, 1, 1)
    assert [
        (row.name, row.usp_count, row.emsp_count, row.had_count)
        for row in report.filieres
    ] == [("Filière A", 1, 1, 1), ("Filière B", 1, 1, 0), ("Filière C", 0, 0, 0)]
    assert report.missing.had == ("Filière B", "Filière C")
    assert report.illustrative is False
    assert report.source.dataset == "Populations de test"


@pytest.mark.django_db
def test_illustrative_services_are_flagged(population):
    world = hand_computed_world(illustrative=True)

    report = region_report_for(Place(world.region.pk, "53", "Bretagne"))

    assert report.illustrative is True


@pytest.mark.django_db
def test_the_regions_offered_are_those_with_published_services(population):
    world = hand_computed_world()
    empty = world.region.__class__.objects.create(
        level="region", code="11", name="Île-de-France"
    )
    # Only unpublished services there.
    ServiceFactory(
        departement=world.region.__class__.objects.create(
            level="departement", code="75", name="Paris", parent=empty
        ),
        published=False,
    )

    assert [(r.code, r.name) for r in indicator_regions()] == [
        ("84", "Auvergne-Rhône-Alpes"),
        ("53", "Bretagne"),
    ]


@pytest.mark.django_db
def test_the_report_takes_three_queries_whatever_the_services(population):
    world = hand_computed_world()
    region = Place(world.region.pk, "53", "Bretagne")
    with CaptureQueriesContext(connection) as few:
        region_report_for(region)
    for _ in range(30):
        ServiceFactory(departement=world.departements["35"], beds=1)
    with CaptureQueriesContext(connection) as many:
        report = region_report_for(region)

    assert (len(few), len(many)) == (3, 3)
    assert report.departements[2].usp_beds == 22 + 30
