"""The « Résultats » section of a call page: absent before release, the
figures, laureates and filières after, no personal data, cached and renewed
on a correction, a fixed number of queries."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.results import filiere_rows, results_cache_key
from reviews import services
from reviews.models import Decision, ReleaseBatch
from reviews.selectors.results import call_results, results_state
from tests.cms.helpers import by_testid, soup
from tests.factories import CallPageFactory
from tests.factories.results import (
    CONTACT_EMAIL,
    CONTACT_NAME,
    LEGAL_REPRESENTATIVE,
    released_call,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def page_of(world):
    return CallPageFactory(call=world.call)


def test_nothing_shows_before_release(client):
    world = released_call(released=False)
    response = client.get(page_of(world).url)
    assert response.status_code == 200
    document = soup(response)
    assert by_testid(document, "results") is None
    assert "Résultats" not in response.content.decode()
    for dossier in world.dossiers:
        assert dossier.organisation.name not in response.content.decode()


def test_the_results_after_release(client):
    world = released_call(laureates=3, rejected=1, inadmissible=1)
    response = client.get(page_of(world).url)
    document = soup(response)
    section = by_testid(document, "results")
    assert section.h2.get_text(strip=True) == "Résultats"
    assert by_testid(section, "figure-received").get_text() == "5"
    assert by_testid(section, "figure-admissible").get_text() == "4"
    assert by_testid(section, "figure-accepted").get_text() == "3"
    assert by_testid(section, "figure-requested").get_text() == "750\xa0000\xa0€"
    assert by_testid(section, "figure-awarded").get_text() == "360\xa0000\xa0€"
    assert by_testid(section, "figure-median").get_text() == "123 jours"
    table = by_testid(section, "laureates")
    assert table.caption.get_text(strip=True) == (
        f"Les 3 lauréats de l'appel {world.call.reference}"
    )
    rows = table.select('[data-testid="laureate"]')
    assert [row["data-reference"] for row in rows] == [
        d.reference for d in world.dossiers[:3]
    ]
    first = rows[0]
    assert first.th["scope"] == "row"
    assert first.th.get_text(strip=True) == (
        f"{world.dossiers[0].organisation.name} (au dépôt)"
    )
    cells = [cell.get_text(" ", strip=True) for cell in first.select("td")]
    assert cells[1] == "Nord Finistère"
    assert "EMSP du territoire n°0" in cells[2]
    assert "1 partenaire de la famille « Professionnels de ville" in cells[2]
    assert cells[3:] == ["Retenu", "120\xa0000\xa0€", "24 mois"]
    assert all(th["scope"] == "col" for th in table.thead.select("th"))
    # The rejected and the inadmissible dossiers are not named.
    for dossier in world.dossiers[3:]:
        assert dossier.organisation.name not in response.content.decode()
    filieres = by_testid(section, "recognised-filieres")
    assert [
        [cell.get_text(strip=True) for cell in row.select("th, td")]
        for row in filieres.tbody.select("tr")
    ] == [
        [
            "Armor",
            "Côtes-d'Armor (22)",
            f"{world.dossiers[2].organisation.name} (au dépôt)",
        ],
        [
            "Cornouaille",
            "Finistère (29)",
            f"{world.dossiers[1].organisation.name} (au dépôt)",
        ],
        [
            "Nord Finistère",
            "Finistère (29)",
            f"{world.dossiers[0].organisation.name} (au dépôt)",
        ],
    ]
    downloads = by_testid(section, "results-downloads")
    hrefs = [a["href"] for a in downloads.select("a")]
    reference = world.call.reference
    assert hrefs == [
        f"/donnees/appels/{reference}/resultats.csv",
        f"/donnees/appels/{reference}/resultats.json",
        f"/donnees/api/v1/appels/{reference}/resultats/",
    ]  # no SCDL link: the authority has no SIRET
    assert by_testid(section, "results-licence").get_text(" ", strip=True) == (
        "Licence : Licence Ouverte / Open Licence version 2.0 (Etalab)"
    )


def test_no_personal_data_on_the_page(client):
    world = released_call(laureates=2)
    html = client.get(page_of(world).url).content.decode()
    for personal in (
        CONTACT_NAME,
        CONTACT_EMAIL,
        LEGAL_REPRESENTATIVE,
        "Jean Libéral",
        "jean.liberal@example.org",
        world.manager.email,
    ):
        assert personal not in html


def test_the_scdl_link_once_the_authority_has_a_siret(client):
    world = released_call(laureates=1)
    world.call.authority.siret = "13000804800017"
    world.call.authority.save()
    document = soup(client.get(page_of(world).url))
    link = by_testid(document, "scdl-csv")
    assert link["href"] == f"/donnees/subventions/{world.call.authority.slug}.csv"


def test_the_map_of_the_departements_covered(client):
    world = released_call(laureates=2, rejected=0)  # Nord Finistère, Cornouaille
    world.call.territories.add(world.territories["53"])
    world.call.save()  # a ParentalManyToManyField: saved with the call
    document = soup(client.get(page_of(world).url))
    figure = by_testid(document, "results-map")
    areas = {
        path["data-code"]: (path["data-category"], path.title.get_text())
        for path in figure.select("path[data-category]")
    }
    assert areas == {
        "22": ("not_recognised", "Côtes-d'Armor (22) : aucune filière reconnue"),
        "29": (
            "recognised",
            "Finistère (29) : couvert par Cornouaille, Nord Finistère",
        ),
        "35": ("not_recognised", "Ille-et-Vilaine (35) : aucune filière reconnue"),
        "56": ("not_recognised", "Morbihan (56) : aucune filière reconnue"),
    }
    assert figure.svg.title.get_text() == (
        "Départements couverts par les filières reconnues"
    )
    assert "core/maps.css" in str(document.head)


def test_no_map_for_another_kind_of_call(client):
    world = released_call(laureates=1, kind="maison_accompagnement")
    document = soup(client.get(page_of(world).url))
    assert by_testid(document, "results") is not None
    assert by_testid(document, "results-map") is None
    assert by_testid(document, "recognised-filieres") is None


def test_a_straddling_filiere_says_so():
    world = released_call(laureates=1, rejected=0)
    version = world.dossiers[0].versions.get()
    version.territories = [world.territories["BRE-CDB"].pk]
    version.save()
    rows = filiere_rows(call_results(world.call))
    assert [(r.filiere.name, r.departement) for r in rows] == [("Cœur de Breizh", None)]


def test_the_section_is_cached_and_renewed_by_a_correction(client):
    world = released_call(laureates=2, rejected=0)
    page = page_of(world)
    client.get(page.url)
    key = results_cache_key(world.call, results_state(world.call).version)
    assert 'data-testid="results"' in cache.get(key)
    # The page reads the cache: a marker put there shows.
    cache.set(key, '<p data-testid="results">depuis le cache</p>')
    assert "depuis le cache" in client.get(page.url).content.decode()
    # A correction (a new batch, its letter sent) makes a new version.
    accepted = world.accepted[0]
    services.decision_correct(
        decision=accepted,
        user=world.manager,
        reason="Erreur matérielle.",
        outcome="rejected",
        motivation="Hors champ.",
        confirm_withdrawal=True,
    )
    html = client.get(page.url).content.decode()
    assert "depuis le cache" not in html
    document = soup(client.get(page.url))
    references = [
        row["data-reference"] for row in document.select('[data-testid="laureate"]')
    ]
    assert references == [world.dossiers[1].reference]
    assert by_testid(document, "figure-accepted").get_text() == "1"
    assert "après" not in by_testid(document, "results-published").get_text()
    # Its letter sent: the page says the results were updated.
    batch = ReleaseBatch.objects.order_by("-pk").first()
    services.release_batch_process(batch=batch)
    document = soup(client.get(page.url))
    assert (
        "après la correction d'une décision"
        in by_testid(document, "results-published").get_text()
    )


def test_release_shows_the_results_at_once(client):
    """The section appears on the first view after the release: nothing was
    cached before it."""
    world = released_call(laureates=1, released=False)
    page = page_of(world)
    assert by_testid(soup(client.get(page.url)), "results") is None
    world.batch.items.update(status="done", done_at=world.call.closes_at)
    Decision.objects.filter(pk__in=[d.pk for d in world.decisions]).update(
        released_at=world.call.closes_at
    )
    assert by_testid(soup(client.get(page.url)), "results") is not None


def _count(client, url: str, *, warm: bool) -> int:
    client.get(url)  # per-process caches (site root paths, content types)
    if not warm:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("warm", [False, True], ids=["cold", "warm"])
def test_the_page_runs_a_fixed_number_of_queries(client, warm):
    counts = []
    for size in (3, 15):
        world = released_call(laureates=size, rejected=1)
        counts.append(_count(client, page_of(world).url, warm=warm))
    assert counts[0] == counts[1]
