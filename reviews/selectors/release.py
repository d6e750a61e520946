"""The release's reads: what a release would send (the recap), how far a
release has gone (its figures and its items), the releases of a call and a
decision's letters. Each runs a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from applications.enums import ApplicationState
from applications.models import Application
from calls.models import Call
from calls.permissions import authority_ids_of

from ..enums import ACCEPTANCES, DecisionOutcome, ReleaseItemStatus
from ..models import Decision, DecisionLetter, ReleaseBatch, ReleaseItem

# Dossiers of a call still waiting for a decision block its release.
UNDECIDED_STATES = (
    ApplicationState.SUBMITTED,
    ApplicationState.COMPLEMENTS_REQUESTED,
    ApplicationState.UNDER_REVIEW,
    ApplicationState.REVIEWED,
)


def release_blockers(call: Call) -> list[Application]:
    """The call's dossiers still under consideration without a decision."""
    return list(
        Application.objects.filter(call=call, state__in=UNDECIDED_STATES)
        .filter(decision__isnull=True)
        .order_by("reference")
    )


def decisions_to_release(call: Call):
    """The call's decisions recorded and not yet released, nor waiting in a
    release."""
    return (
        Decision.objects.filter(application__call=call, released_at__isnull=True)
        .exclude(release_items__status=ReleaseItemStatus.PENDING)
        .select_related("application")
        .order_by("application__reference")
    )


@dataclass(frozen=True)
class ReleaseProgress:
    total: int
    done: int
    failed: int
    pending: int

    @property
    def finished(self) -> bool:
        return self.pending == 0

    def as_dict(self) -> dict[str, int]:
        return {
            "total": self.total,
            "done": self.done,
            "failed": self.failed,
            "pending": self.pending,
        }


def _counts(prefix: str = "") -> dict:
    status = f"{prefix}status"
    pk = f"{prefix}pk"
    return {
        "total": Count(pk),
        "done": Count(pk, filter=Q(**{status: ReleaseItemStatus.DONE})),
        "failed": Count(pk, filter=Q(**{status: ReleaseItemStatus.FAILED})),
        "pending": Count(pk, filter=Q(**{status: ReleaseItemStatus.PENDING})),
    }


def release_progress(batch: ReleaseBatch) -> ReleaseProgress:
    """The batch's items done, failed and pending (one query)."""
    return ReleaseProgress(
        **ReleaseItem.objects.filter(batch=batch).aggregate(**_counts())
    )


def release_items(batch: ReleaseBatch) -> list[ReleaseItem]:
    """The batch's items by dossier reference, each with its dossier, its lead
    and its letter (one query)."""
    return list(
        ReleaseItem.objects.filter(batch=batch)
        .select_related("decision__application__organisation", "letter")
        .order_by("decision__application__reference", "pk")
    )


def releases_of(call: Call) -> list[tuple[ReleaseBatch, ReleaseProgress]]:
    """The call's releases, latest first, each with its figures (one query)."""
    batches = (
        ReleaseBatch.objects.filter(call=call)
        .select_related("created_by")
        .annotate(**{f"n_{k}": v for k, v in _counts("items__").items()})
        .order_by("-created_at", "-pk")
    )
    return [
        (
            batch,
            ReleaseProgress(
                total=batch.n_total,
                done=batch.n_done,
                failed=batch.n_failed,
                pending=batch.n_pending,
            ),
        )
        for batch in batches
    ]


def release_of_call(call: Call, pk: int) -> ReleaseBatch | None:
    return ReleaseBatch.objects.filter(call=call, pk=pk).first()


def latest_release_of(decision: Decision) -> ReleaseBatch | None:
    """The batch that last took ``decision`` (a correction's, after it)."""
    item = (
        ReleaseItem.objects.filter(decision=decision)
        .select_related("batch")
        .order_by("-pk")
        .first()
    )
    return item.batch if item else None


def letter_for_manager(user, pk: int) -> DecisionLetter | None:
    """A letter of a call the user manages (any version), or ``None``."""
    letters = DecisionLetter.objects.select_related("decision__application")
    if not user.is_superuser:
        letters = letters.filter(
            decision__application__call__authority_id__in=authority_ids_of(user)
        )
    return letters.filter(pk=pk).first()


def decision_for_manager(user, application_pk: int) -> Decision | None:
    """The recorded decision of a dossier of a call the user manages, ready to
    draw its letter, or ``None``."""
    decisions = Decision.objects.select_related(
        "application__call__authority", "application__organisation", "committee"
    ).prefetch_related("conditions")
    if not user.is_superuser:
        decisions = decisions.filter(
            application__call__authority_id__in=authority_ids_of(user)
        )
    return decisions.filter(application_id=application_pk).first()


@dataclass(frozen=True)
class OutcomeTotal:
    outcome: str
    label: str
    count: int
    amount: Decimal | None  # awarded by the acceptances; None for the others


@dataclass(frozen=True)
class ReleaseRecap:
    decisions: list[Decision]
    totals: list[OutcomeTotal]
    blockers: list[Application]

    @property
    def releasable(self) -> bool:
        return bool(self.decisions) and not self.blockers


def release_recap(call: Call) -> ReleaseRecap:
    """What releasing ``call`` now would send: its decisions not released yet
    (each with its dossier and lead), their totals per outcome, and the
    dossiers still without a decision, which block it (two queries)."""
    decisions: QuerySet[Decision] = decisions_to_release(call).select_related(
        "application__organisation"
    )
    decisions = list(decisions)
    counts: dict[str, int] = defaultdict(int)
    amounts: dict[str, Decimal] = defaultdict(Decimal)
    for decision in decisions:
        counts[decision.outcome] += 1
        amounts[decision.outcome] += decision.amount or Decimal(0)
    totals = [
        OutcomeTotal(
            outcome=outcome.value,
            label=outcome.label,
            count=counts[outcome],
            amount=amounts[outcome] if outcome in ACCEPTANCES else None,
        )
        for outcome in DecisionOutcome
        if counts[outcome]
    ]
    return ReleaseRecap(
        decisions=decisions, totals=totals, blockers=release_blockers(call)
    )
