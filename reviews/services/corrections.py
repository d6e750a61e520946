"""A released decision corrected: the reason logged, a new letter
superseding the earlier one (kept on record), notified at once."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from core.activity import activity_record

from ..enums import ACCEPTANCES, DecisionOutcome, ReleaseKind
from ..exceptions import DecisionRefused
from ..models import Decision
from ._common import require_manager
from .decision_fields import (
    decision_amount,
    decision_details,
    decision_store,
    decision_validated,
    refuse_while_releasing,
)
from .release import decision_release_one


def withdraws_a_benefit(decision: Decision, outcome: str, amount) -> bool:
    """Whether correcting ``decision`` to ``outcome``/``amount`` takes back
    something an acceptance granted (CRPA L242-1 restricts it)."""
    if decision.outcome not in ACCEPTANCES:
        return False
    if outcome not in ACCEPTANCES:
        return True
    if outcome == DecisionOutcome.ACCEPTED_WITH_CONDITIONS and (
        decision.outcome == DecisionOutcome.ACCEPTED
    ):
        return True
    try:
        return decision_amount(outcome, amount) < decision.amount
    except DecisionRefused:
        return False


@transaction.atomic
def decision_correct(
    *,
    decision: Decision,
    user,
    reason: str,
    outcome: str,
    amount=None,
    motivation: str = "",
    conditions: Iterable = (),
    confirm_over_envelope: bool = False,
    over_envelope_reason: str = "",
    duration_months: int | None = None,
    opinion: str = "",
    confirm_withdrawal: bool = False,
) -> Decision:
    """Correct a released decision: the reason is logged, a new letter
    supersedes the earlier one (kept on record) and is notified at once.

    Taking back what an acceptance granted (refusing it, lowering its amount,
    adding conditions) is restricted by law (CRPA L242-1: only an illegal
    decision, within four months): it needs ``confirm_withdrawal``.
    """
    application = decision.application
    require_manager(user, application.call)
    decision = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("application__call__authority", "committee")
        .get(pk=decision.pk)
    )
    application = decision.application
    if not decision.is_released:
        raise DecisionRefused(
            _("This decision is not released yet: correct it on the committee page.")
        )
    if decision.outcome == DecisionOutcome.INADMISSIBLE:
        raise DecisionRefused(_("An inadmissibility is not corrected here."))
    refuse_while_releasing(decision)
    reason = (reason or "").strip()
    if not reason:
        raise DecisionRefused(
            errors={"reason": [_("Give the reason for the correction.")]}
        )
    if withdraws_a_benefit(decision, outcome, amount) and not confirm_withdrawal:
        raise DecisionRefused(
            errors={
                "confirm_withdrawal": [
                    _(
                        "This correction takes back what an acceptance granted: "
                        "the law allows it only for an illegal decision, within "
                        "four months of it (CRPA L242-1). Confirm that this is "
                        "the case."
                    )
                ]
            }
        )
    fields, items = decision_validated(
        application,
        user,
        outcome=outcome,
        amount=amount,
        motivation=motivation,
        conditions=conditions,
        committee=decision.committee,
        confirm_over_envelope=confirm_over_envelope,
        over_envelope_reason=over_envelope_reason,
        duration_months=duration_months,
        opinion=opinion,
    )
    previous = decision_details(
        {
            "outcome": decision.outcome,
            "amount": decision.amount,
            "over_envelope_reason": "",
        },
        list(decision.conditions.all()),
    )
    decision = decision_store(application, decision, fields, items)
    activity_record(
        actor=user,
        action="decision.corrected_after_release",
        target=decision,
        scope=application,
        details={
            **decision_details(fields, items),
            "reason": reason,
            "previous": previous,
            "withdrawal_confirmed": bool(confirm_withdrawal),
        },
    )
    decision_release_one(decision=decision, user=user, kind=ReleaseKind.CORRECTION)
    return decision
