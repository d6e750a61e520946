"""Completing the review of a dossier: the consolidated score is frozen."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.services import application_transition
from core.activity import activity_record

from ..enums import AssignmentStatus, ReviewStatus
from ..exceptions import CompletionRefused
from ..models import Assignment, Consolidation
from ..scoring import consolidate
from ._common import lock_under_review, require_manager


def completion_problems(application) -> list[str]:
    """Why the review of ``application`` cannot be completed now (French)."""
    problems = []
    active = list(
        Assignment.objects.active()
        .filter(application=application)
        .select_related("reviewer", "review")
    )
    for assignment in active:
        review = getattr(assignment, "review", None)
        if review is None or review.status != ReviewStatus.SUBMITTED:
            problems.append(
                _("%(name)s has not submitted their review.")
                % {
                    "name": assignment.reviewer.get_full_name()
                    or assignment.reviewer.get_username()
                }
            )
    submitted = sum(
        1
        for a in active
        if a.status == AssignmentStatus.ACCEPTED
        and getattr(a, "review", None) is not None
        and a.review.status == ReviewStatus.SUBMITTED
    )
    minimum = application.call.min_reviews
    if submitted < minimum:
        problems.append(
            _("%(count)d submitted review(s); this call requires at least %(min)d.")
            % {"count": submitted, "min": minimum}
        )
    return problems


def submitted_totals(application) -> list:
    return list(
        Assignment.objects.filter(
            application=application,
            status=AssignmentStatus.ACCEPTED,
            review__status=ReviewStatus.SUBMITTED,
        ).values_list("review__total", flat=True)
    )


@transaction.atomic
def application_complete_review(*, application, user):
    """Close the review of a dossier and freeze its consolidated score.

    Refused while an active assignment has no submitted review, or while fewer
    than the call's ``min_reviews`` reviews are in.
    """
    require_manager(user, application.call)
    locked = lock_under_review(application)
    problems = completion_problems(locked)
    if problems:
        raise CompletionRefused(reasons=problems)
    result = consolidate(submitted_totals(locked), locked.call.spread_threshold)
    consolidation = Consolidation.objects.create(
        application=locked,
        score=result.score,
        median=result.median,
        spread=result.spread,
        flagged=result.flagged,
        reviews_count=result.reviews_count,
        frozen_at=timezone.now(),
        frozen_by=user,
    )
    application_transition(
        application=locked,
        transition="complete_review",
        user=user,
        comment=_("Review completed: consolidated score %(score)s/100.")
        % {"score": f"{result.score:.1f}".replace(".", ",")},
    )
    activity_record(
        actor=user,
        action="consolidation.frozen",
        target=consolidation,
        scope=locked,
        details={
            "score": str(result.score),
            "median": str(result.median),
            "spread": str(result.spread),
            "flagged": result.flagged,
            "reviews": result.reviews_count,
        },
    )
    return locked
