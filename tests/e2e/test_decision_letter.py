"""A released decision in headless Chromium: the applicant signs in, reads the
« Décision » section of their dossier, opens the notification letter (a PDF,
inline) and comes back to the appeal deadline; the manager's dossier page
then shows when the applicant opened it.

axe-core checks the applicant's espace and dossier page, before and after the
opening; the screenshots stay in SCREENSHOTS (sillon-decision-*.png) for
review.
"""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse

from reviews import services
from reviews.enums import ReleaseKind
from reviews.models import DecisionLetter
from tests.e2e.conftest import check_accessibility
from tests.e2e.staff import sign_in_staff
from tests.factories import (
    CallFactory,
    CriterionFactory,
    ManagerFactory,
    MembershipFactory,
    OrganisationFactory,
    ReviewerFactory,
    UserFactory,
    assign,
    submitted_review,
    under_review,
)

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [
    pytest.mark.browser,
    # The cms migrations create the home page and the call index: keep them.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EMAIL = "maiwenn.le-goff@example.org"
PASSWORD = "Tr3s-l0ngue-phrase-secrete"
CONDITION = "Signer la charte régionale des filières."


def released_decision():
    """An accepted dossier with conditions, released: its letter stored and
    notified, not opened yet."""
    call = CallFactory(min_reviews=2, reference="AAC-2026-BRE-DEC")
    criterion = CriterionFactory(call=call, label="Gouvernance", max_score=4)
    manager = ManagerFactory(
        username="gestionnaire-decision", password=PASSWORD, authority=call.authority
    )
    organisation = OrganisationFactory(name="Centre hospitalier de Quimper")
    applicant = UserFactory(username=EMAIL, email=EMAIL, password=PASSWORD)
    MembershipFactory(user=applicant, organisation=organisation)
    dossier = under_review(
        call,
        manager=manager,
        organisation=organisation,
        created_by=applicant,
        title="Filière palliative de Cornouaille",
    )
    for number in (1, 2):
        reviewer = ReviewerFactory(
            username=f"instructeur-decision-{number}", authority=call.authority
        )
        submitted_review(assign(dossier, reviewer, manager), {criterion.pk: 3})
    services.application_complete_review(application=dossier, user=manager)
    dossier.refresh_from_db()
    decision = services.decision_record(
        application=dossier,
        user=manager,
        outcome="accepted_with_conditions",
        amount="120000",
        duration_months=36,
        motivation="La gouvernance reste à formaliser.",
        conditions=[{"text": CONDITION, "due_on": datetime.date(2027, 6, 30)}],
    )
    with transaction.atomic():  # as the release's view does
        batch = services.decision_release_one(
            decision=decision, user=manager, kind=ReleaseKind.CALL
        )
    services.release_batch_process(batch=batch)  # done already when eager
    decision.refresh_from_db()
    assert decision.released_at is not None
    return decision, manager


def test_the_applicant_opens_the_letter_and_the_manager_sees_it(
    live_server, browser_page
):
    page = browser_page
    decision, manager = released_decision()
    dossier = decision.application
    letter = decision.letters.get()
    dossier_path = reverse("applications:dossier_detail", args=[dossier.pk])

    # The applicant signs in on the way to the dossier.
    page.goto(live_server.url + dossier_path)
    page.wait_for_url("**/compte/connexion/**")
    page.fill("#id_username", EMAIL)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.get_by_test_id("login-submit").click()
    page.wait_for_url(live_server.url + dossier_path)

    section = page.get_by_test_id("decision-section")
    expect(section).to_be_visible()
    expect(section.get_by_test_id("decision-outcome")).to_have_text(
        "Retenu sous conditions"
    )
    expect(section.get_by_test_id("decision-conditions")).to_contain_text(CONDITION)
    expect(section.get_by_test_id("letter-current")).to_contain_text(letter.number)
    expect(section.get_by_test_id("appeal-pending")).to_be_visible()
    expect(section.get_by_test_id("appeal-means")).to_contain_text(
        "Télérecours citoyens"
    )
    check_accessibility(page, "decision-dossier")

    # The letter: a PDF served inline, its first opening recorded.
    link = section.get_by_test_id("letter-link")
    response = page.request.get(live_server.url + link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("inline;")
    assert response.body().startswith(b"%PDF-")
    letter = DecisionLetter.objects.get(pk=letter.pk)
    assert letter.first_opened_at is not None

    page.reload()
    expect(section.get_by_test_id("letter-opened")).to_be_visible()
    expect(section.get_by_test_id("appeal-deadline")).to_be_visible()
    check_accessibility(page, "decision-dossier-opened")

    # The espace lists the dossier as accepted.
    page.goto(live_server.url + reverse("applications:home"))
    row = page.locator(f'[data-testid="dossier"][data-reference="{dossier.reference}"]')
    expect(row.get_by_test_id("state")).to_have_attribute("data-state", "accepted")
    check_accessibility(page, "decision-espace")

    # The manager's dossier page: « Ouverte par le porteur le … ».
    page.context.clear_cookies()
    sign_in_staff(page, live_server, manager, PASSWORD)
    page.goto(live_server.url + reverse("reviews_admin:dossier", args=[dossier.pk]))
    notification = page.get_by_test_id("decision-notification")
    row = notification.locator(
        f'[data-testid="notification-letter"][data-number="{letter.number}"]'
    )
    expect(row.get_by_test_id("letter-opened")).to_contain_text(
        "Ouverte par le porteur le"
    )
    expect(row.get_by_test_id("letter-deadline")).not_to_have_text("—")
