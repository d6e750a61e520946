"""The committee's reads: the call's envelope against the amounts awarded."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from ..enums import DecisionOutcome
from ..models import Decision


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
    decisions = Decision.objects.filter(application__call=call).filter(
        ~Q(outcome=DecisionOutcome.REJECTED)
    )
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
