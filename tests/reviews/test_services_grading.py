"""The reviewer's grid: drafts, submission, and the manager's reopening."""

from decimal import Decimal

import pytest
from django.utils.translation import gettext as _

from applications.enums import ApplicationState
from reviews import services
from reviews.enums import ReviewStatus
from reviews.exceptions import (
    AttestationRequired,
    ReviewError,
    ReviewLocked,
    ReviewPermissionRefused,
    ScoresInvalid,
)
from reviews.models import Score
from tests.factories import (
    CallFactory,
    CriterionFactory,
    ManagerFactory,
    ReviewerFactory,
    assign,
    state_without_service,
    submitted_review,
    under_review,
)
from tests.factories.reviews import accepted, draft_review


@pytest.fixture
def assignment(dossier, manager, reviewers):
    return accepted(assign(dossier, reviewers[0], manager))


def _submit(assignment, scores, **kwargs):
    kwargs.setdefault("comment", "Avis général.")
    kwargs.setdefault("recommendation", "favourable")
    return services.review_submit(
        assignment=assignment, user=assignment.reviewer, scores=scores, **kwargs
    )


# Drafts ------------------------------------------------------------------------------


def test_review_save_draft_partial_then_again(assignment, criteria, recorded):
    first, second = criteria
    with recorded() as new:
        review = services.review_save_draft(
            assignment=assignment,
            user=assignment.reviewer,
            scores={first.pk: "2,5", second.pk: ""},
            comments={first.pk: "  À préciser.  "},
        )
    assert review.status == ReviewStatus.DRAFT
    assert review.total is None
    assert {s.criterion_id: (s.value, s.comment) for s in review.scores.all()} == {
        first.pk: (Decimal("2.50"), "À préciser."),
        second.pk: (None, ""),
    }
    assert new.actions == ["review.draft_saved"]
    assert new.entries[0].details == {"scored": 1}
    assert new.emails == []
    # A score below half of the maximum needs no comment in a draft.
    review = services.review_save_draft(
        assignment=assignment,
        user=assignment.reviewer,
        scores={str(first.pk): 1, str(second.pk): Decimal("7.25")},
        comment="Brouillon",
        recommendation="reserved",
    )
    assert Score.objects.filter(review=review).count() == 2
    assert {s.criterion_id: s.value for s in review.scores.all()} == {
        first.pk: Decimal(1),
        second.pk: Decimal("7.25"),
    }
    assert (review.comment, review.recommendation) == ("Brouillon", "reserved")


# Submission ------------------------------------------------------------------------


def test_review_submit_computes_the_total(assignment, criteria, recorded):
    first, second = criteria
    draft_review(assignment, {first.pk: 1})
    with recorded() as new:
        review = _submit(assignment, {first.pk: 4, second.pk: "5"})
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED
    assert review.total == Decimal("87.5")
    assert review.submitted_at is not None
    assert new.actions == ["review.submitted"]
    assert new.entries[0].details == {
        "total": "87.5000",
        "recommendation": "favourable",
    }
    assert new.emails == []


def test_review_submit_with_decimal_weights(call, manager, reviewers):
    light = CriterionFactory(call=call, weight=Decimal("1.5"), max_score=4)
    lighter = CriterionFactory(call=call, weight=Decimal("0.25"), max_score=10)
    dossier = under_review(call, manager=manager)
    assignment = assign(dossier, reviewers[0], manager)
    review = submitted_review(assignment, {light.pk: 3, lighter.pk: "2.5"})
    # 100 * (1.5 * 3/4 + 0.25 * 2.5/10) / 1.75 = 67.857142…
    assert review.total == Decimal("67.8571")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (-1, "The score must be between 0 and %(max)d."),
        (5, "The score must be between 0 and %(max)d."),
        ("4.01", "The score must be between 0 and %(max)d."),
        ("abc", "Enter a number."),
        ("NaN", "Enter a number."),
        (True, "Enter a number."),
        ("1.234", "Use at most two decimals."),
        (None, "Score this criterion."),
    ],
)
def test_review_submit_refuses_a_bad_score(
    value, message, assignment, criteria, nothing_changes
):
    first, second = criteria
    with nothing_changes(), pytest.raises(ScoresInvalid) as refused:
        _submit(
            assignment,
            {first.pk: value, second.pk: 5},
            comments={first.pk: "Commentaire."},
        )
    assert refused.value.errors == {first.pk: [_(message) % {"max": 4}]}
    assert refused.value.message == _(
        "The grid contains errors: check the scores and comments."
    )


@pytest.mark.parametrize("value", [-1, 11, "x", "2.555"])
def test_review_save_draft_refuses_a_bad_score(
    value, assignment, criteria, nothing_changes
):
    with nothing_changes(), pytest.raises(ScoresInvalid) as refused:
        services.review_save_draft(
            assignment=assignment,
            user=assignment.reviewer,
            scores={criteria[1].pk: value},
        )
    assert list(refused.value.errors) == [criteria[1].pk]


def test_review_submit_needs_a_comment_below_half(
    assignment, criteria, nothing_changes
):
    first, second = criteria
    with nothing_changes(), pytest.raises(ScoresInvalid) as refused:
        _submit(assignment, {first.pk: "1.99", second.pk: "4.99"})
    explain = [_("Explain a score below half of the maximum in a comment.")]
    assert refused.value.errors == {first.pk: explain, second.pk: explain}
    # Exactly half of the maximum needs none.
    review = _submit(
        assignment,
        {first.pk: 2, second.pk: "4.99"},
        comments={second.pk: "Territoire mal couvert."},
    )
    assert review.total == Decimal("49.975")


def test_review_submit_reports_every_problem_at_once(
    assignment, criteria, nothing_changes
):
    first, second = criteria
    with nothing_changes(), pytest.raises(ScoresInvalid) as refused:
        _submit(assignment, {first.pk: 4}, comment="  ", recommendation="")
    assert refused.value.errors == {
        second.pk: [_("Score this criterion.")],
        "recommendation": [_("Choose a recommendation.")],
        "comment": [_("Write a general comment.")],
    }


def test_review_recommendation_must_be_a_choice(assignment, criteria, nothing_changes):
    with nothing_changes(), pytest.raises(ScoresInvalid) as refused:
        services.review_save_draft(
            assignment=assignment,
            user=assignment.reviewer,
            scores={},
            recommendation="excellent",
        )
    assert refused.value.errors == {"recommendation": [_("Choose a recommendation.")]}


@pytest.mark.parametrize("key", [999999, "pas-un-critère", None])
def test_review_refuses_an_unknown_criterion(
    key, assignment, criteria, nothing_changes
):
    with nothing_changes(), pytest.raises(ScoresInvalid) as refused:
        services.review_save_draft(
            assignment=assignment, user=assignment.reviewer, scores={key: 1}
        )
    assert refused.value.message == _(
        "A score refers to a criterion outside this call's grid."
    )
    with nothing_changes(), pytest.raises(ScoresInvalid):
        services.review_save_draft(
            assignment=assignment,
            user=assignment.reviewer,
            scores={},
            comments={key: "Texte"},
        )


def test_review_criterion_of_another_call_is_unknown(
    assignment, criteria, nothing_changes
):
    foreign = CriterionFactory(call=CallFactory())
    with nothing_changes(), pytest.raises(ScoresInvalid):
        services.review_save_draft(
            assignment=assignment, user=assignment.reviewer, scores={foreign.pk: 1}
        )


def test_submitted_review_is_read_only(assignment, criteria, nothing_changes):
    first, second = criteria
    _submit(assignment, {first.pk: 4, second.pk: 5})
    with nothing_changes(), pytest.raises(ReviewLocked):
        services.review_save_draft(
            assignment=assignment, user=assignment.reviewer, scores={first.pk: 1}
        )
    with nothing_changes(), pytest.raises(ReviewLocked):
        _submit(assignment, {first.pk: 3, second.pk: 5})


def test_review_refused_before_attestation(
    dossier, manager, reviewers, criteria, nothing_changes
):
    pending = assign(dossier, reviewers[0], manager)
    first, second = criteria
    with nothing_changes(), pytest.raises(AttestationRequired):
        services.review_save_draft(
            assignment=pending, user=reviewers[0], scores={first.pk: 1}
        )
    with nothing_changes(), pytest.raises(AttestationRequired):
        _submit(pending, {first.pk: 4, second.pk: 5})


@pytest.mark.parametrize("who", ["other_reviewer", "manager", "applicant"])
def test_review_refused_to_anyone_but_the_reviewer(
    who, assignment, criteria, manager, reviewers, dossier, nothing_changes
):
    user = {
        "other_reviewer": reviewers[1],
        "manager": manager,
        "applicant": dossier.created_by,
    }[who]
    with nothing_changes(), pytest.raises(ReviewPermissionRefused):
        services.review_save_draft(
            assignment=assignment, user=user, scores={criteria[0].pk: 1}
        )
    with nothing_changes(), pytest.raises(ReviewPermissionRefused):
        services.review_submit(
            assignment=assignment,
            user=user,
            scores={criteria[0].pk: 4, criteria[1].pk: 5},
            comment="Avis.",
            recommendation="favourable",
        )


def test_review_refused_after_a_declared_conflict_or_a_removal(
    assignment, criteria, manager, nothing_changes
):
    reviewer = assignment.reviewer
    draft_review(assignment, {criteria[0].pk: 3})
    services.conflict_declare(assignment=assignment, user=reviewer, reason="Lien.")
    with nothing_changes(), pytest.raises(ReviewPermissionRefused) as refused:
        services.review_save_draft(
            assignment=assignment, user=reviewer, scores={criteria[0].pk: 4}
        )
    assert refused.value.message == _("This dossier is no longer assigned to you.")
    services.assignment_remove(assignment=assignment, user=manager, reason="Conflit.")
    with nothing_changes(), pytest.raises(ReviewPermissionRefused):
        _submit(assignment, {criteria[0].pk: 4, criteria[1].pk: 5})


def test_review_refused_once_the_dossier_is_reviewed(
    assignment, criteria, manager, dossier, nothing_changes
):
    state_without_service(dossier, ApplicationState.REVIEWED, by=manager)
    with nothing_changes(), pytest.raises(ReviewError):
        services.review_save_draft(
            assignment=assignment, user=assignment.reviewer, scores={}
        )


def test_review_refused_without_a_grid(db, nothing_changes):
    call = CallFactory()
    manager = ManagerFactory(authority=call.authority)
    reviewer = ReviewerFactory(authority=call.authority)
    assignment = accepted(
        assign(under_review(call, manager=manager), reviewer, manager)
    )
    with nothing_changes(), pytest.raises(ReviewError) as refused:
        services.review_save_draft(assignment=assignment, user=reviewer, scores={})
    assert refused.value.message == _("This call has no evaluation grid yet.")


# Reopening -------------------------------------------------------------------------


def test_review_reopen_gives_the_review_back(
    assignment, criteria, manager, dossier, recorded
):
    first, second = criteria
    review = _submit(assignment, {first.pk: 4, second.pk: 5})
    with recorded() as new:
        reopened = services.review_reopen(
            review=review, user=manager, reason="Erreur de saisie signalée."
        )
    assert reopened.status == ReviewStatus.DRAFT
    assert (reopened.total, reopened.submitted_at) == (None, None)
    assert new.actions == ["review.reopened"]
    assert new.entries[0].details == {"reason": "Erreur de saisie signalée."}
    [email] = new.emails
    assert email.template == "review_reopened"
    assert email.to == [assignment.reviewer.email]
    assert email.subject == f"[{dossier.reference}] Votre évaluation est rouverte"
    assert "Erreur de saisie signalée." in email.body
    assert (
        f"http://testserver/admin/instruction/evaluations/{assignment.pk}/"
        in email.body
    )
    # The scores are kept, and the reviewer may change and submit them again.
    draft_review(assignment, {first.pk: 3})
    again = _submit(assignment, {first.pk: 3, second.pk: 5})
    assert again.total == Decimal("68.75")


def test_review_reopen_refusals(
    assignment, criteria, manager, other_manager, reviewers, nothing_changes
):
    first, second = criteria
    draft = draft_review(assignment, {first.pk: 3})
    with nothing_changes(), pytest.raises(ReviewError) as refused:
        services.review_reopen(review=draft, user=manager, reason="X")
    assert refused.value.message == _("Only a submitted review can be reopened.")
    review = _submit(assignment, {first.pk: 4, second.pk: 5})
    for user in (other_manager, assignment.reviewer, reviewers[1]):
        with nothing_changes(), pytest.raises(ReviewPermissionRefused):
            services.review_reopen(review=review, user=user, reason="X")
    with nothing_changes(), pytest.raises(ReviewError) as refused:
        services.review_reopen(review=review, user=manager, reason="")
    assert refused.value.message == _("Give the reason for reopening the review.")
    services.conflict_declare(
        assignment=assignment, user=assignment.reviewer, reason="Lien découvert."
    )
    with nothing_changes(), pytest.raises(ReviewError) as refused:
        services.review_reopen(review=review, user=manager, reason="X")
    assert refused.value.message == _(
        "This reviewer is no longer assigned to the dossier."
    )
