"""The raw and normalised rankings of a call, on hand-computed fixtures."""

from decimal import Decimal

import pytest

from applications.enums import ApplicationState
from reviews import services
from reviews.models import Consolidation
from reviews.selectors import normalised_ranking, ranking_for_call
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

from .builders import bulk_dossiers


def _scored(dossier, reviewer, manager, scores):
    return submitted_review(assign(dossier, reviewer, manager), scores)


def _row(rows, application):
    return next(row for row in rows if row.application.pk == application.pk)


def test_ranking_worked_example_is_75_spread_25_flagged(
    dossier, criteria, manager, reviewers
):
    first, second = criteria
    _scored(dossier, reviewers[0], manager, {first.pk: 4, second.pk: 5})
    _scored(dossier, reviewers[1], manager, {first.pk: 2, second.pk: 10})

    [row] = ranking_for_call(dossier.call)

    assert row.application == dossier
    assert row.score == Decimal("75.0")
    assert row.spread == Decimal("25.0")
    assert row.flagged is True
    assert row.reviews_count == 2
    assert row.rank == 1


def test_ranking_one_reviewer_only_has_no_spread(dossier, criteria, manager, reviewers):
    first, second = criteria
    _scored(dossier, reviewers[0], manager, {first.pk: 4, second.pk: 5})

    [row] = ranking_for_call(dossier.call)

    assert (row.score, row.spread, row.flagged, row.reviews_count) == (
        Decimal("87.5"),
        Decimal(0),
        False,
        1,
    )


def test_ranking_missing_review_scores_none_and_comes_last(
    call, criteria, manager, reviewers
):
    first, second = criteria
    scored = under_review(call, manager=manager)
    waiting = under_review(call, manager=manager)
    _scored(scored, reviewers[0], manager, {first.pk: 1, second.pk: 1})
    assign(waiting, reviewers[1], manager)

    rows = ranking_for_call(call)

    assert [row.application for row in rows] == [scored, waiting]
    assert (rows[1].score, rows[1].spread, rows[1].rank) == (None, None, None)
    assert rows[1].reviews_count == 0
    assert rows[1].flagged is False


def test_ranking_conflicted_removed_and_draft_reviews_do_not_count(
    dossier, criteria, manager, reviewers
):
    first, second = criteria
    _scored(dossier, reviewers[0], manager, {first.pk: 4, second.pk: 5})  # 87.5
    conflicted = _scored(dossier, reviewers[1], manager, {first.pk: 0, second.pk: 0})
    services.conflict_declare(
        assignment=conflicted.assignment, user=reviewers[1], reason="Ancien employeur"
    )
    removed = _scored(dossier, reviewers[2], manager, {first.pk: 1, second.pk: 0})
    services.assignment_remove(
        assignment=removed.assignment, user=manager, reason="Indisponible"
    )
    draft = assign(dossier, reviewers[3], manager)
    services.assignment_accept(assignment=draft, user=reviewers[3])
    services.review_save_draft(
        assignment=draft, user=reviewers[3], scores={first.pk: 0, second.pk: 0}
    )

    [row] = ranking_for_call(dossier.call)

    assert (row.score, row.reviews_count, row.spread) == (Decimal("87.5"), 1, 0)


def test_ranking_decimal_weights(manager):
    call = CallFactory(min_reviews=1, authority=manager.authorities.first())
    heavy = CriterionFactory(call=call, weight=Decimal("1.5"), max_score=4)
    light = CriterionFactory(call=call, weight=Decimal("0.5"), max_score=5)
    reviewer = ReviewerFactory(authority=call.authority)
    dossier = under_review(call, manager=manager)
    # 100 * (1.5 * 3/4 + 0.5 * 2/5) / 2 = 100 * (1.125 + 0.2) / 2 = 66.25
    _scored(dossier, reviewer, manager, {heavy.pk: 3, light.pk: 2})

    [row] = ranking_for_call(call)

    assert row.score == Decimal("66.25")


def test_ranking_spread_at_threshold_is_not_flagged(
    dossier, criteria, manager, reviewers
):
    first, second = criteria
    dossier.call.spread_threshold = Decimal("25")
    dossier.call.save()
    _scored(dossier, reviewers[0], manager, {first.pk: 4, second.pk: 5})
    _scored(dossier, reviewers[1], manager, {first.pk: 2, second.pk: 10})

    [row] = ranking_for_call(dossier.call)

    assert row.spread == Decimal(25)
    assert row.flagged is False


def test_ranking_ties_by_reference_share_a_rank_and_none_last(call, reviewers):
    call.spread_threshold = Decimal(20)
    call.save()
    scores = {0: 80, 1: 60, 2: 80, 3: 90}
    dossiers = bulk_dossiers(
        call, 4, reviewers=reviewers[:1], totals=lambda i, j: scores[i]
    )
    [unscored] = bulk_dossiers(call, 1)

    rows = ranking_for_call(call)

    assert [row.application.reference for row in rows] == [
        dossiers[3].reference,
        dossiers[0].reference,
        dossiers[2].reference,
        dossiers[1].reference,
        unscored.reference,
    ]
    assert [row.rank for row in rows] == [1, 2, 2, 4, None]
    assert [row.score for row in rows] == [90, 80, 80, 60, None]


def test_ranking_exact_on_means_that_floats_would_round(call, reviewers):
    totals = {
        0: [Decimal("70.1234"), Decimal("80.4567"), Decimal("60.0001")],
        1: [Decimal("70.1235"), Decimal("80.4566"), Decimal("60.0001")],
    }
    bulk_dossiers(call, 2, reviewers=reviewers[:3], totals=lambda i, j: totals[i][j])

    rows = ranking_for_call(call)

    # 210.5802 / 3 = 70.1934; equal means tie on the reference.
    assert [row.score for row in rows] == [Decimal("70.1934"), Decimal("70.1934")]
    assert [row.rank for row in rows] == [1, 1]
    assert rows[0].application.reference < rows[1].application.reference
    assert rows[0].spread == Decimal("20.4566")


def test_ranking_uses_the_frozen_consolidation(dossier, criteria, manager, reviewers):
    first, second = criteria
    _scored(dossier, reviewers[0], manager, {first.pk: 4, second.pk: 5})
    _scored(dossier, reviewers[1], manager, {first.pk: 2, second.pk: 10})
    services.application_complete_review(application=dossier, user=manager)
    # The frozen values prevail over what the reviews would give today.
    Consolidation.objects.filter(application=dossier).update(
        score=Decimal("12.5"), spread=Decimal("3"), flagged=False, reviews_count=7
    )

    [row] = ranking_for_call(dossier.call)

    assert (row.score, row.spread, row.flagged, row.reviews_count) == (
        Decimal("12.5"),
        Decimal(3),
        False,
        7,
    )


def test_ranking_keeps_decided_dossiers_and_leaves_out_others(call, reviewers):
    manager = ManagerFactory(authority=call.authority)
    under = bulk_dossiers(call, 1, reviewers=reviewers[:1])
    accepted = bulk_dossiers(
        call, 1, reviewers=reviewers[:1], state=ApplicationState.ACCEPTED
    )
    bulk_dossiers(call, 1, reviewers=reviewers[:1], state=ApplicationState.SUBMITTED)
    reviewed = under_review(call, manager=manager)
    state_without_service(reviewed, ApplicationState.REVIEWED, by=manager)

    rows = ranking_for_call(call)

    assert {row.application.pk for row in rows} == {
        under[0].pk,
        accepted[0].pk,
        reviewed.pk,
    }


# Normalised ranking -----------------------------------------------------------


@pytest.fixture
def harsh_and_lenient(call, reviewers):
    """Reviewer 0 (lenient) scores dossiers 0-2: 90, 80, 70; reviewer 1 (harsh)
    scores dossiers 0-2: 40, 30, 50. Reviewer 2 scores only dossier 3: 60."""
    call.normalisation_min_reviews = 3
    call.save()
    first = bulk_dossiers(
        call,
        3,
        reviewers=reviewers[:2],
        totals=lambda i, j: [[90, 40], [80, 30], [70, 50]][i][j],
    )
    last = bulk_dossiers(call, 1, reviewers=reviewers[2:3], totals=lambda i, j: 60)
    return [*first, *last]


def test_normalised_ranking_z_scores_hand_computed(call, reviewers, harsh_and_lenient):
    d0, d1, d2, d3 = harsh_and_lenient

    ranking = normalised_ranking(call)

    # Each reviewer: mean 80 (resp. 40), population stdev sqrt(200/3) = 8.1650.
    # z: lenient (1.2247, 0, -1.2247), harsh (0, -1.2247, 1.2247).
    # d0 = (1.2247 + 0)/2 = 0.6124, d1 = -0.6124, d2 = 0, d3: no qualifying review.
    by_pk = {row.application.pk: row for row in ranking.rows}
    assert by_pk[d0.pk].normalised == pytest.approx(0.612372, abs=1e-6)
    assert by_pk[d1.pk].normalised == pytest.approx(-0.612372, abs=1e-6)
    assert by_pk[d2.pk].normalised == pytest.approx(0.0, abs=1e-12)
    assert by_pk[d3.pk].normalised is None
    assert [row.normalised_count for row in ranking.rows] == [2, 2, 2, 0]
    assert [row.application for row in ranking.rows] == [d0, d2, d1, d3]
    assert [row.rank_normalised for row in ranking.rows] == [1, 2, 3, None]
    # Raw: d0 65, d3 60, d2 60, d1 55 — ties by reference (d2 before d3).
    assert [row.rank_raw for row in ranking.rows] == [1, 2, 4, 2]
    assert [row.score for row in ranking.rows] == [65, 60, 55, 60]


def test_normalised_ranking_reviewers_threshold(call, reviewers, harsh_and_lenient):
    ranking = normalised_ranking(call)

    norms = {norm.reviewer.pk: norm for norm in ranking.reviewers}
    lenient, harsh, single = (norms[r.pk] for r in reviewers[:3])
    assert (lenient.reviews_count, lenient.mean, lenient.qualifies) == (
        3,
        Decimal(80),
        True,
    )
    assert lenient.stdev == pytest.approx((200 / 3) ** 0.5)
    assert (harsh.mean, harsh.qualifies) == (Decimal(40), True)
    assert (single.reviews_count, single.qualifies) == (1, False)
    assert ranking.min_reviews == 3


def test_normalised_ranking_below_threshold_gives_none(
    call, reviewers, harsh_and_lenient
):
    call.normalisation_min_reviews = 4
    call.save()

    ranking = normalised_ranking(call)

    assert all(row.normalised is None for row in ranking.rows)
    assert not any(norm.qualifies for norm in ranking.reviewers)
    # Without normalised scores, the raw order, ties by reference.
    assert [row.rank_raw for row in ranking.rows] == [1, 2, 2, 4]


def test_normalised_ranking_reviewer_with_equal_totals_does_not_qualify(
    call, reviewers
):
    call.normalisation_min_reviews = 2
    call.save()
    bulk_dossiers(call, 3, reviewers=reviewers[:1], totals=lambda i, j: 70)

    ranking = normalised_ranking(call)

    [norm] = ranking.reviewers
    assert (norm.stdev, norm.qualifies) == (0.0, False)
    assert all(row.normalised is None for row in ranking.rows)


def test_normalised_ranking_median(call, reviewers):
    bulk_dossiers(call, 1, reviewers=reviewers[:3], totals=lambda i, j: [10, 70, 40][j])

    [row] = normalised_ranking(call).rows

    assert (row.score, row.median, row.spread) == (Decimal(40), Decimal(40), 60)
