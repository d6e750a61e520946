"""The database expressions the selectors share: a dossier's counted reviews
(accepted assignment, review submitted) aggregated in correlated subqueries,
its frozen consolidation taking precedence, and its progress in the instruction.

Private to ``reviews.selectors``.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from applications.enums import ApplicationState

from ..enums import AssignmentStatus, ReviewStatus
from ..models import Assignment, Consolidation, Review
from ..scoring import quantize

# The states of a dossier whose instruction has started: under review, then
# reviewed, then decided.
INSTRUCTION_STATES = (
    ApplicationState.UNDER_REVIEW,
    ApplicationState.REVIEWED,
    ApplicationState.ACCEPTED,
    ApplicationState.REJECTED,
)
# The review of these is completed: their consolidation is frozen.
COMPLETED_STATES = (
    ApplicationState.REVIEWED,
    ApplicationState.ACCEPTED,
    ApplicationState.REJECTED,
)
ACTIVE_STATUSES = (AssignmentStatus.PENDING, AssignmentStatus.ACCEPTED)

SCORE_FIELD = DecimalField(max_digits=12, decimal_places=4)


class Progress:
    """Where a dossier stands in its instruction (the table's filter values)."""

    TO_ASSIGN = "to_assign"  # fewer active reviewers than the call's minimum
    IN_PROGRESS = "in_progress"
    READY = "ready"  # every active review submitted, the minimum reached
    COMPLETED = "completed"  # review completed, consolidation frozen

    ALL = (TO_ASSIGN, IN_PROGRESS, READY, COMPLETED)


def counted_reviews() -> QuerySet[Review]:
    """Reviews that count in a score: submitted, by a reviewer who attested no
    conflict and was not removed (a draft, a conflict or a removal never counts)."""
    return Review.objects.filter(
        assignment__status=AssignmentStatus.ACCEPTED, status=ReviewStatus.SUBMITTED
    )


def _aggregate(queryset, expression, output_field):
    """``expression`` aggregated over ``queryset``'s rows of the outer dossier."""
    return Subquery(
        queryset.order_by()
        .values("assignment__application")
        .annotate(value=expression)
        .values("value")[:1],
        output_field=output_field,
    )


def _counted_of_dossier():
    return counted_reviews().filter(assignment__application=OuterRef("pk"))


def _assignments_of_dossier(**filters):
    return Assignment.objects.filter(application=OuterRef("pk"), **filters)


def _count(queryset):
    return Coalesce(
        Subquery(
            queryset.order_by()
            .values("application")
            .annotate(value=Count("pk"))
            .values("value")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def with_scores(applications: QuerySet) -> QuerySet:
    """Annotate each dossier with its score in the database.

    * ``live_sum``, ``live_count``, ``live_max``, ``live_min``: its counted
      reviews' totals (for the exact arithmetic in Python, see ``exact_scores``);
    * ``score``: the frozen consolidated score, else the mean of the totals;
    * ``spread``: frozen, else the highest total minus the lowest;
    * ``flagged``: frozen, else ``spread`` above the call's threshold;
    * ``reviews_count``: frozen, else the number of counted reviews.

    ``score`` and ``spread`` are what the database sorts and filters on (SQLite
    computes them in floating point); the displayed values come from
    ``exact_scores``.
    """
    counted = _counted_of_dossier()
    return (
        applications.annotate(
            live_sum=_aggregate(counted, Sum("total"), SCORE_FIELD),
            live_count=_count(
                _assignments_of_dossier(
                    status=AssignmentStatus.ACCEPTED,
                    review__status=ReviewStatus.SUBMITTED,
                )
            ),
            live_max=_aggregate(counted, Max("total"), SCORE_FIELD),
            live_min=_aggregate(counted, Min("total"), SCORE_FIELD),
        )
        .annotate(
            live_spread=ExpressionWrapper(
                F("live_max") - F("live_min"), output_field=SCORE_FIELD
            ),
        )
        .annotate(
            score=Coalesce(
                F("consolidation__score"),
                ExpressionWrapper(
                    F("live_sum") / F("live_count"), output_field=SCORE_FIELD
                ),
                output_field=SCORE_FIELD,
            ),
            spread=Coalesce(
                F("consolidation__spread"), F("live_spread"), output_field=SCORE_FIELD
            ),
            # Compared with the call's column: numeric on SQLite too.
            flagged=Case(
                When(consolidation__isnull=False, then=F("consolidation__flagged")),
                When(live_spread__gt=F("call__spread_threshold"), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            reviews_count=Coalesce(
                F("consolidation__reviews_count"),
                F("live_count"),
                output_field=IntegerField(),
            ),
        )
    )


def with_progress(applications: QuerySet) -> QuerySet:
    """Annotate each dossier (already ``with_scores``) with ``active_count``
    (reviewers pending or accepted), ``active_submitted_count`` (of them, those
    whose review is submitted) and ``progress`` (a ``Progress`` value)."""
    return applications.annotate(
        active_count=_count(_assignments_of_dossier(status__in=ACTIVE_STATUSES)),
        active_submitted_count=_count(
            _assignments_of_dossier(
                status__in=ACTIVE_STATUSES, review__status=ReviewStatus.SUBMITTED
            )
        ),
    ).annotate(
        progress=Case(
            When(state__in=COMPLETED_STATES, then=Value(Progress.COMPLETED)),
            When(
                active_count__lt=F("call__min_reviews"),
                then=Value(Progress.TO_ASSIGN),
            ),
            When(
                active_submitted_count=F("active_count"),
                live_count__gte=F("call__min_reviews"),
                then=Value(Progress.READY),
            ),
            default=Value(Progress.IN_PROGRESS),
            output_field=CharField(),
        )
    )


def exact_scores(application) -> tuple[Decimal | None, Decimal | None, int]:
    """``(score, spread, reviews_count)`` of a dossier annotated ``with_scores``,
    in exact decimals to four places (SQLite returns floats for aggregates)."""
    consolidation = consolidation_of(application)
    if consolidation is not None:
        return (
            quantize(consolidation.score),
            quantize(consolidation.spread),
            consolidation.reviews_count,
        )
    count = application.live_count or 0
    if not count:
        return None, None, 0
    # Totals have four decimals: their sum, rounded to four, is exact.
    total = quantize(Decimal(application.live_sum))
    spread = quantize(Decimal(application.live_max)) - quantize(
        Decimal(application.live_min)
    )
    return quantize(total / count), quantize(spread), count


def consolidation_of(application) -> Consolidation | None:
    try:
        return application.consolidation
    except Consolidation.DoesNotExist:
        return None
