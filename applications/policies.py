"""What may be done with a dossier now, and why not: the rules that both the
services (which refuse) and the pages (which offer the buttons) follow.

Pure functions of the dossier, its call, the clock and the user; the permission
predicates they use live in ``permissions``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from . import permissions
from .enums import ApplicationState
from .governance import RuleResult, governance_check
from .submission import submission_problems

S = ApplicationState
# The states in which what the applicant typed is checked against the call.
CONTENT_CHECKED_STATES = frozenset({S.DRAFT, S.SUBMITTED, S.COMPLEMENTS_REQUESTED})
# The manager's actions on a submitted dossier: the transitions they run.
STAFF_TRANSITIONS = ("request_complements", "declare_inadmissible", "start_review")


def editing_problem(application, *, at: datetime | None = None) -> str | None:
    """Why the applicant cannot change the dossier now, or ``None``."""
    at = at or timezone.now()
    state = application.state
    if state == S.COMPLEMENTS_REQUESTED:
        due = application.complements_due_at
        if due is not None and at >= due:
            return _("The due date for the complements has passed.")
        return None
    if state in {S.DRAFT, S.SUBMITTED}:
        if not application.call.is_open(at):
            return _("The call is closed: the dossier can no longer be changed.")
        return None
    return _("The dossier can no longer be changed in its current state.")


@dataclass(frozen=True)
class ApplicantActions:
    """What the applicant may do with the dossier now, and what stands in the way."""

    editing_problem: str | None
    missing: list[str] = field(default_factory=list)
    governance: list[RuleResult] = field(default_factory=list)
    can_submit: bool = False
    can_provide_complements: bool = False
    can_withdraw: bool = False

    @property
    def can_edit(self) -> bool:
        return self.editing_problem is None


def applicant_actions(application, *, at: datetime | None = None) -> ApplicantActions:
    """The applicant's buttons on the dossier page, by the services' own rules.

    The governance is checked once and returned, for the page's checklist.
    """
    problem = editing_problem(application, at=at)
    governance = governance_check(application)
    missing = []
    if problem is None and application.state in CONTENT_CHECKED_STATES:
        missing = submission_problems(application, governance=governance)
    ready = problem is None and not missing
    return ApplicantActions(
        editing_problem=problem,
        missing=missing,
        governance=governance,
        can_submit=ready and application.state in {S.DRAFT, S.SUBMITTED},
        can_provide_complements=ready and application.state == S.COMPLEMENTS_REQUESTED,
        can_withdraw=can_proceed(application.withdraw),
    )


def staff_transitions_allowed(user, application) -> list[str]:
    """The manager's transitions this user may run on the dossier now."""
    if not permissions.is_manager_of_call(user, application.call):
        return []
    return [
        name for name in STAFF_TRANSITIONS if can_proceed(getattr(application, name))
    ]
