"""The managers' instruction table of a call and its display rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application
from applications.staff.selectors import applications_matching

from ..conflicts import conflicts_between, entities_by_dossier, ties_by_reviewer
from ..enums import AssignmentStatus, ReviewerProgress, ReviewStatus
from ..models import Assignment
from ..scoring import consolidate, quantize
from ._annotations import (
    INSTRUCTION_STATES,
    Progress,
    consolidation_of,
    with_progress,
    with_scores,
)

ORDERS = {
    "reference": ("reference",),
    "-score": (F("score").desc(nulls_last=True), "reference"),
    "score": (F("score").asc(nulls_last=True), "reference"),
    "-spread": (F("spread").desc(nulls_last=True), "reference"),
}


def current_assignments_prefetch() -> Prefetch:
    """A dossier's assignments not removed, with reviewer and review, oldest
    first, as ``current_assignments``."""
    return Prefetch(
        "assignments",
        queryset=Assignment.objects.current()
        .select_related("reviewer", "review")
        .order_by("created_at", "pk"),
        to_attr="current_assignments",
    )


def instruction_table(
    call,
    *,
    search: str = "",
    progress: str = "",
    flagged: bool | None = None,
    order: str = "reference",
) -> QuerySet[Application]:
    """The call's dossiers in instruction for the managers' table, annotated
    with ``score``, ``spread``, ``flagged``, ``reviews_count`` (counted
    reviews), ``active_count``, ``active_submitted_count`` and ``progress`` (a
    ``Progress`` value), their current assignments prefetched.

    ``search`` matches reference, title and lead organisation, ignoring accents
    (one more query); ``progress`` is one of ``Progress.ALL`` or empty;
    ``order`` one of ``ORDERS`` (unknown values sort by reference).
    """
    applications = (
        Application.objects.filter(call=call, state__in=INSTRUCTION_STATES)
        .select_related("organisation", "consolidation")
        .order_by()
    )
    if search.strip():
        applications = applications_matching(applications, search)
    applications = with_progress(with_scores(applications))
    if progress in Progress.ALL:
        applications = applications.filter(progress=progress)
    if flagged is not None:
        applications = applications.filter(flagged=flagged)
    return applications.prefetch_related(current_assignments_prefetch()).order_by(
        *ORDERS.get(order, ORDERS["reference"])
    )


@dataclass(frozen=True)
class ReviewerCell:
    assignment: Assignment
    name: str
    progress: str  # a ReviewerProgress value
    due_at: object  # datetime | None
    total: Decimal | None  # the submitted review's total, when it counts
    overdue: bool
    detected_conflicts: list[str] = field(default_factory=list)  # French reasons

    @property
    def progress_label(self) -> str:
        return ReviewerProgress(self.progress).label

    @property
    def is_active(self) -> bool:
        return self.assignment.is_active


@dataclass(frozen=True)
class InstructionRow:
    application: Application
    reviewers: list[ReviewerCell]
    score: Decimal | None
    median: Decimal | None
    spread: Decimal | None
    flagged: bool
    reviews_count: int
    progress: str  # a Progress value
    progress_text: str  # e.g. « 1/2 évaluations soumises »

    @property
    def progress_label(self) -> str:
        return progress_label(self.progress)


def progress_label(progress: str) -> str:
    return {
        Progress.TO_ASSIGN: _("To assign"),
        Progress.IN_PROGRESS: _("In progress"),
        Progress.READY: _("Ready to complete"),
        Progress.COMPLETED: _("Completed"),
    }.get(progress, "")


def reviewer_name(user) -> str:
    return user.get_full_name() or user.get_username()


def _reviewer_progress(assignment) -> str:
    if assignment.status == AssignmentStatus.CONFLICT:
        return ReviewerProgress.CONFLICT
    review = getattr(assignment, "review", None)
    if review is None:
        return ReviewerProgress.TO_DO
    if review.status == ReviewStatus.SUBMITTED:
        return ReviewerProgress.SUBMITTED
    return ReviewerProgress.DRAFT


def _counts(assignment) -> bool:
    review = getattr(assignment, "review", None)
    return (
        assignment.status == AssignmentStatus.ACCEPTED
        and review is not None
        and review.status == ReviewStatus.SUBMITTED
    )


def _cell(assignment, ties, entities, now) -> ReviewerCell:
    progress = _reviewer_progress(assignment)
    conflicts = []
    if assignment.is_active and not assignment.conflict_override_reason:
        conflicts = [
            conflict.reason
            for conflict in conflicts_between(
                ties.get(assignment.reviewer_id, []), entities
            )
        ]
    return ReviewerCell(
        assignment=assignment,
        name=reviewer_name(assignment.reviewer),
        progress=progress,
        due_at=assignment.due_at,
        total=assignment.review.total if _counts(assignment) else None,
        overdue=bool(
            assignment.is_active
            and progress != ReviewerProgress.SUBMITTED
            and assignment.due_at is not None
            and assignment.due_at < now
        ),
        detected_conflicts=conflicts,
    )


def _progress_text(application, call) -> str:
    submitted = application.active_submitted_count
    expected = max(application.active_count, call.min_reviews)
    return _("%(submitted)d/%(expected)d reviews submitted") % {
        "submitted": submitted,
        "expected": expected,
    }


def instruction_rows(
    applications, call, *, with_conflicts: bool = True
) -> list[InstructionRow]:
    """Display rows of a page of ``instruction_table``: four more queries
    whatever the page's size (reviewers' declared interests and memberships,
    the dossiers' versions on record and partners) for the detected conflicts,
    none without them (``with_conflicts=False``, for the exports).
    """
    applications = list(applications)
    reviewer_ids = {
        assignment.reviewer_id
        for application in applications
        for assignment in application.current_assignments
    }
    ties, entities = {}, {}
    if with_conflicts and reviewer_ids:
        ties = ties_by_reviewer(reviewer_ids)
        entities = entities_by_dossier(applications)
    now = timezone.now()
    rows = []
    for application in applications:
        cells = [
            _cell(assignment, ties, entities.get(application.pk, []), now)
            for assignment in application.current_assignments
        ]
        frozen = consolidation_of(application)
        if frozen is not None:
            score, median = quantize(frozen.score), quantize(frozen.median)
            spread, flagged = quantize(frozen.spread), frozen.flagged
            count = frozen.reviews_count
        else:
            result = consolidate(
                [cell.total for cell in cells if cell.total is not None],
                call.spread_threshold,
            )
            score, median, spread = result.score, result.median, result.spread
            flagged, count = result.flagged, result.reviews_count
        rows.append(
            InstructionRow(
                application=application,
                reviewers=cells,
                score=score,
                median=median,
                spread=spread,
                flagged=flagged,
                reviews_count=count,
                progress=application.progress,
                progress_text=_progress_text(application, call),
            )
        )
    return rows
