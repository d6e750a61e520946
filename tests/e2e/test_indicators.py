"""A visitor reads the directory's indicators and switches region, in headless
Chromium; axe-core checks the page (WCAG 2.1 AA and best practices)."""

import pytest

from tests.e2e.conftest import check_accessibility
from tests.factories.indicators import hand_computed_world, write_population

pytestmark = [
    pytest.mark.browser,
    # The cms migrations create the home page the header links to: keep them.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_visitor_reads_the_indicators_of_a_region(
    live_server, browser_page, settings, tmp_path
):
    settings.DIRECTORY_POPULATION_DIR = write_population(tmp_path / "population")
    hand_computed_world(illustrative=True)
    page = browser_page

    page.goto(live_server.url + "/annuaire/indicateurs/")
    # The first region by name, until the visitor chooses Bretagne.
    assert page.locator("h2").first.inner_text().endswith("Auvergne-Rhône-Alpes")
    page.get_by_label("Région", exact=True).select_option("53")
    page.get_by_role("button", name="Afficher les indicateurs").click()
    page.wait_for_url("**/annuaire/indicateurs/?region=53")

    assert page.locator("h1").count() == 1
    total = page.locator('[data-testid="indicators-region-total"]')
    assert total.locator("th").inner_text() == "Bretagne (total régional)"
    assert total.locator("td").nth(3).inner_text() == "1,7"
    assert page.locator('[data-testid="indicators-illustrative"]').is_visible()
    assert page.locator('[data-testid="population-source"]').first.is_visible()
    check_accessibility(page, "indicators")
