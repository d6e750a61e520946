"""What the applicant should do next with a dossier, in one sentence.

A pure function of the dossier, its call and the clock: it reads only what the
selector already loaded (``application.call``) and never queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from calls.enums import CallStatus
from core.time import paris_datetime

from .enums import ApplicationState


@dataclass(frozen=True)
class NextStep:
    """``code`` names the situation (for styling and tests); ``text`` says it."""

    code: str
    text: str


def _draft(application, at: datetime) -> NextStep:
    call = application.call
    if call.status(at) == CallStatus.CLOSED:
        return NextStep(
            "closed_draft", _("The call is closed: the draft stays readable")
        )
    return NextStep(
        "complete",
        _("Complete and submit before %(deadline)s")
        % {"deadline": paris_datetime(call.closes_at)},
    )


def _submitted(application, at: datetime) -> NextStep:
    call = application.call
    if call.status(at) == CallStatus.CLOSED:
        return NextStep("awaiting_review", _("Submitted; awaiting the ARS review"))
    return NextStep(
        "editable",
        _("Submitted; you may still edit until %(deadline)s")
        % {"deadline": paris_datetime(call.closes_at)},
    )


def _complements(application, at: datetime) -> NextStep:
    due = application.complements_due_at
    if due is None:
        return NextStep("complements", _("Answer the complement request"))
    # Two datetimes of one zone compare by wall clock: compare in UTC.
    if at.astimezone(UTC) >= due.astimezone(UTC):
        return NextStep(
            "complements_late",
            _("The due date for the complements has passed"),
        )
    return NextStep(
        "complements",
        _("Answer the complement request before %(due)s")
        % {"due": paris_datetime(due)},
    )


_UNDER_REVIEW = gettext_lazy("Under review by the ARS")
_DECISION = gettext_lazy("Decision available")
_FIXED = {
    ApplicationState.UNDER_REVIEW: ("review", _UNDER_REVIEW),
    ApplicationState.REVIEWED: ("review", _UNDER_REVIEW),
    ApplicationState.ACCEPTED: ("decision", _DECISION),
    ApplicationState.REJECTED: ("decision", _DECISION),
    ApplicationState.INADMISSIBLE: ("decision", _DECISION),
    ApplicationState.WITHDRAWN: ("withdrawn", gettext_lazy("Withdrawn")),
}


def next_step(application, *, at: datetime | None = None) -> NextStep:
    """The next thing the applicant has to do on ``application`` at ``at``."""
    at = at or timezone.now()
    state = application.state
    if state == ApplicationState.DRAFT:
        return _draft(application, at)
    if state == ApplicationState.SUBMITTED:
        return _submitted(application, at)
    if state == ApplicationState.COMPLEMENTS_REQUESTED:
        return _complements(application, at)
    code, text = _FIXED[ApplicationState(state)]
    return NextStep(code, str(text))
