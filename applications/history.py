"""A dossier's history, one source for the applicant's page and the staff's: the
labels of its transitions and states, and the rows built from its audit trail.

Pure: the audit rows come from ``selectors.application_history``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import pgettext_lazy

from .enums import ApplicationState

TRANSITION_LABELS = {
    "submit": pgettext_lazy("dossier history", "Submitted"),
    "resubmit": pgettext_lazy("dossier history", "New version submitted"),
    "request_complements": pgettext_lazy("dossier history", "Complements requested"),
    "provide_complements": pgettext_lazy("dossier history", "Complements provided"),
    "declare_inadmissible": pgettext_lazy("dossier history", "Declared inadmissible"),
    "start_review": pgettext_lazy("dossier history", "Declared admissible"),
    "complete_review": pgettext_lazy("dossier history", "Review completed"),
    "accept": pgettext_lazy("dossier history", "Accepted"),
    "reject": pgettext_lazy("dossier history", "Rejected"),
    "correct_decision": pgettext_lazy("dossier history", "Decision corrected"),
    "withdraw": pgettext_lazy("dossier history", "Withdrawn"),
}
CREATED_LABEL = pgettext_lazy("dossier history", "Created")
STATE_LABELS = dict(ApplicationState.choices)


def state_label(state: str | None) -> str:
    return str(STATE_LABELS.get(state, state or ""))


def transition_label(name: str) -> str:
    return str(TRANSITION_LABELS.get(name, name))


def person_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    label: str
    by: str
    comment: str = ""
    source: str = ""  # the state before, for a transition
    target: str = ""  # the state after, for a transition


def history_entries(application, logs: Iterable) -> list[HistoryEntry]:
    """The dossier's history, oldest first: its creation, then each transition
    of its audit trail (django-fsm-log ``StateLog`` rows)."""
    created = HistoryEntry(
        at=application.created_at,
        label=str(CREATED_LABEL),
        by=person_name(application.created_by),
        target=state_label(ApplicationState.DRAFT),
    )
    return [created] + [
        HistoryEntry(
            at=log.timestamp,
            label=transition_label(log.transition),
            by=person_name(log.by),
            comment=log.description or "",
            source=state_label(log.source_state),
            target=state_label(log.state),
        )
        for log in logs
    ]


ACTIVITY_LABELS = {
    "partner.added": pgettext_lazy("dossier history", "Partner added: %(target)s"),
    "partner.changed": pgettext_lazy("dossier history", "Partner changed: %(target)s"),
    "partner.removed": pgettext_lazy("dossier history", "Partner removed: %(target)s"),
    "partner.invited": pgettext_lazy(
        "dossier history", "Confirmation link sent to partner: %(target)s"
    ),
    "partner.confirmed": pgettext_lazy(
        "dossier history", "Commitment confirmed: %(target)s"
    ),
    "partner.declined": pgettext_lazy(
        "dossier history", "Commitment declined: %(target)s"
    ),
    "partner.letter_attached": pgettext_lazy(
        "dossier history", "Commitment letter attached: %(target)s"
    ),
    "retention.anonymised": pgettext_lazy(
        "dossier history", "Dossier anonymised: its retention period is over"
    ),
    "retention.draft_warned": pgettext_lazy(
        "dossier history", "Draft inactive: deletion warning sent"
    ),
    "file.added": pgettext_lazy("dossier history", "File added: %(target)s"),
    "file.infected": pgettext_lazy(
        "dossier history", "File refused by the antivirus: %(target)s"
    ),
    "file.restored": pgettext_lazy(
        "dossier history", "Previous file put back in place: %(target)s"
    ),
    "partner.letter_refused": pgettext_lazy(
        "dossier history",
        "Commitment letter refused by the antivirus, confirmation awaited again: "
        "%(target)s",
    ),
    "file.replaced": pgettext_lazy("dossier history", "File replaced: %(target)s"),
    "lead.category_changed": pgettext_lazy(
        "dossier history", "Category of the lead organisation changed"
    ),
    "steering.member_added": pgettext_lazy(
        "dossier history", "Steering body member added: %(target)s"
    ),
    "steering.member_removed": pgettext_lazy(
        "dossier history", "Steering body member removed: %(target)s"
    ),
    "message.posted": pgettext_lazy("dossier history", "Message posted: %(target)s"),
    "version.archive_downloaded": pgettext_lazy(
        "dossier history", "ZIP of the files downloaded: %(target)s"
    ),
    # The instruction and the decision (recorded by the reviews app).
    "assignment.created": pgettext_lazy("dossier history", "Reviewer assigned"),
    "assignment.accepted": pgettext_lazy(
        "dossier history", "Reviewer attested having no conflict of interest"
    ),
    "assignment.conflict_declared": pgettext_lazy(
        "dossier history", "Conflict of interest declared by a reviewer"
    ),
    "assignment.conflict_detected": pgettext_lazy(
        "dossier history", "Conflict of interest detected"
    ),
    "assignment.conflict_overridden": pgettext_lazy(
        "dossier history", "Detected conflict overridden"
    ),
    "assignment.removed": pgettext_lazy("dossier history", "Reviewer removed"),
    "review.draft_saved": pgettext_lazy("dossier history", "Review draft saved"),
    "review.submitted": pgettext_lazy("dossier history", "Review submitted"),
    "review.reopened": pgettext_lazy("dossier history", "Review reopened"),
    "review_message.posted": pgettext_lazy(
        "dossier history", "Message between reviewers"
    ),
    "consensus_note.written": pgettext_lazy(
        "dossier history", "Consensus note written"
    ),
    "consolidation.frozen": pgettext_lazy(
        "dossier history", "Consolidated score frozen"
    ),
    "decision.recorded": pgettext_lazy("dossier history", "Decision recorded"),
    "decision.corrected": pgettext_lazy(
        "dossier history", "Decision corrected before its release"
    ),
    "decision.corrected_after_release": pgettext_lazy(
        "dossier history", "Released decision corrected"
    ),
    "decision_letter.generated": pgettext_lazy(
        "dossier history", "Decision letter generated: %(target)s"
    ),
    "decision.notified": pgettext_lazy(
        "dossier history", "Decision letter sent to the applicant"
    ),
    "decision_letter.opened": pgettext_lazy(
        "dossier history", "Decision letter opened by the applicant: %(target)s"
    ),
}


def activity_label(entry) -> str:
    """The French line of one activity entry (``core.ActivityEntry``)."""
    label = ACTIVITY_LABELS.get(entry.action)
    if label is None:
        return entry.action
    return str(label) % {"target": entry.target_repr}


def with_activity(
    history: list[HistoryEntry], activity: Iterable
) -> list[HistoryEntry]:
    """The history completed by the activity entries (changes that are not
    transitions), all in time order; what the staff's dossier page shows."""
    entries = history + [
        HistoryEntry(
            at=entry.created_at,
            label=activity_label(entry),
            by=person_name(entry.actor),
        )
        for entry in activity
    ]
    return sorted(entries, key=lambda entry: entry.at)
