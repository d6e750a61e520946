"""Who reaches the reviewers' pages, and the rows they load.

The whole section is the reviewers' (group « Instructeurs »): anyone else gets
Wagtail's permission denied. Inside it, every assignment is loaded through a
query scoped to ``reviewer=request.user`` and current (not removed, no conflict
declared): anything else answers 404.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import F, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.enums import ApplicationState
from core.formatting import number_text
from core.time import paris_datetime_short

from ..enums import AssignmentStatus, ReviewStatus
from ..models import Assignment, InterestDeclaration, Review, ReviewMessage
from ..permissions import is_reviewer


class ReviewerRequiredMixin:
    """Reviewers only; their objects are then scoped to them by the queries."""

    def dispatch(self, request, *args, **kwargs):
        if not is_reviewer(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


# Until ``reviews.selectors`` lands: the same reads, kept private here.
REVIEWER_STATES = (ApplicationState.UNDER_REVIEW, ApplicationState.REVIEWED)


def assignments_of_reviewer(user) -> QuerySet[Assignment]:
    """The reviewer's current assignments (to attest or accepted) on dossiers
    under review or reviewed, soonest due first, with what the lists show."""
    return (
        Assignment.objects.active()
        .filter(reviewer=user, application__state__in=REVIEWER_STATES)
        .select_related("application", "application__call", "review")
        .order_by(F("due_at").asc(nulls_last=True), "application__reference", "pk")
    )


def assignment_for_reviewer(user, pk: int) -> Assignment:
    """One of the reviewer's current assignments; 404 for anything else."""
    try:
        return (
            assignments_of_reviewer(user)
            .select_related("application__call__authority", "application__organisation")
            .get(pk=pk)
        )
    except Assignment.DoesNotExist:
        raise Http404 from None


def peer_reviews(assignment: Assignment) -> list[Review]:
    """The other current reviewers' submitted reviews of the dossier, with their
    scores in the grid's order."""
    return list(
        Review.objects.filter(
            assignment__application_id=assignment.application_id,
            assignment__status=AssignmentStatus.ACCEPTED,
            status=ReviewStatus.SUBMITTED,
        )
        .exclude(assignment_id=assignment.pk)
        .select_related("assignment__reviewer")
        .prefetch_related("scores__criterion")
        .order_by("submitted_at", "pk")
    )


def review_thread(application) -> QuerySet[ReviewMessage]:
    return (
        ReviewMessage.objects.filter(application=application)
        .select_related("author")
        .order_by("created_at", "pk")
    )


def declaration_of_reviewer(user, pk: int) -> InterestDeclaration:
    try:
        return InterestDeclaration.objects.get(reviewer=user, pk=pk)
    except InterestDeclaration.DoesNotExist:
        raise Http404 from None


# What the lists show of an assignment -----------------------------------------


def own_review(assignment: Assignment) -> Review | None:
    try:
        return assignment.review
    except Review.DoesNotExist:
        return None


def status_label(assignment: Assignment) -> str:
    """To attest, to score, draft or submitted: in words, never by colour."""
    if assignment.status == AssignmentStatus.PENDING:
        return str(AssignmentStatus.PENDING.label)
    review = own_review(assignment)
    if review is None:
        return str(_("To score"))
    return str(ReviewStatus(review.status).label)


def is_overdue(assignment: Assignment, now=None) -> bool:
    if assignment.due_at is None:
        return False
    review = own_review(assignment)
    if review is not None and review.is_submitted:
        return False
    return assignment.due_at < (now or timezone.now())


def total_text(total) -> str:
    """« 87,5 / 100 »; empty without a total."""
    if total is None:
        return ""
    return _("%(total)s / 100") % {"total": number_text(total)}


def assignment_rows(assignments, now=None) -> list[dict]:
    """What the dashboard panel and the list show of each assignment."""
    now = now or timezone.now()
    rows = []
    for assignment in assignments:
        review = own_review(assignment)
        submitted = review is not None and review.is_submitted
        rows.append(
            {
                "assignment": assignment,
                "application": assignment.application,
                "call": assignment.application.call,
                "due_at": paris_datetime_short(assignment.due_at),
                "overdue": is_overdue(assignment, now),
                "status": status_label(assignment),
                "status_code": (
                    "pending"
                    if assignment.status == AssignmentStatus.PENDING
                    else (review.status if review else "to_score")
                ),
                "total": total_text(review.total) if submitted else "",
            }
        )
    return rows
