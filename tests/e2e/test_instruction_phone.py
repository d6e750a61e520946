"""The instruction on a phone (375 by 812): the reviewer's pages and the manager's
table, dossier and ranking do not overflow the screen sideways (wide tables
scroll inside their own wrapper), and axe-core finds nothing on the reviewer's
pages."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.test_instruction_journey import PASSWORD, check_sillon_page, sign_in
from tests.factories import (
    CallFactory,
    CriterionFactory,
    ManagerFactory,
    ReviewerFactory,
    under_review,
)
from tests.factories.reviews import accepted, assign, draft_review, submitted_review

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 375, "height": 812}


def staff(factory, username, first_name, last_name, authority):
    user = factory(
        username=username,
        first_name=first_name,
        last_name=last_name,
        authority=authority,
    )
    user.set_password(PASSWORD)
    user.save()
    return user


def assert_no_sideways_overflow(page, name: str) -> None:
    page.wait_for_load_state("networkidle")
    page.screenshot(
        path=str(SCREENSHOTS / f"sillon-instruction-375-{name}.png"),
        full_page=True,
        caret="initial",
    )
    scroll_width, inner_width = page.evaluate(
        "[document.scrollingElement.scrollWidth, window.innerWidth]"
    )
    assert scroll_width <= inner_width + 1, (
        f"the {name} page is {scroll_width}px wide on a {inner_width}px screen"
    )
    # Wagtail's layout clips what overflows: look for what sticks out of the
    # screen outside a wrapper that scrolls sideways.
    sticking_out = page.evaluate(OUTSIDE_THE_SCREEN)
    assert sticking_out == [], f"cut off on the {name} page: {sticking_out}"


OUTSIDE_THE_SCREEN = """
() => {
    const scrolls = (element) => {
        for (let e = element.parentElement; e; e = e.parentElement) {
            const overflow = getComputedStyle(e).overflowX;
            if (overflow === "auto" || overflow === "scroll") return true;
        }
        return false;
    };
    const out = [];
    for (const element of document.querySelectorAll("main *")) {
        const box = element.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) continue;
        if (box.right > window.innerWidth + 1 && !scrolls(element)) {
            out.push(
                element.tagName.toLowerCase()
                + (element.id ? "#" + element.id : "")
                + " " + (element.textContent || "").trim().slice(0, 40)
                + " right=" + Math.round(box.right)
            );
        }
    }
    return out.slice(0, 10);
}
"""


@pytest.fixture
def world(db):
    call = CallFactory(
        min_reviews=2,
        title="Structuration des filières territoriales de soins palliatifs "
        "en Auvergne-Rhône-Alpes",
    )
    criteria = [
        CriterionFactory(
            call=call,
            label="Gouvernance et pilotage de la filière territoriale",
            weight=Decimal(3),
            max_score=4,
            guidance="Comité de pilotage, conventions entre établissements.",
        ),
        CriterionFactory(
            call=call,
            label="Couverture du territoire",
            weight=Decimal(1),
            max_score=10,
        ),
    ]
    manager = staff(
        ManagerFactory, "gestionnaire-tel", "Gaëlle", "Martin", call.authority
    )
    reviewers = [
        staff(ReviewerFactory, f"instructeur-tel-{n}", first, last, call.authority)
        for n, (first, last) in enumerate(
            [
                ("Anne-Sophie", "Delacroix-Fontaine"),
                ("Bruno", "Bernard"),
                ("Chloé", "Colin"),
            ]
        )
    ]
    dossiers = [
        under_review(
            call,
            manager=manager,
            title=f"Filière territoriale de soins palliatifs du bassin n°{n}",
        )
        for n in range(3)
    ]
    # The first dossier: two submitted reviews far apart (a flag).
    first = [assign(dossiers[0], r, manager) for r in reviewers[:2]]
    submitted_review(first[0], {criteria[0].pk: 4, criteria[1].pk: 5})
    submitted_review(first[1], {criteria[0].pk: 2, criteria[1].pk: 10})
    # The second: one submitted, one draft.
    second = [assign(dossiers[1], r, manager) for r in reviewers[1:]]
    submitted_review(second[0], {criteria[0].pk: 3, criteria[1].pk: 7})
    draft_review(second[1], {criteria[0].pk: "1.5"}, comments={criteria[0].pk: ""})
    # The third: the first reviewer has attested, nothing scored.
    third = accepted(assign(dossiers[2], reviewers[0], manager))
    return {
        "call": call,
        "manager": manager,
        "reviewers": reviewers,
        "dossiers": dossiers,
        "grid_assignment": third,
        "peer_assignment": first[0],
        "draft_assignment": second[1],
    }


def test_the_instruction_fits_a_phone(live_server, browser_page, world):
    page = browser_page
    page.set_viewport_size(PHONE)
    call = world["call"]

    # The reviewer's pages.
    sign_in(page, live_server, world["reviewers"][0])
    check_sillon_page(page, "375-reviewer-dashboard")
    assert_no_sideways_overflow(page, "reviewer-dashboard")
    for name, url in (
        ("reviewer-list", reverse("reviews_admin:reviewer_home")),
        (
            "reviewer-grid",
            reverse("reviews_admin:review_grid", args=[world["grid_assignment"].pk]),
        ),
        (
            "reviewer-dossier",
            reverse("reviews_admin:assignment", args=[world["grid_assignment"].pk]),
        ),
        (
            "reviewer-peers",
            reverse("reviews_admin:assignment", args=[world["peer_assignment"].pk]),
        ),
        ("reviewer-interests", reverse("reviews_admin:interests")),
    ):
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        check_sillon_page(page, f"375-{name}")
        assert_no_sideways_overflow(page, name)

    # The grid's recap on a phone.
    sign_in(page, live_server, world["reviewers"][2])
    page.goto(
        live_server.url
        + reverse("reviews_admin:review_grid", args=[world["draft_assignment"].pk])
    )
    check_sillon_page(page, "375-reviewer-grid-errors-before")
    page.get_by_test_id("grid-submit").click()
    # The draft lacks scores and a comment: the grid again, with its errors.
    expect(page.get_by_test_id("grid-form")).to_be_visible()
    check_sillon_page(page, "375-reviewer-grid-errors")
    assert_no_sideways_overflow(page, "reviewer-grid-errors")

    # The manager's table, dossier and ranking.
    sign_in(page, live_server, world["manager"])
    for name, url in (
        ("manager-calls", reverse("reviews_admin:calls")),
        ("manager-table", reverse("reviews_admin:table", args=[call.pk])),
        (
            "manager-dossier",
            reverse("reviews_admin:dossier", args=[world["dossiers"][0].pk]),
        ),
        ("manager-ranking", reverse("reviews_admin:ranking", args=[call.pk])),
        ("manager-distribute", reverse("reviews_admin:distribute", args=[call.pk])),
    ):
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        assert_no_sideways_overflow(page, name)
