"""A visitor reads the results of a released filière call in headless
Chromium: the figures, the laureates, the recognised filières, and downloads
the results as CSV. axe-core checks the page (screenshot
sillon-call-results.png in SCREENSHOTS)."""

import pytest
from django.core.cache import cache

from tests.e2e.conftest import check_accessibility
from tests.factories import CallPageFactory
from tests.factories.results import released_call

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [
    pytest.mark.browser,
    # The cms migrations create the home page and the call index: keep them.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_visitor_reads_and_downloads_the_results(live_server, browser_page):
    cache.clear()
    world = released_call(laureates=3, rejected=1)
    world.call.territories.add(world.territories["53"])  # Bretagne
    world.call.save()
    call_page = CallPageFactory(call=world.call)
    page = browser_page

    page.goto(live_server.url + call_page.url)
    section = page.locator('[data-testid="results"]')
    expect(section.locator("h2")).to_have_text("Résultats")
    expect(section.locator('[data-testid="figure-accepted"]')).to_have_text("3")
    expect(section.locator('[data-testid="laureate"]')).to_have_count(3)
    expect(
        section.locator('[data-testid="recognised-filieres"] tbody tr')
    ).to_have_count(3)
    expect(
        section.locator('[data-testid="results-map"] svg.departements-map__svg')
    ).to_be_visible()
    check_accessibility(page, "call-results")

    with page.expect_download() as download_info:
        section.locator('[data-testid="results-csv"]').click()
    download = download_info.value
    assert download.suggested_filename == f"resultats-{world.call.reference}.csv"
    lines = open(download.path(), encoding="utf-8").read().splitlines()
    assert lines[0].startswith("appel,dossier,projet,porteur,siret_porteur,")
    assert len(lines) == 4
    cache.clear()
