"""The reviewer's grid: drafts as often as they like, one submission, and the
manager's reopening."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.activity import activity_record

from .. import permissions
from ..emails import reviewer_event_email
from ..enums import Recommendation, ReviewStatus
from ..exceptions import (
    ReviewError,
    ReviewLocked,
    ReviewPermissionRefused,
    ScoresInvalid,
)
from ..models import Assignment, Review, Score
from ..scoring import GridLine, review_total
from ._common import lock_assignment, lock_under_review, require_manager, require_text
from .answers import require_accepted

TWO_PLACES = Decimal("0.01")


def _parse(value) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise ValueError from None
    if not number.is_finite():
        raise ValueError
    return number


def _score_problems(criterion, raw, comment: str, *, complete: bool):
    """``(score, [French problems])`` of one criterion's entry."""
    try:
        value = _parse(raw)
    except ValueError:
        return None, [_("Enter a number.")]
    if value is None:
        return None, [_("Score this criterion.")] if complete else []
    if value < 0 or value > criterion.max_score:
        return value, [
            _("The score must be between 0 and %(max)d.") % {"max": criterion.max_score}
        ]
    if value != value.quantize(TWO_PLACES):
        return value, [_("Use at most two decimals.")]
    if complete and value * 2 < criterion.max_score and not comment:
        return value, [_("Explain a score below half of the maximum in a comment.")]
    return value, []


def _checked_grid(
    criteria, scores: Mapping, comments: Mapping, *, complete: bool
) -> tuple[dict[int, tuple[Decimal | None, str]], dict]:
    """``({criterion pk: (score, comment)}, {criterion pk: [French messages]})``;
    ``ScoresInvalid`` at once for a criterion outside the call's grid."""
    by_pk = {c.pk: c for c in criteria}
    unknown = [k for k in list(scores) + list(comments) if _key(k) not in by_pk]
    if unknown:
        raise ScoresInvalid(
            _("A score refers to a criterion outside this call's grid.")
        )
    values = {_key(k): v for k, v in scores.items()}
    texts = {_key(k): str(v or "").strip() for k, v in comments.items()}
    grid, errors = {}, {}
    for pk, criterion in by_pk.items():
        comment = texts.get(pk, "")
        value, problems = _score_problems(
            criterion, values.get(pk), comment, complete=complete
        )
        if problems:
            errors[pk] = problems
        grid[pk] = (value, comment)
    return grid, errors


def _key(key) -> int:
    if isinstance(key, bool):
        return -1
    try:
        return int(key)
    except (TypeError, ValueError):
        return -1


def _recommendation_problems(recommendation: str, *, complete: bool) -> list[str]:
    if recommendation and recommendation not in Recommendation.values:
        return [_("Choose a recommendation.")]
    if complete and not recommendation:
        return [_("Choose a recommendation.")]
    return []


def _checked_entry(criteria, scores, comments, comment, recommendation, *, complete):
    """The grid, the general comment and the recommendation, checked together:
    ``ScoresInvalid`` with every problem at once."""
    grid, errors = _checked_grid(criteria, scores, comments or {}, complete=complete)
    recommendation = str(recommendation or "").strip()
    problems = _recommendation_problems(recommendation, complete=complete)
    if problems:
        errors["recommendation"] = problems
    comment = str(comment or "").strip()
    if complete and not comment:
        errors["comment"] = [_("Write a general comment.")]
    if errors:
        raise ScoresInvalid(errors=errors)
    return grid, comment, recommendation


def _write(
    assignment: Assignment, grid: dict, comment: str, recommendation: str
) -> Review:
    review, _created = Review.objects.get_or_create(assignment=assignment)
    if review.status == ReviewStatus.SUBMITTED:
        raise ReviewLocked()
    existing = {s.criterion_id: s for s in review.scores.all()}
    for pk, (value, text) in grid.items():
        score = existing.get(pk)
        if score is None:
            Score.objects.create(
                review=review, criterion_id=pk, value=value, comment=text
            )
        elif (score.value, score.comment) != (value, text):
            score.value, score.comment = value, text
            score.save(update_fields=["value", "comment"])
    review.comment = comment
    review.recommendation = recommendation
    return review


def _prepare(assignment: Assignment, user) -> tuple[Assignment, list]:
    if not permissions.is_own(user, assignment):
        raise ReviewPermissionRefused()
    lock_under_review(assignment.application)
    assignment = lock_assignment(assignment)
    require_accepted(assignment, user)
    review = Review.objects.filter(assignment=assignment).first()
    if review is not None and review.status == ReviewStatus.SUBMITTED:
        raise ReviewLocked()
    criteria = list(assignment.application.call.criteria.all())
    if not criteria:
        raise ReviewError(_("This call has no evaluation grid yet."))
    return assignment, criteria


@transaction.atomic
def review_save_draft(
    *,
    assignment: Assignment,
    user,
    scores: Mapping,
    comments: Mapping | None = None,
    comment: str = "",
    recommendation: str = "",
) -> Review:
    """Save the grid as it stands: blank scores allowed, bounds checked."""
    assignment, criteria = _prepare(assignment, user)
    grid, comment, recommendation = _checked_entry(
        criteria, scores, comments, comment, recommendation, complete=False
    )
    review = _write(assignment, grid, comment, recommendation)
    review.save()
    activity_record(
        actor=user,
        action="review.draft_saved",
        target=review,
        scope=assignment.application,
        details={"scored": sum(1 for v, _t in grid.values() if v is not None)},
    )
    return review


@transaction.atomic
def review_submit(
    *,
    assignment: Assignment,
    user,
    scores: Mapping,
    comments: Mapping | None = None,
    comment: str,
    recommendation: str,
) -> Review:
    """Submit the complete grid: every criterion scored within its bounds, a
    comment for each score below half of the maximum, a general comment and a
    recommendation. The review is then read-only."""
    assignment, criteria = _prepare(assignment, user)
    grid, comment, recommendation = _checked_entry(
        criteria, scores, comments, comment, recommendation, complete=True
    )
    review = _write(assignment, grid, comment, recommendation)
    lines = [GridLine(c.pk, c.weight, c.max_score) for c in criteria]
    review.total = review_total(lines, {pk: v for pk, (v, _t) in grid.items()})
    review.status = ReviewStatus.SUBMITTED
    review.submitted_at = timezone.now()
    review.save()
    activity_record(
        actor=user,
        action="review.submitted",
        target=review,
        scope=assignment.application,
        details={"total": str(review.total), "recommendation": recommendation},
    )
    return review


@transaction.atomic
def review_reopen(*, review: Review, user, reason: str) -> Review:
    """Give a submitted review back to its reviewer (at their request)."""
    assignment = review.assignment
    require_manager(user, assignment.application.call)
    reason = require_text(reason, _("Give the reason for reopening the review."))
    lock_under_review(assignment.application)
    review = (
        Review.objects.select_for_update()
        .select_related(
            "assignment",
            "assignment__reviewer",
            "assignment__application",
            "assignment__application__call",
        )
        .get(pk=review.pk)
    )
    if review.status != ReviewStatus.SUBMITTED:
        raise ReviewError(_("Only a submitted review can be reopened."))
    if not review.assignment.is_active:
        raise ReviewError(_("This reviewer is no longer assigned to the dossier."))
    review.status = ReviewStatus.DRAFT
    review.total = None
    review.submitted_at = None
    review.save()
    activity_record(
        actor=user,
        action="review.reopened",
        target=review,
        scope=review.assignment.application,
        details={"reason": reason},
    )
    reviewer_event_email(
        assignment=review.assignment,
        event="review_reopened",
        context={"reason": reason},
    )
    return review
