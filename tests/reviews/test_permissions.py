"""Who may do what in the instruction: the predicates shared by the services,
the views and the templates."""

import pytest
from django.contrib.auth.models import AnonymousUser

from reviews import permissions, services
from tests.factories import (
    AdministratorFactory,
    ReviewerFactory,
    UserFactory,
    assign,
    submitted_review,
)
from tests.factories.reviews import accepted, draft_review


def test_is_reviewer(call, reviewers, manager):
    assert permissions.is_reviewer(reviewers[0]) is True
    assert permissions.is_reviewer(manager) is False
    assert permissions.is_reviewer(AnonymousUser()) is False
    assert permissions.is_reviewer(ReviewerFactory(is_active=False)) is False


def test_can_manage_instruction(
    call, manager, other_manager, inactive_manager, reviewers
):
    assert permissions.can_manage_instruction(manager, call) is True
    assert permissions.can_manage_instruction(AdministratorFactory(), call) is True
    for user in (other_manager, inactive_manager, reviewers[0], AnonymousUser()):
        assert permissions.can_manage_instruction(user, call) is False
    inactive_admin = AdministratorFactory(username="ancien-admin", is_active=False)
    assert permissions.can_manage_instruction(inactive_admin, call) is False


def test_can_be_assigned(call, reviewers, outside_reviewer, manager):
    assert permissions.can_be_assigned(reviewers[0], call) is True
    assert permissions.can_be_assigned(outside_reviewer, call) is False
    assert permissions.can_be_assigned(manager, call) is False
    assert permissions.can_be_assigned(UserFactory(), call) is False


@pytest.fixture
def assignment(dossier, manager, reviewers):
    return assign(dossier, reviewers[0], manager)


def _answers(user, assignment):
    return (
        permissions.is_own(user, assignment),
        permissions.can_answer_conflict_question(user, assignment),
        permissions.can_read_dossier(user, assignment),
        permissions.can_score(user, assignment),
        permissions.can_see_peer_reviews(user, assignment),
    )


def test_pending_assignment(assignment, reviewers, manager):
    assert _answers(reviewers[0], assignment) == (True, True, False, False, False)
    for user in (reviewers[1], manager, AnonymousUser()):
        assert _answers(user, assignment) == (False,) * 5


def test_accepted_then_draft_then_submitted(assignment, reviewers, criteria):
    accepted(assignment)
    assignment.refresh_from_db()
    assert _answers(reviewers[0], assignment) == (True, False, True, True, False)
    draft_review(assignment, {criteria[0].pk: 3})
    assignment.refresh_from_db()
    assert _answers(reviewers[0], assignment) == (True, False, True, True, False)
    submitted_review(assignment, {criteria[0].pk: 4, criteria[1].pk: 5})
    assignment.refresh_from_db()
    assert _answers(reviewers[0], assignment) == (True, False, True, False, True)
    assert _answers(reviewers[1], assignment) == (False,) * 5


def test_peer_reviews_hidden_when_the_call_says_so(
    call, assignment, reviewers, criteria
):
    submitted_review(assignment, {criteria[0].pk: 4, criteria[1].pk: 5})
    call.peer_reviews_visible = False
    call.save(update_fields=["peer_reviews_visible"])
    assignment.refresh_from_db()
    assert permissions.can_see_peer_reviews(reviewers[0], assignment) is False


def test_conflict_or_removal_closes_everything(assignment, reviewers, manager):
    services.conflict_declare(assignment=assignment, user=reviewers[0], reason="X")
    assignment.refresh_from_db()
    assert _answers(reviewers[0], assignment) == (True, False, False, False, False)
    services.assignment_remove(assignment=assignment, user=manager, reason="Conflit.")
    assignment.refresh_from_db()
    assert _answers(reviewers[0], assignment)[1:] == (False,) * 4


def test_a_reviewer_who_left_is_no_longer_the_assigned_one(assignment, reviewers):
    reviewers[0].is_active = False
    assert _answers(reviewers[0], assignment) == (False,) * 5
