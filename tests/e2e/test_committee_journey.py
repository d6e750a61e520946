"""The committee in headless Chromium, as a manager: two reviewed dossiers on
the committee page, one accepted and one refused through the decision form,
a letter previewed (a PDF, nothing stored), the call's decisions released
after the recap and its confirmation, and the progress page at done. On a
phone-sized screen too: the release's recap stays usable at 390 px.

The applicant's side (the letter opened, the appeal deadline) is in
``test_decision_letter``.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from applications.enums import ApplicationState
from applications.models import Application
from core.models import OutboundEmail
from reviews import services
from reviews.models import DecisionLetter
from tests.e2e.staff import sign_in_staff
from tests.factories import (
    CallFactory,
    CriterionFactory,
    ManagerFactory,
    ReviewerFactory,
    assign,
    submitted_review,
    under_review,
)

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "Tr3s-l0ngue-phrase-secrete"
REFUSAL = "Le territoire couvert ne correspond pas au bassin de vie demandé."


def reviewed_call():
    call = CallFactory(min_reviews=1, reference="AAC-2026-BRE-COM", envelope=500000)
    criterion = CriterionFactory(call=call, label="Gouvernance", max_score=4)
    manager = ManagerFactory(
        username="gestionnaire-comite", password=PASSWORD, authority=call.authority
    )
    reviewer = ReviewerFactory(username="instructeur-comite", authority=call.authority)
    dossiers = []
    for title, score in (("Filière du Léon", 4), ("Filière du Trégor", 2)):
        dossier = under_review(call, manager=manager, title=title)
        submitted_review(assign(dossier, reviewer, manager), {criterion.pk: score})
        services.application_complete_review(application=dossier, user=manager)
        dossiers.append(Application.objects.get(pk=dossier.pk))
    return call, manager, dossiers


def sign_in(page, live_server, username):
    user = get_user_model().objects.get(username=username)
    sign_in_staff(page, live_server, user, PASSWORD)


def record(page, live_server, dossier, outcome, **fields):
    page.goto(live_server.url + reverse("reviews_admin:decision", args=[dossier.pk]))
    form = page.get_by_test_id("decision-form")
    form.locator(f'input[name="outcome"][value="{outcome}"]').check()
    for name, value in fields.items():
        form.locator(f'[name="{name}"]').fill(value)
    with page.expect_navigation():
        form.locator('button[type="submit"]').first.click()


def test_a_manager_decides_previews_and_releases(live_server, browser_page):
    page = browser_page
    call, manager, (first, second) = reviewed_call()
    sign_in(page, live_server, manager.username)

    page.goto(live_server.url + reverse("reviews_admin:committee", args=[call.pk]))
    agenda = page.get_by_test_id("agenda")
    expect(agenda).to_contain_text(first.reference)
    expect(agenda).to_contain_text(second.reference)

    record(page, live_server, first, "accepted", amount="180000")
    record(page, live_server, second, "rejected", motivation=REFUSAL)
    expect(page.get_by_test_id("envelope")).to_contain_text("180")
    assert not OutboundEmail.objects.filter(template__startswith="decision_").exists()

    # The recap: both decisions, each letter previewed before anything is sent.
    page.goto(live_server.url + reverse("reviews_admin:release", args=[call.pk]))
    decisions = page.get_by_test_id("release-decisions")
    expect(decisions).to_contain_text(first.reference)
    expect(decisions).to_contain_text(second.reference)
    preview = page.get_by_test_id(f"release-{second.pk}").get_by_test_id("preview-link")
    response = page.request.get(live_server.url + preview.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")
    assert not DecisionLetter.objects.exists()

    # A phone-sized screen: the recap and its confirmation stay reachable.
    page.set_viewport_size({"width": 390, "height": 844})
    expect(page.get_by_test_id("release-submit")).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 900})

    # Released: letters generated (eagerly here), states moved, one email each.
    page.get_by_test_id("field-confirm").locator("input").check()
    with page.expect_navigation():
        page.get_by_test_id("release-submit").click()
    progress = page.locator("#release-progress-bar")
    expect(progress).to_have_attribute("value", "2")
    expect(progress).to_have_attribute("max", "2")
    expect(page.get_by_test_id("release-status")).to_contain_text(
        "2 lettres envoyées sur 2"
    )
    states = dict(
        Application.objects.filter(call=call).values_list("reference", "state")
    )
    assert states == {
        first.reference: ApplicationState.ACCEPTED,
        second.reference: ApplicationState.REJECTED,
    }
    assert DecisionLetter.objects.count() == 2
    assert OutboundEmail.objects.filter(template__startswith="decision_").count() == 2

    # The committee page now says each decision is notified.
    page.goto(live_server.url + reverse("reviews_admin:committee", args=[call.pk]))
    expect(page.get_by_test_id(f"notified-{first.pk}")).to_be_visible()
    expect(page.get_by_test_id(f"correct-{second.pk}")).to_be_visible()
