"""The dossier's state machine (design: The dossier).

Transitions only move the state and set derived fields; the services in
``applications.services`` check permissions and conditions, save, log and queue
the side effects. ``by`` and ``description`` feed django-fsm-log's audit trail.
"""

from django.db import models
from django.utils import timezone
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField, transition
from django_fsm_log.decorators import fsm_log_by, fsm_log_description

from .enums import ApplicationState as S


class ApplicationWorkflow(ConcurrentTransitionMixin, models.Model):
    state = FSMField(default=S.DRAFT, choices=S.choices, protected=True, db_index=True)

    class Meta:
        abstract = True

    @fsm_log_by
    @fsm_log_description
    @transition(field=state, source=S.DRAFT, target=S.SUBMITTED)
    def submit(self, *, by=None, description=None) -> None:
        self.submitted_at = timezone.now()

    @fsm_log_by
    @fsm_log_description
    @transition(field=state, source=S.SUBMITTED, target=S.SUBMITTED)
    def resubmit(self, *, by=None, description=None) -> None:
        """A new version of a submitted dossier, before the call closes."""
        self.submitted_at = timezone.now()

    @fsm_log_by
    @fsm_log_description
    @transition(field=state, source=S.SUBMITTED, target=S.COMPLEMENTS_REQUESTED)
    def request_complements(self, *, due_at, by=None, description=None) -> None:
        self.complements_due_at = due_at
        self.complements_message = description or ""

    @fsm_log_by
    @fsm_log_description
    @transition(field=state, source=S.COMPLEMENTS_REQUESTED, target=S.SUBMITTED)
    def provide_complements(self, *, by=None, description=None) -> None:
        self.submitted_at = timezone.now()
        self.complements_due_at = None

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=state,
        source=[S.SUBMITTED, S.COMPLEMENTS_REQUESTED],
        target=S.INADMISSIBLE,
    )
    def declare_inadmissible(self, *, by=None, description=None) -> None:
        self.decision_motivation = description or ""

    @fsm_log_by
    @fsm_log_description
    @transition(field=state, source=S.SUBMITTED, target=S.UNDER_REVIEW)
    def start_review(self, *, by=None, description=None) -> None:
        self.admissible_at = timezone.now()

    @fsm_log_by
    @fsm_log_description
    @transition(field=state, source=S.UNDER_REVIEW, target=S.REVIEWED)
    def complete_review(self, *, by=None, description=None) -> None:
        """The reviews are in; the consolidated score is frozen by the reviews app."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=state, source=S.REVIEWED, target=S.ACCEPTED)
    def accept(self, *, by=None, description=None) -> None:
        """The committee's decision (amount, conditions) lives in reviews.Decision."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=state, source=S.REVIEWED, target=S.REJECTED)
    def reject(self, *, by=None, description=None) -> None:
        self.decision_motivation = description or ""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=state,
        source=[S.ACCEPTED, S.REJECTED],
        target=RETURN_VALUE(S.ACCEPTED, S.REJECTED),
    )
    def correct_decision(self, *, accepted: bool, by=None, description=None) -> str:
        """A released decision corrected (a new letter notifies it): the dossier
        follows the new outcome."""
        if accepted:
            return S.ACCEPTED
        self.decision_motivation = description or ""
        return S.REJECTED

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=state,
        source=[S.DRAFT, S.SUBMITTED, S.COMPLEMENTS_REQUESTED, S.UNDER_REVIEW],
        target=S.WITHDRAWN,
    )
    def withdraw(self, *, by=None, description=None) -> None:
        self.withdrawal_reason = description or ""
        self.withdrawn_at = timezone.now()
