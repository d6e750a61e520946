"""Steps the reviews services share. Private to ``reviews.services``."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.enums import ApplicationState
from applications.models import Application

from .. import permissions
from ..exceptions import ReviewError, ReviewPermissionRefused
from ..models import Assignment


def require_manager(user, call) -> None:
    if not permissions.can_manage_instruction(user, call):
        raise ReviewPermissionRefused()


def require_text(value: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ReviewError(message)
    return text


def lock_under_review(application):
    """The dossier's row (only its row), locked and read afresh; refused unless
    it is under review."""
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("call", "call__authority", "organisation")
        .get(pk=application.pk)
    )
    if locked.state == ApplicationState.REVIEWED:
        raise ReviewError(
            _("The review of the dossier %(reference)s is already completed.")
            % {"reference": locked.reference}
        )
    if locked.state != ApplicationState.UNDER_REVIEW:
        raise ReviewError(
            _("The dossier %(reference)s is not under review.")
            % {"reference": locked.reference}
        )
    return locked


def lock_assignment(assignment: Assignment) -> Assignment:
    """The assignment's row, locked, read afresh with its dossier and call."""
    return (
        Assignment.objects.select_for_update(of=("self",))
        .select_related(
            "application",
            "application__call",
            "application__call__authority",
            "reviewer",
        )
        .get(pk=assignment.pk)
    )


def check_due_at(due_at) -> None:
    if due_at is not None and due_at <= timezone.now():
        raise ReviewError(_("The due date must be in the future."))


def under_review_of(call) -> QuerySet:
    return Application.objects.filter(call=call, state=ApplicationState.UNDER_REVIEW)


def reviewer_name(reviewer) -> str:
    return reviewer.get_full_name() or reviewer.get_username()
