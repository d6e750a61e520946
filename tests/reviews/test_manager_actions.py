"""The managers' actions on an assignment or a review: a form with a required
reason, a confirmation page recapping the consequence, then the service."""

import pytest
from django.core import mail
from django.utils.translation import gettext as _

from core.models import ActivityEntry
from reviews import services
from reviews.enums import AssignmentStatus, ReviewStatus
from reviews.models import Assignment, Review
from tests.factories import InterestDeclarationFactory, assign, submitted_review

from .manager_support import BASE, messages_of


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def assignment(dossier, manager, reviewers):
    return assign(dossier, reviewers[0], manager)


def test_remove_asks_a_reason_and_keeps_the_form(manager_client, assignment):
    url = f"{BASE}affectations/{assignment.pk}/retirer/"

    page = manager_client.get(url)
    assert page.status_code == 200
    assert page.context["recap"][0][1].startswith(assignment.application.reference)

    response = manager_client.post(url, {"reason": "  "})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["reason"]
    assert Assignment.objects.get(pk=assignment.pk).status == AssignmentStatus.PENDING


def test_remove_goes_through_a_confirmation(
    manager_client, assignment, django_capture_on_commit_callbacks
):
    url = f"{BASE}affectations/{assignment.pk}/retirer/"

    recap = manager_client.post(url, {"reason": "Indisponible en janvier."})
    assert recap.status_code == 200
    assert recap.context["confirming"] is True
    assert 'data-testid="confirm-consequences"' in recap.content.decode()
    assert Assignment.objects.get(pk=assignment.pk).status == AssignmentStatus.PENDING

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = manager_client.post(
            url, {"reason": "Indisponible en janvier.", "confirmed": "True"}
        )
    assert done.status_code == 302
    assert done.url == f"{BASE}dossiers/{assignment.application.pk}/"
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.REMOVED
    assert assignment.removed_reason == "Indisponible en janvier."
    assert [m.to for m in mail.outbox] == [[assignment.reviewer.email]]


def test_remove_twice_is_refused_with_the_service_message(
    manager_client, assignment, manager
):
    services.assignment_remove(assignment=assignment, user=manager, reason="Absent")
    url = f"{BASE}affectations/{assignment.pk}/retirer/"

    response = manager_client.post(url, {"reason": "Encore", "confirmed": "True"})

    assert response.status_code == 200
    assert response.context["form"].data["reason"] == "Encore"
    assert len(messages_of(response)) == 1
    assert response.context["refusal"]


def test_replace_offers_the_other_eligible_reviewers(
    manager_client, assignment, dossier, manager, reviewers
):
    assign(dossier, reviewers[1], manager)
    url = f"{BASE}affectations/{assignment.pk}/remplacer/"

    form = manager_client.get(url).context["form"]

    assert set(form.fields["reviewer"].queryset) == {reviewers[2], reviewers[3]}


def test_replace_confirmed_swaps_the_reviewers(
    manager_client, assignment, dossier, reviewers
):
    url = f"{BASE}affectations/{assignment.pk}/remplacer/"
    data = {"reviewer": reviewers[2].pk, "reason": "Surcharge."}

    recap = manager_client.post(url, data)
    assert recap.context["confirming"] is True
    assert Assignment.objects.current().filter(application=dossier).count() == 1

    done = manager_client.post(url, {**data, "confirmed": "True"})

    assert done.status_code == 302
    current = Assignment.objects.current().filter(application=dossier)
    assert [a.reviewer for a in current] == [reviewers[2]]


def test_replace_by_a_conflicted_reviewer_is_refused_and_keeps_everything(
    manager_client, assignment, dossier, reviewers
):
    InterestDeclarationFactory(
        reviewer=reviewers[2], siren=dossier.organisation.siret[:9]
    )
    url = f"{BASE}affectations/{assignment.pk}/remplacer/"
    data = {"reviewer": reviewers[2].pk, "reason": "Surcharge.", "confirmed": "True"}

    response = manager_client.post(url, data)

    assert response.status_code == 200
    assert response.context["reasons"]  # the SIREN tie
    assert Assignment.objects.get(pk=assignment.pk).status == AssignmentStatus.PENDING
    assert Assignment.objects.count() == 1
    assert response.context["form"].data["reason"] == "Surcharge."


def test_conflict_override_records_the_reason(
    manager_client, dossier, manager, reviewers
):
    assignment = assign(dossier, reviewers[0], manager)
    # A partner added since: the tie appears after the assignment.
    InterestDeclarationFactory(
        reviewer=reviewers[0], siren=dossier.organisation.siret[:9]
    )
    url = f"{BASE}affectations/{assignment.pk}/conflit/"

    page = manager_client.get(url)
    conflicts = [
        value
        for label, value in page.context["recap"]
        if label == _("Detected conflict")
    ]
    assert len(conflicts) == 1
    assert dossier.organisation.siret[:9] in conflicts[0]

    done = manager_client.post(url, {"reason": "Homonyme.", "confirmed": "True"})

    assert done.status_code == 302
    assignment.refresh_from_db()
    assert assignment.conflict_override_reason == "Homonyme."
    assert ActivityEntry.objects.filter(
        action="assignment.conflict_overridden"
    ).exists()


def test_review_reopen_goes_back_to_draft(
    manager_client, dossier, criteria, manager, reviewers
):
    first, second = criteria
    review = submitted_review(
        assign(dossier, reviewers[0], manager), {first.pk: 4, second.pk: 5}
    )
    url = f"{BASE}evaluations/{review.pk}/rouvrir/"

    recap = manager_client.post(url, {"reason": "Erreur de saisie."})
    assert recap.context["confirming"] is True
    assert Review.objects.get(pk=review.pk).status == ReviewStatus.SUBMITTED

    done = manager_client.post(
        url, {"reason": "Erreur de saisie.", "confirmed": "True"}
    )

    assert done.status_code == 302
    assert Review.objects.get(pk=review.pk).status == ReviewStatus.DRAFT


def test_review_reopen_of_a_draft_is_refused(
    manager_client, dossier, criteria, manager, reviewers
):
    first, second = criteria
    review = submitted_review(
        assign(dossier, reviewers[0], manager), {first.pk: 4, second.pk: 5}
    )
    services.review_reopen(review=review, user=manager, reason="Une fois")
    url = f"{BASE}evaluations/{review.pk}/rouvrir/"

    response = manager_client.post(url, {"reason": "Deux fois", "confirmed": "True"})

    assert response.status_code == 200
    assert response.context["refusal"]
    assert Review.objects.get(pk=review.pk).status == ReviewStatus.DRAFT
