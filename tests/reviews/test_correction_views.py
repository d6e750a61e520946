"""The correction of a released decision (…/dossiers/<pk>/decision/rectification/):
the decision as notified and its letters, the reason mandatory, the CRPA
L242-1 confirmation when an acceptance is taken back, a recap before anything
is done, then a new letter superseding the earlier one; the committee page
says which decisions are released and leads to their correction."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from applications.enums import ApplicationState
from core.models import ActivityEntry
from reviews import services
from reviews.enums import ReleaseKind
from reviews.forms.release import L242_1_WARNING
from reviews.models import Decision, DecisionLetter, ReleaseBatch

from .manager_support import BASE, text_of


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def notified(call, manager, decided):
    """An acceptance of 100 000 €, released and its letter sent."""
    decision = decided("accepted", amount="100000")
    batch = services.decisions_release(call=call, user=manager)
    services.release_batch_process(batch=batch)
    decision.refresh_from_db()
    return decision


def correct_url(decision) -> str:
    return f"{BASE}dossiers/{decision.application_id}/decision/rectification/"


def correction(**extra) -> dict:
    return {
        "outcome": "rejected",
        "motivation": "Le budget ne respecte pas le cahier des charges.",
        "reason": "Erreur matérielle sur l'éligibilité du porteur.",
        **extra,
    }


def unchanged(decision) -> bool:
    fresh = Decision.objects.get(pk=decision.pk)
    return (
        fresh.outcome,
        fresh.amount,
        DecisionLetter.objects.filter(decision=decision).count(),
        ReleaseBatch.objects.count(),
    ) == (decision.outcome, decision.amount, 1, 1)


def test_the_page_shows_the_decision_and_its_letter(manager_client, notified):
    response = manager_client.get(correct_url(notified))

    assert response.status_code == 200
    assert response.context["refused_here"] == ""
    letter = notified.letters.get()
    [line] = response.context["decision_notice"].lines
    assert line.letter == letter and line.is_current
    page = response.content.decode()
    assert f'href="{BASE}lettres/{letter.pk}/"' in page
    assert "100\u00a0000\u00a0€" in response.context["current_summary"]
    assert 'data-testid="correction-form"' in page
    assert response.context["form"]["amount"].value() == "100000,00"


def test_the_reason_is_mandatory(manager_client, notified):
    response = manager_client.post(
        correct_url(notified), correction(reason="", confirm_withdrawal="on")
    )

    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == [
        gettext("Give the reason for the correction.")
    ]
    assert not response.context.get("confirming")
    assert unchanged(notified)


def test_taking_back_an_acceptance_asks_for_the_l242_1_confirmation(
    manager_client, notified
):
    response = manager_client.post(correct_url(notified), correction())

    assert response.status_code == 200
    assert response.context["form"].errors["confirm_withdrawal"]
    assert response.context["withdrawal"] is True
    page = text_of(response)
    assert 'data-testid="withdrawal"' in response.content.decode()
    assert str(L242_1_WARNING) in page
    assert not response.context.get("confirming")
    assert unchanged(notified)


def test_a_lower_amount_is_a_withdrawal_too(manager_client, notified):
    response = manager_client.post(
        correct_url(notified),
        correction(outcome="accepted", amount="90 000", motivation=""),
    )
    assert response.context["form"].errors["confirm_withdrawal"]


def test_a_higher_amount_goes_to_the_recap_without_it(manager_client, notified):
    response = manager_client.post(
        correct_url(notified),
        correction(outcome="accepted", amount="110 000", motivation=""),
    )

    assert response.context["confirming"] is True
    assert response.context["withdrawal"] is False
    assert "110\u00a0000\u00a0€" in response.context["after"]
    assert "100\u00a0000\u00a0€" in response.context["before"]
    assert unchanged(notified)


def test_the_recap_comes_before_anything_is_done(manager_client, notified):
    response = manager_client.post(
        correct_url(notified), correction(confirm_withdrawal="on")
    )

    assert response.status_code == 200
    assert response.context["confirming"] is True
    page = response.content.decode()
    assert 'data-testid="confirm-form"' in page
    assert 'data-testid="confirm-withdrawal-warning"' in page
    assert notified.letters.get().number in text_of(response)
    assert unchanged(notified)

    back = manager_client.post(
        correct_url(notified),
        correction(confirm_withdrawal="on", confirmed="True", edit="1"),
    )
    assert not back.context["confirming"]
    assert back.context["form"]["outcome"].value() == "rejected"
    assert unchanged(notified)


def test_the_confirmed_correction_sends_a_new_letter_superseding_the_first(
    manager_client, notified, manager
):
    first = notified.letters.get()
    response = manager_client.post(
        correct_url(notified), correction(confirm_withdrawal="on", confirmed="True")
    )

    batch = ReleaseBatch.objects.get(kind=ReleaseKind.CORRECTION)
    assert response.status_code == 302
    assert response.url == f"{BASE}appels/{batch.call_id}/publication/{batch.pk}/"
    services.release_batch_process(batch=batch)

    notified.refresh_from_db()
    notified.application.refresh_from_db()
    assert notified.outcome == "rejected"
    assert notified.application.state == ApplicationState.REJECTED
    first.refresh_from_db()
    second = notified.letters.exclude(pk=first.pk).get()
    assert first.superseded_at is not None and second.is_current
    assert second.notified_at is not None
    entry = ActivityEntry.objects.get(action="decision.corrected_after_release")
    assert entry.details["reason"] == "Erreur matérielle sur l'éligibilité du porteur."
    assert entry.details["withdrawal_confirmed"] is True

    page = manager_client.get(correct_url(notified))
    lines = page.context["decision_notice"].lines
    assert [line.letter for line in lines] == [second, first]  # the current first
    assert [line.is_current for line in lines] == [True, False]
    for letter in (first, second):
        assert f'href="{BASE}lettres/{letter.pk}/"' in page.content.decode()


def test_the_services_field_errors_are_shown_on_their_fields(manager_client, notified):
    response = manager_client.post(
        correct_url(notified),
        correction(motivation="", confirm_withdrawal="on", confirmed="True"),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["motivation"]
    assert unchanged(notified)


def test_a_decision_not_released_is_corrected_on_the_committee_page(
    manager_client, decided
):
    decision = decided("accepted", amount="100000")
    response = manager_client.post(
        correct_url(decision), correction(confirm_withdrawal="on", confirmed="True")
    )

    assert response.status_code == 200
    assert response.context["refused_here"]
    decision.refresh_from_db()
    assert decision.outcome == "accepted"
    assert not ReleaseBatch.objects.exists()


def test_committee_page_says_notified_and_links_to_the_correction(
    manager_client, call, notified, reviewed
):
    waiting = reviewed()
    response = manager_client.get(f"{BASE}appels/{call.pk}/comite/")

    page = response.content.decode()
    pk = notified.application_id
    assert f'data-testid="notified-{pk}"' in page
    assert f'href="{correct_url(notified)}"' in page
    assert f'data-testid="notified-{waiting.pk}"' not in page
    assert f'href="{BASE}dossiers/{waiting.pk}/decision/"' in page
    assert f'href="{BASE}appels/{call.pk}/publication/"' in page
    [(batch, progress)] = response.context["releases"]
    assert (progress.done, progress.total) == (1, 1)
    assert f'href="{BASE}appels/{call.pk}/publication/{batch.pk}/"' in page

    decision_page = manager_client.get(f"{BASE}dossiers/{pk}/decision/")
    assert 'data-testid="correct-released"' in decision_page.content.decode()


def test_only_the_calls_managers_correct(client, notified, other_manager, reviewers):
    url = correct_url(notified)
    data = correction(confirm_withdrawal="on", confirmed="True")
    client.force_login(other_manager)
    assert client.get(url).status_code == 404
    assert client.post(url, data).status_code == 404
    client.force_login(reviewers[0])
    response = client.post(url, data)
    assert (response.status_code, response.url) == (302, reverse("wagtailadmin_home"))
    assert unchanged(notified)
