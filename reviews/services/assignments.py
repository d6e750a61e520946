"""Putting reviewers on dossiers one by one, taking them off, and keeping an
assignment whose detected conflict of interest is a false positive."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application
from core.activity import activity_record

from .. import permissions
from ..conflicts import detect_conflicts
from ..emails import reviewer_assigned_email, reviewer_event_email
from ..enums import AssignmentStatus
from ..exceptions import AssignmentRefused, ConflictOfInterest, ReviewError
from ..models import Assignment
from ._common import (
    check_due_at,
    lock_assignment,
    lock_under_review,
    require_manager,
    require_text,
    reviewer_name,
)


def check_assignable(application: Application, reviewer) -> None:
    """A reviewer of the call's authority, not yet on the dossier."""
    if not permissions.can_be_assigned(reviewer, application.call):
        raise AssignmentRefused(
            _("%(name)s is not a reviewer of the authority that issued this call.")
            % {"name": reviewer_name(reviewer)}
        )
    current = Assignment.objects.current().filter(
        application=application, reviewer=reviewer
    )
    if current.exists():
        raise AssignmentRefused(
            _("%(name)s is already assigned to the dossier %(reference)s.")
            % {"name": reviewer_name(reviewer), "reference": application.reference}
        )


def assignment_write(
    application, reviewer, user, due_at, *, override_reason="", conflicts=()
) -> Assignment:
    """The assignment row and its activity entry (no check, no email)."""
    assignment = Assignment.objects.create(
        application=application,
        reviewer=reviewer,
        assigned_by=user,
        due_at=due_at,
        conflict_override_reason=override_reason,
    )
    details = {"reviewer": reviewer_name(reviewer)}
    if due_at:
        details["due_at"] = due_at.isoformat()
    if override_reason:
        details["override_reason"] = override_reason
        details["conflicts"] = [c.reason for c in conflicts]
    activity_record(
        actor=user,
        action="assignment.created",
        target=assignment,
        scope=application,
        details=details,
    )
    return assignment


@transaction.atomic
def assignment_create(
    *,
    application: Application,
    reviewer,
    user,
    due_at=None,
    override_reason: str = "",
) -> Assignment:
    """Assign ``reviewer`` to a dossier under review and tell them by email.

    Refused when the reviewer has a tie (declared interest or membership) with
    the dossier's lead or a partner, unless the manager overrides the detected
    conflict as a false positive with ``override_reason`` (logged).
    """
    require_manager(user, application.call)
    application = lock_under_review(application)
    check_due_at(due_at)
    check_assignable(application, reviewer)
    conflicts = detect_conflicts(reviewer, application)
    override_reason = (override_reason or "").strip()
    if conflicts and not override_reason:
        raise ConflictOfInterest(
            _("%(name)s cannot be assigned to %(reference)s: conflict of interest.")
            % {"name": reviewer_name(reviewer), "reference": application.reference},
            reasons=[c.reason for c in conflicts],
        )
    assignment = assignment_write(
        application,
        reviewer,
        user,
        due_at,
        override_reason=override_reason if conflicts else "",
        conflicts=conflicts,
    )
    reviewer_assigned_email(
        reviewer=reviewer,
        assignments=[assignment],
        dedup_key=f"reviews.assigned:{assignment.pk}",
    )
    return assignment


def _remove(assignment: Assignment, user, reason: str) -> None:
    assignment.status = AssignmentStatus.REMOVED
    assignment.removed_reason = reason
    assignment.removed_at = timezone.now()
    assignment.save(update_fields=["status", "removed_reason", "removed_at"])
    activity_record(
        actor=user,
        action="assignment.removed",
        target=assignment,
        scope=assignment.application,
        details={"reviewer": reviewer_name(assignment.reviewer), "reason": reason},
    )
    reviewer_event_email(
        assignment=assignment,
        event="assignment_removed",
        context={"reason": reason},
        dedup_key=f"reviews.removed:{assignment.pk}",
    )


def _lock_current(assignment: Assignment, user, reason: str, message: str):
    require_manager(user, assignment.application.call)
    reason = require_text(reason, message)
    application = lock_under_review(assignment.application)
    assignment = lock_assignment(assignment)
    if assignment.status == AssignmentStatus.REMOVED:
        raise ReviewError(_("This assignment was already removed."))
    return application, assignment, reason


@transaction.atomic
def assignment_remove(*, assignment: Assignment, user, reason: str) -> Assignment:
    """Take a reviewer off a dossier under review (their review stops counting)."""
    _application, assignment, reason = _lock_current(
        assignment, user, reason, _("Give the reason for removing the reviewer.")
    )
    _remove(assignment, user, reason)
    return assignment


@transaction.atomic
def assignment_replace(
    *,
    assignment: Assignment,
    reviewer,
    user,
    reason: str,
    due_at=None,
    override_reason: str = "",
) -> Assignment:
    """Remove an assignment and assign ``reviewer`` instead, at once (both
    logged); refused as a whole when the new assignment is."""
    application, assignment, reason = _lock_current(
        assignment, user, reason, _("Give the reason for replacing the reviewer.")
    )
    if reviewer.pk == assignment.reviewer_id:
        raise AssignmentRefused(_("Choose another reviewer than the one replaced."))
    _remove(assignment, user, reason)
    return assignment_create(
        application=application,
        reviewer=reviewer,
        user=user,
        due_at=due_at,
        override_reason=override_reason,
    )


@transaction.atomic
def conflict_override(*, assignment: Assignment, user, reason: str) -> Assignment:
    """Keep an assignment whose detected conflict is a false positive."""
    require_manager(user, assignment.application.call)
    reason = require_text(
        reason, _("Give the reason why this tie is not a conflict of interest.")
    )
    lock_under_review(assignment.application)
    assignment = lock_assignment(assignment)
    if not assignment.is_active:
        raise ReviewError(_("This assignment is no longer active."))
    conflicts = detect_conflicts(assignment.reviewer, assignment.application)
    if not conflicts:
        raise ReviewError(
            _("Sillon detects no conflict of interest on this assignment.")
        )
    assignment.conflict_override_reason = reason
    assignment.save(update_fields=["conflict_override_reason"])
    activity_record(
        actor=user,
        action="assignment.conflict_overridden",
        target=assignment,
        scope=assignment.application,
        details={
            "reviewer": reviewer_name(assignment.reviewer),
            "reason": reason,
            "conflicts": [c.reason for c in conflicts],
        },
    )
    return assignment
