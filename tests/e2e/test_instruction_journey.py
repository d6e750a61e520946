"""The instruction of a call in headless Chromium, through the Wagtail admin.

The manager distributes the dossiers of a call (preview, then confirmation); a
reviewer declares a conflict of interest with one dossier (form, then recap) and
the manager assigns a third reviewer in their place; the reviewers attest that
they have no conflict, fill the grid, save a draft and submit through the recap;
the manager completes the review of the dossier and opens the ranking.

axe-core checks every reviewer's page, whole (Sillon's content and Wagtail's
chrome); the screenshots stay in SCREENSHOTS
(sillon-instruction-*.png) for review.
"""

from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from applications.enums import ApplicationState
from applications.models import Application
from reviews.models import Assignment, Consolidation, Review
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.staff import sign_in_staff
from tests.factories import (
    CallFactory,
    CriterionFactory,
    ManagerFactory,
    ReviewerFactory,
    under_review,
)
from tests.factories.reviews import submitted_review

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "une phrase de passe solide"


def admin_url(live_server, name, *args) -> str:
    return live_server.url + reverse(name, args=args)


def sign_in(page, live_server, user) -> None:
    page.context.clear_cookies()
    sign_in_staff(page, live_server, user, PASSWORD)


def check_sillon_page(page, name: str) -> None:
    """axe-core on the whole admin page: what Sillon renders in it, and Wagtail's
    own sidebar and header, which pass as well. A screenshot is kept for review."""

    page.wait_for_load_state("networkidle")
    page.screenshot(
        path=str(SCREENSHOTS / f"sillon-instruction-{name}.png"),
        full_page=True,
        caret="initial",
    )
    results = Axe().run(page)
    violations = results.response["violations"]
    assert violations == [], f"axe violations on the {name} page:\n" + "\n".join(
        f"- {violation['id']} ({violation['impact']}): {violation['help']} "
        f"{[node['target'] for node in violation['nodes']]}"
        for violation in violations
    )


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


@pytest.fixture
def world(db):
    """A call with the worked example's grid, two dossiers under review, its
    manager and three reviewers of its authority."""

    call = CallFactory(min_reviews=2)
    governance = CriterionFactory(
        call=call, label="Gouvernance", weight=Decimal(3), max_score=4
    )
    territory = CriterionFactory(
        call=call, label="Territoire", weight=Decimal(1), max_score=10
    )
    manager = staff(
        ManagerFactory, "gestionnaire-e2e", "Gaëlle", "Martin", call.authority
    )
    alice = staff(ReviewerFactory, "instructeur-a", "Alice", "Arnaud", call.authority)
    bruno = staff(ReviewerFactory, "instructeur-b", "Bruno", "Bernard", call.authority)
    chloe = staff(ReviewerFactory, "instructeur-c", "Chloé", "Colin", call.authority)
    first = under_review(call, manager=manager, title="Filière du Val de Saône")
    second = under_review(call, manager=manager, title="Filière du Forez")
    return {
        "call": call,
        "criteria": (governance, territory),
        "manager": manager,
        "reviewers": (alice, bruno, chloe),
        "dossiers": (first, second),
    }


def fill_grid_and_submit(page, live_server, assignment, criteria, scores, name):
    """The reviewer attests, fills the grid, saves a draft, then submits through
    the recap; axe on each page."""

    governance, territory = criteria
    page.goto(admin_url(live_server, "reviews_admin:assignment", assignment.pk))
    expect(page.get_by_test_id("attestation")).to_be_visible()
    # Nothing of the dossier's content before the attestation.
    expect(page.get_by_test_id("dossier-lead")).to_have_count(0)
    check_sillon_page(page, f"{name}-attestation")
    page.get_by_test_id("accept").click()
    expect(page.get_by_test_id("dossier-lead")).to_be_visible()
    check_sillon_page(page, f"{name}-dossier")

    page.get_by_test_id("open-grid").click()
    expect(page.get_by_test_id("grid-form")).to_be_visible()
    check_sillon_page(page, f"{name}-grid")
    # A partial draft first.
    page.fill(f'input[name="score-{governance.pk}"]', str(scores[0]))
    page.fill(f'textarea[name="comment-{governance.pk}"]', "Gouvernance claire.")
    page.get_by_test_id("grid-draft").click()
    page.wait_for_load_state("networkidle")
    review = Review.objects.get(assignment=assignment)
    assert review.status == "draft"
    assert review.scores.get(criterion=governance).value == Decimal(scores[0])
    # The draft is there when the grid opens again.
    page.goto(admin_url(live_server, "reviews_admin:review_grid", assignment.pk))
    expect(page.locator(f'input[name="score-{governance.pk}"]')).to_have_value(
        str(scores[0])
    )
    page.fill(f'input[name="score-{territory.pk}"]', str(scores[1]))
    page.fill(f'textarea[name="comment-{territory.pk}"]', "Territoire couvert.")
    page.fill('textarea[name="comment"]', "Un projet solide.")
    page.check('input[name="recommendation"][value="favourable"]')
    page.get_by_test_id("grid-submit").click()

    expect(page.get_by_test_id("grid-recap")).to_be_visible()
    check_sillon_page(page, f"{name}-recap")
    assert Review.objects.get(assignment=assignment).status == "draft"
    page.get_by_test_id("recap-confirm").click()
    page.wait_for_load_state("networkidle")
    assert Review.objects.get(assignment=assignment).status == "submitted"
    expect(page.get_by_test_id("own-review")).to_be_visible()
    check_sillon_page(page, f"{name}-submitted")
    # The grid of a submitted review is read-only.
    page.goto(admin_url(live_server, "reviews_admin:review_grid", assignment.pk))
    expect(page.get_by_test_id("grid-readonly")).to_be_visible()
    expect(page.get_by_test_id("grid-form")).to_have_count(0)
    check_sillon_page(page, f"{name}-grid-readonly")


def test_a_call_is_distributed_reviewed_completed_and_ranked(
    live_server, browser_page, world
):
    page = browser_page
    call = world["call"]
    manager = world["manager"]
    alice, bruno, chloe = world["reviewers"]
    first, second = world["dossiers"]
    criteria = world["criteria"]

    # The manager: Instruction menu → the call → « Répartir » → preview → confirm.
    sign_in(page, live_server, manager)
    page.locator(f'a[href="{reverse("reviews_admin:calls")}"]').first.click()
    page.wait_for_url(admin_url(live_server, "reviews_admin:calls"))
    page.get_by_test_id(f"call-{call.pk}").get_by_role(
        "link", name=call.reference, exact=True
    ).click()
    page.wait_for_url(admin_url(live_server, "reviews_admin:table", call.pk))
    page.get_by_test_id("call-links").locator(
        f'a[href="{reverse("reviews_admin:distribute", args=[call.pk])}"]'
    ).click()
    expect(page.get_by_test_id("distribute-form")).to_be_visible()
    # Alice and Bruno only: Chloé is kept for the replacement.
    page.uncheck(f'input[name="reviewers"][value="{chloe.pk}"]')
    page.get_by_test_id("distribute-form").locator('button[type="submit"]').click()
    plan = page.get_by_test_id("distribute-plan")
    expect(plan).to_be_visible()
    expect(plan.locator("tbody tr")).to_have_count(2)
    expect(plan).to_contain_text("Alice Arnaud")
    expect(plan).to_contain_text("Bruno Bernard")
    expect(plan).not_to_contain_text("Chloé")
    assert not Assignment.objects.exists()  # the preview records nothing
    page.get_by_test_id("confirm-submit").click()
    page.wait_for_url(admin_url(live_server, "reviews_admin:table", call.pk))
    assert set(Assignment.objects.values_list("application_id", "reviewer_id")) == {
        (first.pk, alice.pk),
        (first.pk, bruno.pk),
        (second.pk, alice.pk),
        (second.pk, bruno.pk),
    }

    # Alice: her dashboard, her list, her declarations of interests; she
    # declares a conflict of interest with the first dossier.
    sign_in(page, live_server, alice)
    expect(page.get_by_test_id("assignments").locator("tbody tr")).to_have_count(2)
    check_sillon_page(page, "alice-dashboard")
    page.goto(admin_url(live_server, "reviews_admin:reviewer_home"))
    check_sillon_page(page, "alice-list")
    page.goto(admin_url(live_server, "reviews_admin:interests"))
    check_sillon_page(page, "alice-interests")
    page.goto(admin_url(live_server, "reviews_admin:interest_add"))
    check_sillon_page(page, "alice-interest-form")

    alice_first = Assignment.objects.get(application=first, reviewer=alice)
    page.goto(admin_url(live_server, "reviews_admin:reviewer_home"))
    page.get_by_test_id(f"assignment-{alice_first.pk}").get_by_role(
        "link", name=first.reference
    ).click()
    expect(page.get_by_test_id("attestation")).to_be_visible()
    check_sillon_page(page, "alice-attestation")
    page.get_by_test_id("attestation").get_by_test_id("declare-conflict").click()
    expect(page.get_by_test_id("conflict-form")).to_be_visible()
    # Without a reason: the error is shown, linked to the field.
    page.get_by_test_id("conflict-continue").click()
    expect(page.locator('textarea[name="reason"]')).to_have_attribute(
        "aria-invalid", "true"
    )
    check_sillon_page(page, "alice-conflict-form-error")
    page.fill(
        'textarea[name="reason"]',
        "J'ai été salariée du centre hospitalier porteur jusqu'en 2024.",
    )
    page.get_by_test_id("conflict-continue").click()
    expect(page.get_by_test_id("conflict-confirm")).to_be_visible()
    check_sillon_page(page, "alice-conflict-recap")
    alice_first.refresh_from_db()
    assert alice_first.status == "pending"  # not before the confirmation
    page.get_by_test_id("conflict-confirm-submit").click()
    page.wait_for_load_state("networkidle")
    alice_first.refresh_from_db()
    assert alice_first.status == "conflict"
    # The dossier has left her list.
    page.goto(admin_url(live_server, "reviews_admin:reviewer_home"))
    expect(page.get_by_test_id(f"assignment-{alice_first.pk}")).to_have_count(0)
    response = page.goto(
        admin_url(live_server, "reviews_admin:assignment", alice_first.pk)
    )
    assert response.status == 404

    # The manager assigns Chloé to the first dossier in Alice's place.
    sign_in(page, live_server, manager)
    page.goto(admin_url(live_server, "reviews_admin:dossier", first.pk))
    expect(page.get_by_test_id(f"reviewer-{alice_first.pk}")).to_contain_text("Alice")
    page.get_by_test_id("instruction-reviewers").locator(
        f'a[href^="{reverse("reviews_admin:assign", args=[call.pk])}"]'
    ).click()
    expect(page.get_by_test_id("assign-form")).to_be_visible()
    form = page.get_by_test_id("assign-form")
    for box in form.locator('input[name="applications"]').all():
        box.set_checked(box.get_attribute("value") == str(first.pk))
    for box in form.locator('input[name="reviewers"]').all():
        box.set_checked(box.get_attribute("value") == str(chloe.pk))
    form.locator('button[type="submit"]').click()
    page.wait_for_url(admin_url(live_server, "reviews_admin:table", call.pk))
    chloe_first = Assignment.objects.get(application=first, reviewer=chloe)
    assert chloe_first.status == "pending"

    # Bruno and Chloé score the first dossier: attestation, grid, draft, recap.
    bruno_first = Assignment.objects.get(application=first, reviewer=bruno)
    sign_in(page, live_server, bruno)
    fill_grid_and_submit(page, live_server, bruno_first, criteria, (4, 5), "bruno")
    # Chloé has not submitted yet: Bruno sees no other review.
    page.goto(admin_url(live_server, "reviews_admin:assignment", bruno_first.pk))
    expect(page.get_by_test_id("peer-review")).to_have_count(0)

    sign_in(page, live_server, chloe)
    check_sillon_page(page, "chloe-dashboard")
    fill_grid_and_submit(page, live_server, chloe_first, criteria, (2, 10), "chloe")
    # Both submitted: Chloé reads Bruno's review and the thread.
    page.goto(admin_url(live_server, "reviews_admin:assignment", chloe_first.pk))
    expect(page.get_by_test_id("peer-review")).to_have_count(1)
    check_sillon_page(page, "chloe-peers")
    page.fill('textarea[name="body"]', "Nos notes divergent sur la gouvernance.")
    page.get_by_test_id("thread-submit").click()
    expect(page.get_by_test_id("thread-message")).to_contain_text(
        "Nos notes divergent sur la gouvernance."
    )
    check_sillon_page(page, "chloe-thread")

    # The manager completes the review of the first dossier and ranks the call.
    sign_in(page, live_server, manager)
    page.goto(admin_url(live_server, "reviews_admin:dossier", first.pk))
    expect(page.get_by_test_id("instruction-score")).to_contain_text("75")
    expect(page.get_by_test_id("instruction-flag")).to_be_visible()  # spread 25
    expect(page.get_by_test_id("criteria-chart").locator("svg")).to_be_visible()
    page.get_by_test_id("complete-link").click()
    expect(page.get_by_test_id("complete-recap")).to_be_visible()
    expect(page.get_by_test_id("complete-score")).to_contain_text("75")
    assert Application.objects.get(pk=first.pk).state == ApplicationState.UNDER_REVIEW
    page.get_by_test_id("complete-submit").click()
    page.wait_for_load_state("networkidle")
    first.refresh_from_db()
    assert first.state == ApplicationState.REVIEWED
    assert Consolidation.objects.get(application=first).score == Decimal("75")

    # The second dossier: reviewed by the services, still open.
    for assignment, scores in (
        (Assignment.objects.get(application=second, reviewer=alice), (3, 6)),
        (Assignment.objects.get(application=second, reviewer=bruno), (3, 8)),
    ):
        governance, territory = criteria
        submitted_review(
            assignment, {governance.pk: scores[0], territory.pk: scores[1]}
        )

    page.goto(admin_url(live_server, "reviews_admin:calls"))
    page.get_by_test_id(f"call-{call.pk}").get_by_role(
        "link", name="Classement"
    ).click()
    page.wait_for_url(admin_url(live_server, "reviews_admin:ranking", call.pk))
    page.wait_for_load_state("networkidle")
    page.screenshot(
        path=str(SCREENSHOTS / "sillon-instruction-ranking.png"),
        full_page=True,
        caret="initial",
    )
    raw = page.get_by_test_id("raw-ranking")
    # 75 for the first dossier; 73.75 for the second (71.25 and 76.25).
    expect(raw.locator("tbody tr").first).to_contain_text(first.reference)
    expect(raw.locator("tbody tr").nth(1)).to_contain_text(second.reference)
    expect(raw.get_by_test_id(f"raw-{first.pk}")).to_contain_text("75")
