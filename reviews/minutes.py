"""The minutes of a committee session (procès-verbal): who sat, the agenda in
ranking order with each dossier's score, the decision taken on it and the
members who took no part in it (a conflict declared), and the totals against
the call's envelope. ``core.pdf`` draws it, on demand: the minutes are not
stored.

A session's dossiers are those whose decision names it, and the call's reviewed
dossiers still without a decision (« sans décision »); a decision recorded at
another session, or at none, belongs to other minutes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, prefetch_related_objects

from applications.enums import ApplicationState
from applications.identity import version_lead
from applications.letterhead import letterhead
from applications.models import Application, ApplicationVersion
from applications.selectors import version_on_record
from core.pdf import render_pdf
from core.time import in_paris

from .enums import COMMITTEE_OUTCOMES, CommitteeRole, DecisionOutcome
from .models import Committee, Decision
from .selectors.committee import abstentions_of, envelope_for_call
from .selectors.ranking import ranking_for_call


@dataclass(frozen=True)
class MinutesItem:
    """One dossier of the agenda."""

    application: Application
    rank: int | None
    score: Decimal | None
    reviews_count: int
    requested: Decimal | None  # from the version on record
    lead: str  # the lead organisation's name, as the version on record states it
    decision: Decision | None
    conditions: list = field(default_factory=list)
    abstentions: list[str] = field(default_factory=list)  # members' names


@dataclass(frozen=True)
class OutcomeCount:
    label: str
    count: int


def _lead_name(application: Application, version) -> str:
    if version is None:
        return application.organisation.name
    return version_lead(version).name


def _agenda(committee: Committee) -> list[MinutesItem]:
    """The session's dossiers in ranking order: decided at this session, or
    reviewed and still without a decision. A fixed number of queries."""
    rows = ranking_for_call(committee.call)
    prefetch_related_objects(
        [row.application for row in rows],
        Prefetch(
            "versions",
            queryset=ApplicationVersion.objects.only(
                "pk", "application_id", "number", "requested_amount", "lead"
            ),
        ),
        "decision__conditions",
    )
    kept = []
    for row in rows:
        decision = getattr(row.application, "decision", None)
        if decision is None:
            if row.application.state == ApplicationState.REVIEWED:
                kept.append((row, None))
        elif decision.committee_id == committee.pk:
            kept.append((row, decision))
    abstentions = abstentions_of([row.application for row, _d in kept], [committee])
    items = []
    for row, decision in kept:
        application = row.application
        version = version_on_record(application)
        items.append(
            MinutesItem(
                application=application,
                rank=row.rank,
                score=row.score,
                reviews_count=row.reviews_count,
                requested=version.requested_amount if version else None,
                lead=_lead_name(application, version),
                decision=decision,
                conditions=list(decision.conditions.all()) if decision else [],
                abstentions=abstentions(application, decision),
            )
        )
    return items


def _outcome_counts(items: list[MinutesItem]) -> list[OutcomeCount]:
    """The number of the session's decisions per outcome: the committee's
    three, even at zero, and any other found."""
    counts = Counter(item.decision.outcome for item in items if item.decision)
    outcomes = [
        outcome
        for outcome in DecisionOutcome
        if outcome in COMMITTEE_OUTCOMES or counts[outcome]
    ]
    return [OutcomeCount(outcome.label, counts[outcome]) for outcome in outcomes]


def _signatory(members: list, role: str):
    return next((member for member in members if member.role == role), None)


def minutes_context(committee: Committee) -> dict:
    """What the minutes of ``committee`` say. A fixed number of queries,
    whatever the number of dossiers and members."""
    prefetch_related_objects([committee], "members")
    call = committee.call
    members = list(committee.members.all())
    items = _agenda(committee)
    decided = [item for item in items if item.decision is not None]
    accepted = [item.decision for item in decided if item.decision.is_accepted]
    envelope = envelope_for_call(call)
    return {
        "committee": committee,
        "call": call,
        "authority": call.authority,
        "held_at": in_paris(committee.held_at),
        "members": members,
        "chair": _signatory(members, CommitteeRole.CHAIR),
        "secretary": _signatory(members, CommitteeRole.SECRETARY),
        "items": items,
        "decided_count": len(decided),
        "undecided_count": len(items) - len(decided),
        "outcome_counts": _outcome_counts(items),
        "session_awarded": sum((d.amount for d in accepted), Decimal(0)),
        "session_laureates": len(accepted),
        "envelope": envelope,
        "overrun": -envelope.remaining if envelope.exceeded else None,
    }


def minutes_filename(committee: Committee) -> str:
    """« AAC-2026-ARA-001-proces-verbal-2027-03-05.pdf »"""
    day = in_paris(committee.held_at).date()
    return f"{committee.call.reference}-proces-verbal-{day:%Y-%m-%d}.pdf"


def render_committee_minutes_pdf(committee: Committee) -> bytes:
    """The minutes of ``committee`` as PDF/A bytes, on the authority's
    letterhead."""
    head = letterhead(committee.call.authority)
    context = {**minutes_context(committee), "letterhead": head}
    return render_pdf("pdf/committee_minutes.html", context, resources=head.resources)
