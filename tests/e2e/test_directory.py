"""A visitor searches the annuaire numérique, at desktop and phone width, in
headless Chromium: the form works without a script, the map narrows the search,
a service's page leads back to the search; axe-core checks the list (with its
map) and a service's page."""

import pytest

from tests.directory.builders import directory_page, geography, three_services
from tests.e2e.conftest import check_accessibility

pytestmark = [
    pytest.mark.browser,
    # The cms migrations create the home page: keep it.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def fill_directory():
    three_services(geography())
    return directory_page()


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_visitor_searches_the_directory(live_server, browser_page, viewport):
    directory = fill_directory()
    page = browser_page
    size = PHONE if viewport == "phone" else DESKTOP
    page.set_viewport_size(size)

    page.goto(live_server.url + directory.url)
    assert page.locator('[data-testid="service-card"]').count() == 3
    check_accessibility(page, f"directory-{viewport}")

    page.get_by_label("Rechercher").fill("quimper")
    page.get_by_label("Type de service").select_option("usp")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_url("**/annuaire/?q=quimper&kind=usp**")
    assert page.locator('[data-testid="result-count"]').inner_text() == "1 service"
    assert page_width(page) <= size["width"]
    check_accessibility(page, f"directory-search-{viewport}")

    # A département of the map narrows the search to it, the search kept.
    page.locator('#carte-annuaire a[aria-label^="Finistère"]').click()
    page.wait_for_url("**/annuaire/?q=quimper&kind=usp&departement=29")
    assert page.locator('[data-testid="result-count"]').inner_text() == "1 service"

    page.get_by_role("link", name="Unité de soins palliatifs de Quimper").click()
    page.wait_for_url("**/annuaire/services/**")
    assert page.locator("h1").inner_text() == "Unité de soins palliatifs de Quimper"
    assert page.locator('[data-testid="service-phone"]').get_attribute("href") == (
        "tel:0298000001"
    )
    assert page_width(page) <= size["width"]
    check_accessibility(page, f"directory-service-{viewport}")

    page.locator('[data-testid="back-to-directory"]').click()
    page.wait_for_url("**/annuaire/?q=quimper&kind=usp&departement=29")
    assert page.locator('[data-testid="result-count"]').inner_text() == "1 service"
