"""Putting reviewers on dossiers, and the reviewer's first answer: no conflict
of interest, or one declared."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.enums import ApplicationState
from applications.models import Application
from core.activity import activity_record

from .. import permissions
from ..conflicts import (
    conflicts_between,
    detect_conflicts,
    dossier_entities,
    reviewer_ties,
)
from ..emails import managers_event_email, reviewer_assigned_email, reviewer_event_email
from ..enums import AssignmentStatus, ReviewStatus
from ..exceptions import (
    AssignmentRefused,
    AttestationRequired,
    ConflictOfInterest,
    DistributionImpossible,
    ReviewError,
    ReviewPermissionRefused,
)
from ..models import Assignment
from ._common import (
    check_due_at,
    lock_assignment,
    lock_under_review,
    require_manager,
    require_text,
    under_review_of,
)


def _reviewer_name(reviewer) -> str:
    return reviewer.get_full_name() or reviewer.get_username()


def _check_assignable(application: Application, reviewer) -> None:
    if not permissions.can_be_assigned(reviewer, application.call):
        raise AssignmentRefused(
            _("%(name)s is not a reviewer of the authority that issued this call.")
            % {"name": _reviewer_name(reviewer)}
        )
    current = Assignment.objects.current().filter(
        application=application, reviewer=reviewer
    )
    if current.exists():
        raise AssignmentRefused(
            _("%(name)s is already assigned to the dossier %(reference)s.")
            % {"name": _reviewer_name(reviewer), "reference": application.reference}
        )


def _create(application, reviewer, user, due_at, override_reason="") -> Assignment:
    assignment = Assignment.objects.create(
        application=application,
        reviewer=reviewer,
        assigned_by=user,
        due_at=due_at,
        conflict_override_reason=override_reason,
    )
    details = {"reviewer": _reviewer_name(reviewer)}
    if due_at:
        details["due_at"] = due_at.isoformat()
    if override_reason:
        details["override_reason"] = override_reason
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
    _check_assignable(application, reviewer)
    conflicts = detect_conflicts(reviewer, application)
    override_reason = (override_reason or "").strip()
    if conflicts and not override_reason:
        raise ConflictOfInterest(
            _("%(name)s cannot be assigned to %(reference)s: conflict of interest.")
            % {"name": _reviewer_name(reviewer), "reference": application.reference},
            reasons=[c.reason for c in conflicts],
        )
    assignment = _create(
        application, reviewer, user, due_at, override_reason if conflicts else ""
    )
    reviewer_assigned_email(
        reviewer=reviewer,
        assignments=[assignment],
        dedup_key=f"reviews.assigned:{assignment.pk}",
    )
    return assignment


# Distribution ----------------------------------------------------------------


@dataclass(frozen=True)
class _Need:
    application: Application
    missing: int
    eligible: tuple  # reviewers, in the chosen order


def _ordered(reviewers: Iterable) -> list:
    """Deterministic order: by username, then pk."""
    return sorted(
        {r.pk: r for r in reviewers}.values(), key=lambda r: (r.get_username(), r.pk)
    )


def _plan(needs: list[_Need], loads: dict[int, int], cap: int | None):
    """Give each dossier its missing reviewers: the most constrained dossiers
    first, each time the least loaded eligible reviewers (ties by username)."""
    plan: list[tuple[Application, object]] = []
    problems: list[str] = []
    order = sorted(
        needs, key=lambda n: (len(n.eligible) - n.missing, n.application.reference)
    )
    for need in order:
        available = [r for r in need.eligible if cap is None or loads[r.pk] < cap]
        if len(available) < need.missing:
            problems.append(
                _(
                    "%(reference)s needs %(missing)d more reviewer(s) but only "
                    "%(available)d of the chosen reviewers can take it (conflicts of "
                    "interest, reviewers already assigned, or the cap reached)."
                )
                % {
                    "reference": need.application.reference,
                    "missing": need.missing,
                    "available": len(available),
                }
            )
            continue
        chosen = sorted(available, key=lambda r: (loads[r.pk], r.get_username(), r.pk))
        for reviewer in chosen[: need.missing]:
            loads[reviewer.pk] += 1
            plan.append((need.application, reviewer))
    return plan, problems


@transaction.atomic
def assignments_distribute(
    *,
    call,
    reviewers: Sequence,
    user,
    per_dossier: int | None = None,
    due_at=None,
    cap: int | None = None,
    applications: Iterable[Application] | None = None,
) -> list[Assignment]:
    """Give every dossier under review of ``call`` (or of ``applications``)
    ``per_dossier`` active reviewers (at least the call's ``min_reviews``), chosen
    among ``reviewers``: loads balanced, at most ``cap`` active assignments per
    reviewer in the call, conflicts of interest excluded, ties broken by
    username. All or nothing: refused with the reasons when it cannot hold.
    """
    require_manager(user, call)
    check_due_at(due_at)
    per_dossier = call.min_reviews if per_dossier is None else int(per_dossier)
    if per_dossier < call.min_reviews:
        raise DistributionImpossible(
            _("Each dossier of this call needs at least %(min)d reviewers.")
            % {"min": call.min_reviews}
        )
    if cap is not None and int(cap) < 1:
        raise DistributionImpossible(_("The cap per reviewer must be at least 1."))
    reviewers = _ordered(reviewers)
    if not reviewers:
        raise DistributionImpossible(_("Choose at least one reviewer."))
    refused = [r for r in reviewers if not permissions.can_be_assigned(r, call)]
    if refused:
        raise DistributionImpossible(
            _("Not reviewers of the authority that issued this call: %(names)s.")
            % {"names": ", ".join(_reviewer_name(r) for r in refused)}
        )
    dossiers = (
        under_review_of(call).select_related("organisation").order_by("reference")
    )
    if applications is not None:
        dossiers = dossiers.filter(pk__in=[a.pk for a in applications])
    dossiers = list(dossiers.select_for_update())
    if not dossiers:
        raise DistributionImpossible(_("No dossier of this call is under review."))

    current = defaultdict(set)  # dossier pk -> reviewer pks (not removed)
    active_count = defaultdict(int)  # dossier pk -> active assignments
    for a in Assignment.objects.current().filter(application__in=dossiers):
        current[a.application_id].add(a.reviewer_id)
        if a.is_active:
            active_count[a.application_id] += 1
    loads = defaultdict(int)
    for row in (
        Assignment.objects.active()
        .filter(application__call=call, reviewer__in=reviewers)
        .values("reviewer")
        .annotate(n=Count("pk"))
    ):
        loads[row["reviewer"]] = row["n"]
    ties = {r.pk: reviewer_ties(r) for r in reviewers}

    needs = []
    for application in dossiers:
        missing = per_dossier - active_count[application.pk]
        if missing <= 0:
            continue
        entities = dossier_entities(application)
        eligible = tuple(
            r
            for r in reviewers
            if r.pk not in current[application.pk]
            and not conflicts_between(ties[r.pk], entities)
        )
        needs.append(_Need(application, missing, eligible))
    if not needs:
        raise DistributionImpossible(
            _("Every dossier already has %(n)d active reviewers.") % {"n": per_dossier}
        )
    plan, problems = _plan(needs, loads, None if cap is None else int(cap))
    if problems:
        raise DistributionImpossible(
            _("The distribution cannot give every dossier its reviewers."),
            reasons=problems,
        )
    created = [_create(app, reviewer, user, due_at) for app, reviewer in plan]
    by_reviewer = defaultdict(list)
    for assignment in created:
        by_reviewer[assignment.reviewer_id].append(assignment)
    for assignments in by_reviewer.values():
        reviewer_assigned_email(
            reviewer=assignments[0].reviewer,
            assignments=assignments,
            dedup_key="reviews.assigned:" + ",".join(str(a.pk) for a in assignments),
        )
    return created


# Removal, replacement, override ----------------------------------------------


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
        details={"reviewer": _reviewer_name(assignment.reviewer), "reason": reason},
    )
    reviewer_event_email(
        assignment=assignment, event="assignment_removed", context={"reason": reason}
    )


@transaction.atomic
def assignment_remove(*, assignment: Assignment, user, reason: str) -> Assignment:
    """Take a reviewer off a dossier under review (their review stops counting)."""
    require_manager(user, assignment.application.call)
    reason = require_text(reason, _("Give the reason for removing the reviewer."))
    lock_under_review(assignment.application)
    assignment = lock_assignment(assignment)
    if assignment.status == AssignmentStatus.REMOVED:
        raise ReviewError(_("This assignment was already removed."))
    _remove(assignment, user, reason)
    return assignment


@transaction.atomic
def assignment_replace(
    *, assignment: Assignment, reviewer, user, reason: str, due_at=None
) -> Assignment:
    """Remove an assignment and assign ``reviewer`` instead, at once."""
    require_manager(user, assignment.application.call)
    reason = require_text(reason, _("Give the reason for replacing the reviewer."))
    application = lock_under_review(assignment.application)
    assignment = lock_assignment(assignment)
    if assignment.status == AssignmentStatus.REMOVED:
        raise ReviewError(_("This assignment was already removed."))
    if reviewer.pk == assignment.reviewer_id:
        raise AssignmentRefused(_("Choose another reviewer than the one replaced."))
    _remove(assignment, user, reason)
    return assignment_create(
        application=application, reviewer=reviewer, user=user, due_at=due_at
    )


@transaction.atomic
def conflict_override(*, assignment: Assignment, user, reason: str) -> Assignment:
    """Keep an assignment whose detected conflict is a false positive."""
    require_manager(user, assignment.application.call)
    reason = require_text(
        reason, _("Give the reason why this tie is not a conflict of interest.")
    )
    assignment = lock_assignment(assignment)
    if not assignment.is_active:
        raise ReviewError(_("This assignment is no longer active."))
    assignment.conflict_override_reason = reason
    assignment.save(update_fields=["conflict_override_reason"])
    activity_record(
        actor=user,
        action="assignment.conflict_overridden",
        target=assignment,
        scope=assignment.application,
        details={"reviewer": _reviewer_name(assignment.reviewer), "reason": reason},
    )
    return assignment


# The reviewer's answer ---------------------------------------------------------


def _own_pending_or_refuse(assignment: Assignment, user) -> Assignment:
    if not permissions.is_own(user, assignment):
        raise ReviewPermissionRefused()
    assignment = lock_assignment(assignment)
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
    assignment = _own_pending_or_refuse(assignment, user)
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
        details={"reviewer": _reviewer_name(assignment.reviewer)},
    )
    return assignment


@transaction.atomic
def conflict_declare(*, assignment: Assignment, user, reason: str) -> Assignment:
    """The reviewer declares a conflict of interest: the dossier leaves their
    view, their review (if any) stops counting, and the managers are told."""
    reason = require_text(reason, _("Describe the conflict of interest."))
    assignment = _own_pending_or_refuse(assignment, user)
    if assignment.status not in (AssignmentStatus.PENDING, AssignmentStatus.ACCEPTED):
        raise ReviewError(_("This assignment is no longer active."))
    review = getattr(assignment, "review", None)
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
            "reviewer": _reviewer_name(assignment.reviewer),
            "reason": reason,
            "review_was_submitted": bool(
                review and review.status == ReviewStatus.SUBMITTED
            ),
        },
    )
    managers_event_email(assignment=assignment, event="conflict_declared", context={})
    return assignment


def require_accepted(assignment: Assignment, user) -> None:
    """Refuse anything of the dossier before the reviewer's attestation."""
    if not permissions.is_own(user, assignment):
        raise ReviewPermissionRefused()
    if assignment.status == AssignmentStatus.PENDING:
        raise AttestationRequired()
    if assignment.status != AssignmentStatus.ACCEPTED:
        raise ReviewPermissionRefused(_("This dossier is no longer assigned to you."))
