"""What a reviewer (instructeur) sees: the dossiers assigned to them, and of a
dossier, once allowed, the other reviews and the reviewers' thread.

A declared conflict of interest or a removal takes the dossier out of the
reviewer's view altogether.
"""

from __future__ import annotations

from django.db.models import F, Prefetch, QuerySet

from applications.enums import ApplicationState

from ..enums import AssignmentStatus, ReviewStatus
from ..models import Assignment, Review, ReviewMessage, Score

REVIEWER_STATES = (ApplicationState.UNDER_REVIEW, ApplicationState.REVIEWED)


def assignments_of_reviewer(user) -> QuerySet[Assignment]:
    """The reviewer's current assignments (to attest or accepted) on dossiers
    under review or reviewed, soonest due first (no due date last), then by
    reference. One query."""
    if not (user.is_authenticated and user.is_active):
        return Assignment.objects.none()
    return (
        Assignment.objects.filter(
            reviewer=user,
            status__in=[AssignmentStatus.PENDING, AssignmentStatus.ACCEPTED],
            application__state__in=REVIEWER_STATES,
        )
        .select_related(
            "application",
            "application__call",
            "application__call__authority",
            "application__organisation",
            "review",
        )
        .order_by(F("due_at").asc(nulls_last=True), "application__reference", "pk")
    )


def assignment_for_reviewer(user, pk: int) -> Assignment:
    """One of the reviewer's current assignments; ``Assignment.DoesNotExist``
    when it is not theirs, removed, conflicted, or its dossier is out of
    instruction (the view answers 404)."""
    return assignments_of_reviewer(user).get(pk=pk)


def peer_reviews(assignment) -> list[Review]:
    """The dossier's other counted reviews (submitted, reviewer not removed or
    conflicted), their scores prefetched in the grid's order, by submission.
    The caller checks ``permissions.can_see_peer_reviews`` first."""
    scores = Score.objects.select_related("criterion").order_by(
        "criterion__sort_order", "criterion__pk"
    )
    return list(
        Review.objects.filter(
            assignment__application_id=assignment.application_id,
            assignment__status=AssignmentStatus.ACCEPTED,
            status=ReviewStatus.SUBMITTED,
        )
        .exclude(assignment_id=assignment.pk)
        .select_related("assignment__reviewer")
        .prefetch_related(Prefetch("scores", queryset=scores))
        .order_by("submitted_at", "pk")
    )


def review_thread(application) -> QuerySet[ReviewMessage]:
    """The reviewers' thread on a dossier, oldest first, with the authors."""
    return (
        ReviewMessage.objects.filter(application=application)
        .select_related("author")
        .order_by("created_at", "pk")
    )
