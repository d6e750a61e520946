"""The ranking of a call: raw (the consolidated scores) and normalised (each
reviewer's totals standardised across the call).

Both run a fixed number of queries whatever the number of dossiers: the scores
are aggregated in the database (``_annotations.with_scores``); Python only turns
the aggregates into exact decimals and numbers the ranks.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Max, Min, Q, QuerySet, Sum

from applications.models import Application

from ..enums import AssignmentStatus, ReviewStatus
from ..scoring import quantize, z_scores
from ._annotations import (
    INSTRUCTION_STATES,
    consolidation_of,
    counted_reviews,
    exact_scores,
    with_scores,
)


@dataclass(frozen=True)
class RankingRow:
    application: Application
    score: Decimal | None  # on 100, four decimals; None without a counted review
    spread: Decimal | None
    flagged: bool
    reviews_count: int
    rank: int | None  # shared by equal scores (1, 2, 2, 4); None without a score


def ranked_applications(call) -> QuerySet[Application]:
    """The call's dossiers in instruction, annotated ``with_scores``, best first."""
    return with_scores(
        Application.objects.filter(call=call, state__in=INSTRUCTION_STATES)
        .select_related("organisation", "consolidation")
        .order_by()
    ).order_by(F("score").desc(nulls_last=True), "reference")


def _rank_key(row):
    # Sorted again on the exact decimals: SQLite sorts its floating-point means,
    # which may tell apart two dossiers whose scores are equal.
    return (row[1] is None, -(row[1] or 0), row[0].reference)


# A review counts when its reviewer accepted (no conflict, not removed) and it
# is submitted: ``_annotations.counted_reviews`` as a join condition.
_COUNTED = Q(
    assignments__status=AssignmentStatus.ACCEPTED,
    assignments__review__status=ReviewStatus.SUBMITTED,
)


def _with_review_aggregates(applications: QuerySet) -> QuerySet:
    """The ``live_*`` aggregates of ``_annotations.with_scores`` in one grouped
    join, which the database computes far faster than one correlated subquery
    per aggregate and dossier; ``exact_scores`` reads them the same way."""
    total = "assignments__review__total"
    return applications.annotate(
        live_sum=Sum(total, filter=_COUNTED),
        live_count=Count("assignments", filter=_COUNTED),
        live_max=Max(total, filter=_COUNTED),
        live_min=Min(total, filter=_COUNTED),
    )


def ranking_for_call(call) -> list[RankingRow]:
    """The call's dossiers under review or reviewed (then decided), best first,
    equal scores by reference, dossiers without a score last. One query."""
    applications = _with_review_aggregates(
        Application.objects.filter(call=call, state__in=INSTRUCTION_STATES)
        .select_related("organisation", "consolidation")
        .order_by()
    )
    threshold = call.spread_threshold
    scored = []
    for application in applications:
        score, spread, count = exact_scores(application)
        consolidation = consolidation_of(application)
        if consolidation is not None:
            flagged = consolidation.flagged
        else:
            flagged = None not in (spread, threshold) and spread > threshold
        scored.append((application, score, spread, count, flagged))
    scored.sort(key=_rank_key)
    rows, previous, rank = [], None, 0
    for position, (application, score, spread, count, flagged) in enumerate(
        scored, start=1
    ):
        if score is not None and score != previous:
            rank, previous = position, score
        rows.append(
            RankingRow(
                application=application,
                score=score,
                spread=spread,
                flagged=flagged,
                reviews_count=count,
                rank=rank if score is not None else None,
            )
        )
    return rows


@dataclass(frozen=True)
class ReviewerNorm:
    """One reviewer's totals across the call."""

    reviewer: object  # a User
    reviews_count: int
    mean: Decimal | None
    stdev: float | None  # population standard deviation of their totals
    qualifies: bool  # enough reviews (the call's threshold) and not all equal


@dataclass(frozen=True)
class NormalisedRow:
    application: Application
    score: Decimal | None
    normalised: float | None  # mean z-score of its qualifying reviewers' totals
    normalised_count: int  # how many reviews the normalised score is made of
    rank_raw: int | None
    rank_normalised: int | None
    median: Decimal | None = None
    spread: Decimal | None = None
    flagged: bool = False
    reviews_count: int = 0


@dataclass(frozen=True)
class NormalisedRanking:
    rows: list[NormalisedRow]
    reviewers: list[ReviewerNorm]
    min_reviews: int  # the call's threshold for a reviewer to qualify


def _counted_totals(call):
    """``(application pk, reviewer, total)`` of every counted review of the
    call's dossiers in instruction, with the reviewer: one query."""
    reviews = (
        counted_reviews()
        .filter(
            assignment__application__call=call,
            assignment__application__state__in=INSTRUCTION_STATES,
        )
        .select_related("assignment__reviewer")
        .order_by("assignment__reviewer__last_name", "assignment__reviewer_id", "pk")
    )
    return [
        (review.assignment.application_id, review.assignment.reviewer, review.total)
        for review in reviews
    ]


def _reviewer_norms(totals, minimum: int):
    """Each reviewer's norm, and ``{(application pk, reviewer pk): z-score}``
    for the reviewers who qualify."""
    by_reviewer: dict[int, list] = defaultdict(list)
    users = {}
    for application_id, reviewer, total in totals:
        users[reviewer.pk] = reviewer
        by_reviewer[reviewer.pk].append((application_id, Decimal(total)))
    norms, z_of = [], {}
    for reviewer_pk, items in by_reviewer.items():
        values = [total for _pk, total in items]
        zs = z_scores(values)
        stdev = statistics.pstdev([float(v) for v in values]) if values else None
        qualifies = len(values) >= minimum and zs is not None
        norms.append(
            ReviewerNorm(
                reviewer=users[reviewer_pk],
                reviews_count=len(values),
                mean=quantize(sum(values, Decimal(0)) / len(values)),
                stdev=stdev,
                qualifies=qualifies,
            )
        )
        if qualifies:
            for (application_id, _total), z in zip(items, zs, strict=True):
                z_of[(application_id, reviewer_pk)] = z
    return norms, z_of


def _median(application, totals_of) -> Decimal | None:
    consolidation = consolidation_of(application)
    if consolidation is not None:
        return quantize(consolidation.median)
    values = totals_of.get(application.pk)
    if not values:
        return None
    return quantize(Decimal(statistics.median(values)))


def normalised_ranking(call) -> NormalisedRanking:
    """The ranking with each dossier's normalised score: the mean of the
    z-scores of its reviews whose reviewer qualifies (enough reviews in the
    call, ``call.normalisation_min_reviews``, and not all equal).

    Rows by normalised score (dossiers without one last), then raw score, then
    reference. Two queries.
    """
    raw = ranking_for_call(call)
    totals = _counted_totals(call)
    minimum = call.normalisation_min_reviews
    norms, z_of = _reviewer_norms(totals, minimum)
    zs_of_dossier: dict[int, list[float]] = defaultdict(list)
    totals_of: dict[int, list[Decimal]] = defaultdict(list)
    for application_id, reviewer, total in totals:
        totals_of[application_id].append(Decimal(total))
        if (application_id, reviewer.pk) in z_of:
            zs_of_dossier[application_id].append(z_of[(application_id, reviewer.pk)])
    entries = []
    for row in raw:
        zs = zs_of_dossier.get(row.application.pk, [])
        normalised = statistics.fmean(zs) if zs else None
        entries.append((row, normalised, len(zs)))
    entries.sort(
        key=lambda entry: (
            entry[1] is None,
            -(entry[1] or 0.0),
            entry[0].score is None,
            -(entry[0].score or 0),
            entry[0].application.reference,
        )
    )
    rows, previous, rank = [], None, 0
    for position, (row, normalised, count) in enumerate(entries, start=1):
        if normalised is not None and normalised != previous:
            rank, previous = position, normalised
        rows.append(
            NormalisedRow(
                application=row.application,
                score=row.score,
                normalised=normalised,
                normalised_count=count,
                rank_raw=row.rank,
                rank_normalised=rank if normalised is not None else None,
                median=_median(row.application, totals_of),
                spread=row.spread,
                flagged=row.flagged,
                reviews_count=row.reviews_count,
            )
        )
    norms.sort(
        key=lambda norm: (
            norm.reviewer.last_name,
            norm.reviewer.first_name,
            norm.reviewer.pk,
        )
    )
    return NormalisedRanking(rows=rows, reviewers=norms, min_reviews=minimum)
