"""The committee's reads: the call's envelope against the amounts awarded, its
sessions, the agenda (reviewed dossiers in ranking order) and who takes no part
in a decision."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Sum, prefetch_related_objects

from applications.models import ApplicationVersion

from ..enums import ACCEPTANCES, AssignmentStatus
from ..models import Assignment, Committee, Decision
from ._annotations import COMPLETED_STATES
from .ranking import ranking_for_call


@dataclass(frozen=True)
class Envelope:
    envelope: Decimal | None  # None: the call states no envelope
    awarded: Decimal
    remaining: Decimal | None
    laureates: int
    expected_laureates: int | None

    @property
    def exceeded(self) -> bool:
        return self.remaining is not None and self.remaining < 0


def awarded_for_call(call, *, excluding=None) -> tuple[Decimal, int]:
    """The amounts of the call's acceptances and their number (one query),
    leaving out the decision of the dossier ``excluding`` when given."""
    decisions = Decision.objects.filter(application__call=call, outcome__in=ACCEPTANCES)
    if excluding is not None:
        decisions = decisions.exclude(application=excluding)
    totals = decisions.aggregate(awarded=Sum("amount"), laureates=Count("pk"))
    return totals["awarded"] or Decimal(0), totals["laureates"]


def envelope_for_call(call) -> Envelope:
    """The call's envelope, the amounts awarded (released or not) and what
    remains."""
    awarded, laureates = awarded_for_call(call)
    envelope = call.envelope
    return Envelope(
        envelope=envelope,
        awarded=awarded,
        remaining=None if envelope is None else envelope - awarded,
        laureates=laureates,
        expected_laureates=call.expected_laureates,
    )


def committees_of(call):
    """The call's sessions with their members (two queries)."""
    return list(Committee.objects.filter(call=call).prefetch_related("members"))


def reviewed_in_ranking_order(call) -> list:
    """The ranking's rows of the call's reviewed dossiers, decided or not (a
    released decision stays on the agenda, to be corrected), each dossier with
    its versions (for the requested amount) and its decision's conditions
    prefetched: a fixed number of queries."""
    rows = [
        row
        for row in ranking_for_call(call)
        if row.application.state in COMPLETED_STATES
    ]
    prefetch_related_objects(
        [row.application for row in rows],
        Prefetch(
            "versions",
            queryset=ApplicationVersion.objects.only(
                "pk", "application_id", "number", "requested_amount"
            ),
        ),
        "decision__conditions",
    )
    return rows


def abstentions_of(applications, committees):
    """``names(application, decision)``: the members of the call's sessions (of
    the decision's session when it names one) who declared a conflict on the
    dossier, and so take no part in its decision. One query."""
    names_by_user = {}
    users_of_committee = defaultdict(set)
    for committee in committees:
        for member in committee.members.all():
            if member.user_id is not None:
                names_by_user.setdefault(member.user_id, member.name)
                users_of_committee[committee.pk].add(member.user_id)
    conflicts = defaultdict(set)
    if names_by_user and applications:
        pairs = Assignment.objects.filter(
            application__in=applications,
            status=AssignmentStatus.CONFLICT,
            reviewer_id__in=list(names_by_user),
        ).values_list("application_id", "reviewer_id")
        for application_id, reviewer_id in pairs:
            conflicts[application_id].add(reviewer_id)

    def names(application, decision=None) -> list[str]:
        users = conflicts.get(application.pk, set())
        if decision is not None and decision.committee_id is not None:
            users = users & users_of_committee[decision.committee_id]
        return sorted(names_by_user[pk] for pk in users)

    return names
