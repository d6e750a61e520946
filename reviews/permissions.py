"""Who may do what in the instruction: ``(user, obj) -> bool`` predicates used by
the services, the views and the templates alike.

* Managers (« Gestionnaires ») of the call's authority, and administrators,
  run the instruction of the call's dossiers.
* Reviewers (« Instructeurs ») are staff of the call's authority; each sees only
  the dossiers assigned to them, and a dossier's content only once they have
  attested that they have no conflict of interest with it.
"""

from __future__ import annotations

from applications.permissions import (
    REVIEWERS_GROUP,
    is_manager_of_call,
    is_staff_of_authority,
)

from .enums import AssignmentStatus, ReviewStatus


def _in_group(user, name: str) -> bool:
    cache = "_sillon_group_names"
    names = getattr(user, cache, None)
    if names is None:
        names = frozenset(user.groups.values_list("name", flat=True))
        setattr(user, cache, names)
    return name in names


def is_reviewer(user) -> bool:
    """An active member of the reviewers' group."""
    return bool(
        user.is_authenticated and user.is_active and _in_group(user, REVIEWERS_GROUP)
    )


def can_manage_instruction(user, call) -> bool:
    """Assign, reopen, complete, rank: a manager of the call or an administrator."""
    return bool(user.is_authenticated and user.is_active) and is_manager_of_call(
        user, call
    )


def can_be_assigned(user, call) -> bool:
    """A reviewer who is staff of the call's authority."""
    return is_reviewer(user) and is_staff_of_authority(user, call.authority)


def is_own(user, assignment) -> bool:
    """The assignment's reviewer, still an active reviewer."""
    return assignment.reviewer_id == user.pk and is_reviewer(user)


def can_answer_conflict_question(user, assignment) -> bool:
    """The assigned reviewer, before they have answered."""
    return is_own(user, assignment) and assignment.status == AssignmentStatus.PENDING


def can_read_dossier(user, assignment) -> bool:
    """The assigned reviewer reads the version on record once they attested no
    conflict; a declared conflict or a removal closes it."""
    return is_own(user, assignment) and assignment.status == AssignmentStatus.ACCEPTED


def can_score(user, assignment) -> bool:
    """Read access, and the review not yet submitted."""
    if not can_read_dossier(user, assignment):
        return False
    review = getattr(assignment, "review", None)
    return review is None or review.status == ReviewStatus.DRAFT


def can_see_peer_reviews(user, assignment) -> bool:
    """Once their own review is submitted, when the call lets reviewers see each
    other's reviews; also the key to the reviewers' thread."""
    if not can_read_dossier(user, assignment):
        return False
    review = getattr(assignment, "review", None)
    return bool(
        review is not None
        and review.status == ReviewStatus.SUBMITTED
        and assignment.application.call.peer_reviews_visible
    )


def opening_notifies(user, letter) -> bool:
    """Whether ``user`` opening ``letter`` is its notification (the proof that
    starts the appeal deadline): an applicant's opening is; staff's never is
    (the authority's agents, administrators), even when they also belong to
    the dossier's organisation."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_staff or user.is_superuser:
        return False
    return not is_staff_of_authority(user, letter.authority)
