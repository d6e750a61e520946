"""The managers' coverage map in a browser: axe-core finds nothing on the page
(text alternative open), a focused area shows it, and at 360 px the map, its
legend and its text alternative fit the screen."""

import pytest

from tests.applications.test_coverage import competing, set_territories
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.test_instruction_journey import PASSWORD, check_sillon_page, sign_in
from tests.factories import CallFactory, ManagerFactory, TerritoryFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def world(db):
    call = CallFactory()
    region = TerritoryFactory(level="region", code="53", name="Bretagne")
    departements = {
        code: TerritoryFactory(level="departement", code=code, name=name, parent=region)
        for code, name in [("29", "Finistère"), ("35", "Ille-et-Vilaine")]
    }
    north = TerritoryFactory(
        level="filiere", code="BRE-NF", name="Nord Finistère", parent=departements["29"]
    )
    high = TerritoryFactory(
        level="filiere", code="BRE-HB", name="Haute Bretagne", parent=departements["35"]
    )
    set_territories(call, [north, high, departements["35"]])
    competing(call, "submitted", [north])
    competing(call, "under_review", [north])
    competing(call, "accepted", [high])
    manager = ManagerFactory(username="gestionnaire-carte", authority=call.authority)
    manager.set_password(PASSWORD)
    manager.save()
    return {"call": call, "manager": manager}


def test_coverage_map_is_accessible_and_fits_a_phone(live_server, browser_page, world):
    page = browser_page
    sign_in(page, live_server, world["manager"])
    page.goto(f"{live_server.url}/admin/dossiers/appels/{world['call'].pk}/couverture/")
    page.locator(".departements-map__text summary").click()
    check_sillon_page(page, "coverage-map")

    link = page.locator("svg.departements-map__svg a").first
    link.focus()
    stroke = link.locator("path").evaluate("path => getComputedStyle(path).stroke")
    assert stroke == "rgb(10, 118, 246)"

    page.set_viewport_size({"width": 360, "height": 740})
    section = page.get_by_test_id("coverage-maps")
    section.screenshot(path=str(SCREENSHOTS / "sillon-coverage-map-360.png"))
    box = page.locator("svg.departements-map__svg").bounding_box()
    assert 200 < box["width"] and box["x"] >= 0 and box["x"] + box["width"] <= 360
    # Nothing of the map, its legend or its text alternative sticks out.
    rights = section.locator(":not(svg *)").evaluate_all(
        "elements => elements.map(e => e.getBoundingClientRect().right)"
    )
    assert max(rights) <= 360
