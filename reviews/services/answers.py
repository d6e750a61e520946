"""The reviewer's first answer on a dossier: no conflict of interest (its
content opens to them), or one declared (it leaves their view)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.enums import ApplicationState
from core.activity import activity_record

from .. import permissions
from ..emails import managers_event_email
from ..enums import AssignmentStatus, ReviewStatus
from ..exceptions import AttestationRequired, ReviewError, ReviewPermissionRefused
from ..models import Assignment, Review
from ._common import lock_assignment, require_text, reviewer_name


def _lock_own(assignment: Assignment, user) -> Assignment:
    """The reviewer's own current assignment on a dossier under review, locked."""
    if not permissions.is_own(user, assignment):
        raise ReviewPermissionRefused()
    assignment = lock_assignment(assignment)
    if assignment.status == AssignmentStatus.REMOVED:
        raise ReviewPermissionRefused(_("This dossier is no longer assigned to you."))
    if assignment.application.state != ApplicationState.UNDER_REVIEW:
        raise ReviewError(
            _("The dossier %(reference)s is no longer under review.")
            % {"reference": assignment.application.reference}
        )
    return assignment


@transaction.atomic
def assignment_accept(*, assignment: Assignment, user) -> Assignment:
    """The reviewer attests they have no conflict of interest with the dossier:
    its content opens to them."""
    assignment = _lock_own(assignment, user)
    if assignment.status != AssignmentStatus.PENDING:
        raise ReviewError(_("You have already answered for this dossier."))
    assignment.status = AssignmentStatus.ACCEPTED
    assignment.accepted_at = timezone.now()
    assignment.save(update_fields=["status", "accepted_at"])
    activity_record(
        actor=user,
        action="assignment.accepted",
        target=assignment,
        scope=assignment.application,
        details={"reviewer": reviewer_name(assignment.reviewer)},
    )
    return assignment


@transaction.atomic
def conflict_declare(*, assignment: Assignment, user, reason: str) -> Assignment:
    """The reviewer declares a conflict of interest (before or after attesting,
    even once their review is submitted): the dossier leaves their view, their
    review (if any) stops counting, and the managers are told."""
    if not permissions.is_own(user, assignment):
        raise ReviewPermissionRefused()
    reason = require_text(reason, _("Describe the conflict of interest."))
    assignment = _lock_own(assignment, user)
    if assignment.status == AssignmentStatus.CONFLICT:
        raise ReviewError(_("You have already declared a conflict for this dossier."))
    review = Review.objects.filter(assignment=assignment).first()
    assignment.status = AssignmentStatus.CONFLICT
    assignment.conflict_reason = reason
    assignment.conflict_declared_at = timezone.now()
    assignment.save(update_fields=["status", "conflict_reason", "conflict_declared_at"])
    activity_record(
        actor=user,
        action="assignment.conflict_declared",
        target=assignment,
        scope=assignment.application,
        details={
            "reviewer": reviewer_name(assignment.reviewer),
            "reason": reason,
            "review_was_submitted": bool(
                review and review.status == ReviewStatus.SUBMITTED
            ),
        },
    )
    managers_event_email(
        assignment=assignment,
        event="conflict_declared",
        context={},
        dedup_key=f"reviews.conflict_declared:{assignment.pk}",
    )
    return assignment


def require_accepted(assignment: Assignment, user) -> None:
    """Refuse anything of the dossier before the reviewer's attestation."""
    if not permissions.is_own(user, assignment):
        raise ReviewPermissionRefused()
    if assignment.status == AssignmentStatus.PENDING:
        raise AttestationRequired()
    if assignment.status != AssignmentStatus.ACCEPTED:
        raise ReviewPermissionRefused(_("This dossier is no longer assigned to you."))
