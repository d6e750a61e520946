"""The budget step on a phone (375 px): the table stacks its lines, the page
does not widen, and every amount and total stays visible (issue 8, item 17)."""

import re

import pytest
from django.conf import settings as django_settings
from django.test import Client

from applications.models import Application
from applications.questionnaire import iter_questions
from demo.streams import budget_table, questionnaire_data, section
from tests.e2e.conftest import check_accessibility
from tests.factories import (
    CallFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 375, "height": 812}
ROWS = [
    "Personnel d'accompagnement",
    "Personnel soignant et de coordination",
    "Fonctionnement du bâtiment",
    "Soutien aux proches et bénévolat",
    "Frais de structure",
]
INCOME = ["Autres financements"]
YEARS = ["Année 1", "Année 2", "Année 3"]


def make_dossier() -> Application:
    call = CallFactory(reference="AAC-2026-BRE-MAV")
    call.questionnaire = questionnaire_data(
        call.reference,
        [
            section(
                "budget",
                "Budget",
                "Le budget de fonctionnement prévisionnel.",
                budget_table(
                    "budget",
                    "Budget de fonctionnement prévisionnel",
                    rows=ROWS,
                    income_rows=INCOME,
                    columns=YEARS,
                ),
            )
        ],
    )
    call.save()
    user = UserFactory(username="porteur", email="porteur@example.org")
    organisation = OrganisationFactory(name="Centre hospitalier de Cornouaille")
    MembershipFactory(organisation=organisation, user=user)
    application = Application.objects.create(
        call=call,
        organisation=organisation,
        created_by=user,
        sequence=1,
        reference="AAC-2026-BRE-MAV-0001",
        title="Maison d'accompagnement de Cornouaille",
    )
    assert [q.kind for q in iter_questions(call)] == ["budget_table"]
    return application


def sign_in(page, live_server, user) -> None:
    """The session of a signed-in client, handed to the browser."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def assert_inside_the_screen(locator) -> None:
    box = locator.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= PHONE["width"]


def test_budget_step_is_readable_on_a_phone(live_server, browser_page, tmp_path):
    application = make_dossier()
    page = browser_page
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, application.created_by)
    page.goto(f"{live_server.url}/espace/dossiers/{application.pk}/etapes/1/")

    table = page.locator('[data-testid="budget-table"]')
    inputs = table.locator("input")
    assert inputs.count() == (len(ROWS) + len(INCOME)) * len(YEARS)
    for index in range(inputs.count()):
        inputs.nth(index).fill("850000" if index < len(ROWS) * len(YEARS) else "200000")
    page.locator('[data-testid="save"]').click()
    page.wait_for_url(re.compile(r".*/etapes/1/$"))

    assert page_width(page) <= PHONE["width"]
    for index in range(inputs.count()):
        cell = inputs.nth(index)
        assert cell.is_visible()
        assert_inside_the_screen(cell)
        assert cell.input_value().startswith(("850000", "200000"))
    for testid in ("budget-expense-total", "budget-income-total", "budget-balance"):
        total = table.locator(f'[data-testid="{testid}"]')
        total.scroll_into_view_if_needed()
        assert total.is_visible()
        assert_inside_the_screen(total)

    # Five lines of 850,000 € over three years, less 200,000 € a year.
    def amount(testid: str) -> str:
        text = table.locator(f'[data-testid="{testid}"]').inner_text()
        return re.sub(r"\D", "", text)

    assert amount("budget-expense-total") == "12750000"
    assert amount("budget-income-total") == "600000"
    assert amount("budget-balance") == "12150000"
    # The column headers are left to screen readers: each stacked cell says
    # which column it is.
    head = table.locator("thead").bounding_box()
    assert head is None or head["height"] <= 1

    first = table.locator("tbody tr[data-kind='expense'] td").first
    label = first.evaluate("cell => getComputedStyle(cell, '::before').content")
    assert "Année 1" in label

    page.screenshot(
        path=str(tmp_path / "budget-375.png"), full_page=True, caret="initial"
    )
    table.screenshot(path=str(tmp_path / "budget-table-375.png"), caret="initial")
    assert (tmp_path / "budget-375.png").stat().st_size > 0
    check_accessibility(page, "applicant-budget-375")

    # On a wide screen it is a table again, and still fits.
    page.set_viewport_size({"width": 1280, "height": 900})
    assert page_width(page) <= 1280
    assert (
        table.locator("thead").evaluate("head => getComputedStyle(head).position")
        != "absolute"
    )
