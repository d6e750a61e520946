"""Completing the review of a dossier: who counts, and the frozen score."""

from decimal import Decimal

import pytest
from django.utils.translation import gettext as _
from django_fsm_log.models import StateLog

from applications.enums import ApplicationState
from applications.models import Application
from reviews import services
from reviews.exceptions import CompletionRefused, ReviewError, ReviewPermissionRefused
from reviews.models import Consolidation
from tests.factories import (
    ApplicationFactory,
    ManagerFactory,
    assign,
    submitted_review,
)
from tests.factories.reviews import draft_review

A = {0: 4, 1: 5}  # 87.5
B = {0: 2, 1: 10}  # 62.5
TOP = {0: 4, 1: 10}  # 100


def _scores(criteria, values):
    return {criteria[i].pk: v for i, v in values.items()}


def _review(dossier, reviewer, manager, criteria, values):
    assignment = assign(dossier, reviewer, manager)
    submitted_review(assignment, _scores(criteria, values))
    return assignment


def _complete(dossier, manager):
    services.application_complete_review(application=dossier, user=manager)
    return Consolidation.objects.get(application=dossier)


def _not_submitted(reviewer):
    return _("%(name)s has not submitted their review.") % {
        "name": reviewer.get_full_name()
    }


def _too_few(count, minimum):
    return _("%(count)d submitted review(s); this call requires at least %(min)d.") % {
        "count": count,
        "min": minimum,
    }


def test_complete_worked_example_freezes_the_score(
    dossier, criteria, manager, reviewers, recorded
):
    _review(dossier, reviewers[0], manager, criteria, A)
    _review(dossier, reviewers[1], manager, criteria, B)
    with recorded() as new:
        consolidation = _complete(dossier, manager)
    assert (consolidation.score, consolidation.median) == (Decimal(75), Decimal(75))
    assert consolidation.spread == Decimal(25)
    assert consolidation.flagged is True  # 25 > 20
    assert consolidation.reviews_count == 2
    assert consolidation.frozen_by == manager
    assert new.actions == ["consolidation.frozen"]
    assert new.entries[0].details == {
        "score": "75.0000",
        "median": "75.0000",
        "spread": "25.0000",
        "flagged": True,
        "reviews": 2,
    }
    assert new.emails == []
    dossier.refresh_from_db()
    assert dossier.state == ApplicationState.REVIEWED
    log = StateLog.objects.for_(dossier).get(transition="complete_review")
    assert log.by == manager
    assert log.description == _(
        "Review completed: consolidated score %(score)s/100."
    ) % {"score": "75,0"}


@pytest.mark.parametrize(("threshold", "flagged"), [(25, False), (30, False)])
def test_complete_flag_follows_the_call_threshold(
    threshold, flagged, call, dossier, criteria, manager, reviewers
):
    call.spread_threshold = Decimal(threshold)
    call.save(update_fields=["spread_threshold"])
    _review(dossier, reviewers[0], manager, criteria, A)
    _review(dossier, reviewers[1], manager, criteria, B)
    assert _complete(dossier, manager).flagged is flagged


def test_complete_with_one_reviewer(call, dossier, criteria, manager, reviewers):
    call.min_reviews = 1
    call.save(update_fields=["min_reviews"])
    _review(dossier, reviewers[0], manager, criteria, B)
    consolidation = _complete(dossier, manager)
    assert (consolidation.score, consolidation.median) == (
        Decimal("62.5"),
        Decimal("62.5"),
    )
    assert (consolidation.spread, consolidation.flagged) == (0, False)
    assert consolidation.reviews_count == 1


def test_complete_median_beside_the_mean(call, dossier, criteria, manager, reviewers):
    call.min_reviews = 3
    call.save(update_fields=["min_reviews"])
    for reviewer, values in zip(reviewers, (TOP, A, B), strict=False):
        _review(dossier, reviewer, manager, criteria, values)
    consolidation = _complete(dossier, manager)
    assert consolidation.score == Decimal("83.3333")  # 250 / 3
    assert consolidation.median == Decimal("87.5")
    assert consolidation.spread == Decimal("37.5")
    assert consolidation.reviews_count == 3


def test_complete_refused_while_a_review_is_missing(
    dossier, criteria, manager, reviewers, nothing_changes
):
    _review(dossier, reviewers[0], manager, criteria, A)
    assign(dossier, reviewers[1], manager)  # not even attested
    draft_review(assign(dossier, reviewers[2], manager), _scores(criteria, {0: 3}))
    with nothing_changes(), pytest.raises(CompletionRefused) as refused:
        services.application_complete_review(application=dossier, user=manager)
    assert refused.value.reasons == [
        _not_submitted(reviewers[1]),
        _not_submitted(reviewers[2]),
        _too_few(1, 2),
    ]
    assert services.completion_problems(dossier) == refused.value.reasons


def test_complete_without_any_reviewer(dossier, manager, nothing_changes):
    with nothing_changes(), pytest.raises(CompletionRefused) as refused:
        services.application_complete_review(application=dossier, user=manager)
    assert refused.value.reasons == [_too_few(0, 2)]


def test_conflicted_reviewer_does_not_count(
    dossier, criteria, manager, reviewers, nothing_changes
):
    _review(dossier, reviewers[0], manager, criteria, A)
    conflicted = _review(dossier, reviewers[1], manager, criteria, TOP)
    services.conflict_declare(
        assignment=conflicted, user=reviewers[1], reason="Lien découvert."
    )
    with nothing_changes(), pytest.raises(CompletionRefused) as refused:
        services.application_complete_review(application=dossier, user=manager)
    assert refused.value.reasons == [_too_few(1, 2)]
    _review(dossier, reviewers[2], manager, criteria, B)
    consolidation = _complete(dossier, manager)
    assert consolidation.score == Decimal(75)  # 87.5 and 62.5, not 100
    assert consolidation.reviews_count == 2


def test_removed_reviewer_does_not_count(dossier, criteria, manager, reviewers):
    _review(dossier, reviewers[0], manager, criteria, A)
    removed = _review(dossier, reviewers[1], manager, criteria, TOP)
    services.assignment_remove(assignment=removed, user=manager, reason="Absent.")
    _review(dossier, reviewers[2], manager, criteria, B)
    consolidation = _complete(dossier, manager)
    assert consolidation.score == Decimal(75)
    assert consolidation.spread == Decimal(25)


def test_reopened_review_counts_once_submitted_again(
    dossier, criteria, manager, reviewers, nothing_changes
):
    _review(dossier, reviewers[0], manager, criteria, A)
    second = _review(dossier, reviewers[1], manager, criteria, TOP)
    services.review_reopen(review=second.review, user=manager, reason="Erreur.")
    with nothing_changes(), pytest.raises(CompletionRefused) as refused:
        services.application_complete_review(application=dossier, user=manager)
    assert refused.value.reasons == [_not_submitted(reviewers[1]), _too_few(1, 2)]
    submitted_review(second, _scores(criteria, B))
    assert _complete(dossier, manager).score == Decimal(75)


def test_frozen_score_survives_a_change_of_weights(
    dossier, criteria, manager, reviewers
):
    _review(dossier, reviewers[0], manager, criteria, A)
    _review(dossier, reviewers[1], manager, criteria, B)
    _complete(dossier, manager)
    criteria[0].weight = Decimal(1)
    criteria[0].save(update_fields=["weight"])
    consolidation = Consolidation.objects.get(application=dossier)
    assert (consolidation.score, consolidation.spread) == (Decimal(75), Decimal(25))
    assert consolidation.flagged is True


@pytest.mark.parametrize(
    "who", ["reviewer", "other_manager", "inactive_manager", "applicant"]
)
def test_complete_refused_to_non_managers(
    who, request, dossier, criteria, manager, reviewers, nothing_changes
):
    _review(dossier, reviewers[0], manager, criteria, A)
    _review(dossier, reviewers[1], manager, criteria, B)
    user = {
        "reviewer": lambda: reviewers[0],
        "applicant": lambda: dossier.created_by,
    }.get(who, lambda: request.getfixturevalue(who))()
    with nothing_changes(), pytest.raises(ReviewPermissionRefused):
        services.application_complete_review(application=dossier, user=user)


def test_complete_refused_unless_under_review(call, manager, nothing_changes):
    draft = ApplicationFactory(call=call)
    with nothing_changes(), pytest.raises(ReviewError) as refused:
        services.application_complete_review(application=draft, user=manager)
    assert refused.value.message == _(
        "The dossier %(reference)s is not under review."
    ) % {"reference": draft.reference}


def test_two_managers_complete_once(
    call, dossier, criteria, manager, reviewers, nothing_changes
):
    """Both loaded the dossier; the second to act is refused, clearly, and
    nothing is written twice (the dossier's row is locked and read afresh)."""
    colleague = ManagerFactory(username="gestionnaire-b", authority=call.authority)
    _review(dossier, reviewers[0], manager, criteria, A)
    _review(dossier, reviewers[1], manager, criteria, B)
    seen_by_first = Application.objects.get(pk=dossier.pk)
    seen_by_second = Application.objects.get(pk=dossier.pk)
    services.application_complete_review(application=seen_by_first, user=manager)
    with nothing_changes(), pytest.raises(ReviewError) as refused:
        services.application_complete_review(application=seen_by_second, user=colleague)
    assert refused.value.message == _(
        "The review of the dossier %(reference)s is already completed."
    ) % {"reference": dossier.reference}
    assert Consolidation.objects.filter(application=dossier).count() == 1
    assert (
        StateLog.objects.for_(dossier).filter(transition="complete_review").count() == 1
    )
