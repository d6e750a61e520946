"""Who reaches the reviewers' pages, and the rows they load.

The whole section is the reviewers' (group « Instructeurs »): anyone else gets
Wagtail's permission denied. Inside it, every assignment is loaded through
``reviews.selectors``, scoped to ``reviewer=request.user`` and current (not
removed, no conflict declared): anything else answers 404.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.formatting import number_text
from core.time import paris_datetime_short

from .. import selectors
from ..enums import AssignmentStatus, ReviewStatus
from ..models import Assignment, InterestDeclaration, Review
from ..permissions import is_reviewer


class ReviewerRequiredMixin:
    """Reviewers only; their objects are then scoped to them by the queries."""

    def dispatch(self, request, *args, **kwargs):
        if not is_reviewer(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def assignment_for_reviewer(user, pk: int) -> Assignment:
    """One of the reviewer's current assignments; 404 for anything else (not
    theirs, removed, conflict declared, dossier out of instruction)."""
    try:
        return selectors.assignment_for_reviewer(user, pk)
    except Assignment.DoesNotExist:
        raise Http404 from None


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
