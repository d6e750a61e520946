"""The public indicators page, /annuaire/indicateurs/, on the hand-computed world
(tests/factories/indicators.py; the figures are worked out in test_indicators.py).
"""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory.indicator_selectors import population_table, region_report_for
from directory.indicator_views import indicator_map
from directory.indicators import Place
from tests.factories.directory import ServiceFactory
from tests.factories.indicators import (
    hand_computed_world,
    region_territories,
    write_population,
)

pytestmark = pytest.mark.django_db

URL = reverse("directory_indicators:index")


@pytest.fixture(autouse=True)
def population(tmp_path, settings):
    settings.DIRECTORY_POPULATION_DIR = write_population(tmp_path / "population")


def plain(html: str) -> str:
    """Text without its tags, entities resolved, spaces (no-break ones too)
    collapsed."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def text(response) -> str:
    return plain(response.content.decode())


def row_text(response, code: str) -> str:
    html = response.content.decode()
    match = re.search(rf'<tr data-code="{code}"[^>]*>(.*?)</tr>', html, re.S)
    assert match, f"no row {code}"
    return plain(match[1])


def test_the_page_shows_the_region_s_table_to_anyone(client):
    hand_computed_world()

    response = client.get(URL, {"region": "53"})

    assert response.status_code == 200
    assert row_text(response, "35") == (
        "Ille-et-Vilaine (35) 1 000 000 2 22 2,2 3 8 6 4 2 (dont 1 antenne) 1 1"
    )
    assert row_text(response, "29") == "Finistère (29) 500 000 1 8 1,6 3 7 0 0 1 0 0"
    assert (
        row_text(response, "22") == "Côtes-d'Armor (22) 300 000 0 0 0,0 3 9 3 0 0 0 0"
    )
    assert row_text(response, "53") == (
        "Bretagne (total régional) 1 800 000 3 30 1,7 3 24 9 4 3 (dont 1 antenne) 1 1"
    )
    assert "<td>1\xa0800\xa0000</td>" in response.content.decode()
    page = text(response)
    assert "Lits d'USP par département, Bretagne" in page
    assert (
        "Population : INSEE, Populations de test, millésime 2023, en vigueur au "
        "1 janvier 2026, via un jeu d'essai." in page
    )
    assert "Chiffres calculés à partir de données en partie illustratives" not in page


def test_the_filieres_say_yes_and_no_in_words(client):
    hand_computed_world()

    response = client.get(URL, {"region": "53"})

    assert row_text(response, "F-A") == "Filière A oui (1) oui (1) oui (1)"
    assert row_text(response, "F-B") == "Filière B oui (1) oui (1) non"
    assert row_text(response, "F-C") == "Filière C non non non"
    page = text(response)
    assert "Filières sans USP : Filière C" in page
    assert "Filières sans HAD : Filière B, Filière C" in page


def test_illustrative_services_are_said_so(client):
    hand_computed_world(illustrative=True)

    response = client.get(URL, {"region": "53"})

    assert "Chiffres calculés à partir de données en partie illustratives." in text(
        response
    )


def test_the_first_region_by_name_is_shown_by_default(client):
    hand_computed_world()

    response = client.get(URL)

    assert response.context["region"].name == "Auvergne-Rhône-Alpes"
    assert [r.code for r in response.context["regions"]] == ["84", "53"]
    assert '<option value="53">Bretagne</option>' in response.content.decode()


def test_an_unknown_region_is_not_found(client):
    hand_computed_world()

    assert client.get(URL, {"region": "99"}).status_code == 404


def test_without_services_the_page_says_so(client):
    region_territories()

    response = client.get(URL)

    assert response.status_code == 200
    assert "Aucun service n'est encore publié dans l'annuaire." in text(response)


def test_the_page_s_queries_do_not_grow_with_the_services(client):
    world = hand_computed_world()
    territories = world.departements
    client.get(URL, {"region": "53"})  # warm the site's caches
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"region": "53"})
    for number in range(27):  # 13 counted services, then 40
        ServiceFactory(
            departement=territories[("35", "29", "22")[number % 3]],
            filiere=world.filieres["B"] if number % 2 else None,
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, {"region": "53"})

    assert len(few) == len(many)
    assert response.context["report"].total.usp_beds == 30 + 27 * 10


def test_the_map_draws_the_departements_by_band(client):
    world = hand_computed_world()
    report = region_report_for(
        Place(world.region.pk, "53", "Bretagne"), population=population_table()
    )

    drawn = indicator_map(report)

    assert [(row.code, row.category_label, row.label) for row in drawn.rows] == [
        ("22", "Aucun lit d'USP", "Côtes-d'Armor (22) : aucun lit d'USP"),
        (
            "29",
            "Moins de 2 lits pour 100\xa0000 habitants",
            "Finistère (29) : 1,6 lits d'USP pour 100\xa0000 habitants",
        ),
        (
            "35",
            "De 2 à moins de 3 lits pour 100\xa0000 habitants",
            "Ille-et-Vilaine (35) : 2,2 lits d'USP pour 100\xa0000 habitants",
        ),
    ]
    response = client.get(URL, {"region": "53"})
    assert 'data-testid="departements-map"' in response.content.decode()
