"""The rules a decision's fields obey, shared by the committee's recording
(``decisions``), the correction after release (``corrections``) and the
inadmissibility letters (``inadmissibility``): the amount, the conditions, the
envelope, and how a decision is stored and logged."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application
from core.formatting import euros

from ..enums import (
    COMMITTEE_OUTCOMES,
    DecisionOutcome,
    ReleaseItemStatus,
)
from ..exceptions import DecisionRefused, EnvelopeExceeded
from ..models import Committee, Decision, DecisionCondition
from ..selectors.committee import awarded_for_call


def decision_amount(outcome: str, amount) -> Decimal | None:
    if outcome == DecisionOutcome.REJECTED:
        if amount not in (None, ""):
            raise DecisionRefused(errors={"amount": [_("A refusal awards no amount.")]})
        return None
    try:
        value = Decimal(str(amount).replace(",", ".").replace(" ", ""))
    except (InvalidOperation, TypeError):
        value = None
    if amount in (None, "") or value is None or not value.is_finite():
        raise DecisionRefused(errors={"amount": [_("Give the amount awarded.")]})
    if value <= 0:
        raise DecisionRefused(
            errors={"amount": [_("The amount awarded must be positive.")]}
        )
    if value != value.quantize(Decimal("0.01")):
        raise DecisionRefused(errors={"amount": [_("Use at most two decimals.")]})
    return value


def decision_conditions(outcome: str, conditions: Iterable) -> list[dict]:
    items = []
    for item in conditions or ():
        if isinstance(item, Mapping):
            text, due_on = (item.get("text") or "").strip(), item.get("due_on")
        else:
            text, due_on = str(item or "").strip(), None
        if text:
            items.append({"text": text, "due_on": due_on})
    if outcome == DecisionOutcome.ACCEPTED_WITH_CONDITIONS and not items:
        raise DecisionRefused(
            errors={"conditions": [_("List the conditions of the acceptance.")]}
        )
    if outcome != DecisionOutcome.ACCEPTED_WITH_CONDITIONS and items:
        raise DecisionRefused(
            errors={
                "conditions": [
                    _("Only an acceptance with conditions carries conditions.")
                ]
            }
        )
    return items


def envelope_check(application, amount, confirm: bool, reason: str) -> str:
    """The reason for going over the envelope ("" when within it)."""
    call = application.call
    if amount is None or call.envelope is None:
        return ""
    awarded, _laureates = awarded_for_call(call, excluding=application)
    if awarded + amount <= call.envelope:
        return ""
    message = _(
        "With this amount, the awards reach %(total)s for an envelope of "
        "%(envelope)s (%(over)s over)."
    ) % {
        "total": euros(awarded + amount),
        "envelope": euros(call.envelope),
        "over": euros(awarded + amount - call.envelope),
    }
    if not confirm:
        raise EnvelopeExceeded(reasons=[message])
    reason = (reason or "").strip()
    if not reason:
        raise EnvelopeExceeded(
            _("Give the reason for going over the envelope."), reasons=[message]
        )
    return reason


def decision_validated(
    application: Application,
    user,
    *,
    outcome: str,
    amount,
    motivation: str,
    conditions: Iterable,
    committee: Committee | None,
    confirm_over_envelope: bool,
    over_envelope_reason: str,
    duration_months: int | None,
    opinion: str,
) -> tuple[dict, list[dict]]:
    """The decision's fields and conditions, checked (``DecisionRefused``)."""
    if outcome not in COMMITTEE_OUTCOMES:
        raise DecisionRefused(errors={"outcome": [_("Choose a decision.")]})
    value = decision_amount(outcome, amount)
    motivation = (motivation or "").strip()
    if outcome != DecisionOutcome.ACCEPTED and not motivation:
        raise DecisionRefused(
            errors={
                "motivation": [
                    _(
                        "Give the reasons: they are mandatory for a refusal and "
                        "for conditions (CRPA L211-2 and L211-5)."
                    )
                ]
            }
        )
    items = decision_conditions(outcome, conditions)
    if committee is not None and committee.call_id != application.call_id:
        raise DecisionRefused(_("This committee session is not of the dossier's call."))
    if duration_months is not None and not 1 <= int(duration_months) <= 120:
        raise DecisionRefused(
            errors={"duration_months": [_("Give a duration of 1 to 120 months.")]}
        )
    over_reason = envelope_check(
        application, value, confirm_over_envelope, over_envelope_reason
    )
    fields = {
        "committee": committee,
        "outcome": outcome,
        "amount": value,
        "duration_months": None if value is None else duration_months,
        "motivation": motivation,
        "opinion": (opinion or "").strip(),
        "over_envelope_reason": over_reason,
        "recorded_by": user,
        "recorded_at": timezone.now(),
    }
    return fields, items


def decision_store(application, decision, fields: dict, items: list[dict]) -> Decision:
    if decision is not None:
        for name, field_value in fields.items():
            setattr(decision, name, field_value)
        decision.save()
        decision.conditions.all().delete()
    else:
        decision = Decision.objects.create(application=application, **fields)
    DecisionCondition.objects.bulk_create(
        DecisionCondition(decision=decision, **item) for item in items
    )
    return decision


def decision_details(fields: dict, items: list[dict]) -> dict:
    details = {
        "outcome": fields["outcome"],
        "amount": None if fields["amount"] is None else str(fields["amount"]),
        "conditions": len(items),
    }
    if fields["over_envelope_reason"]:
        details["over_envelope_reason"] = fields["over_envelope_reason"]
    return details


def refuse_while_releasing(decision: Decision | None) -> None:
    if (
        decision is not None
        and decision.release_items.filter(status=ReleaseItemStatus.PENDING).exists()
    ):
        raise DecisionRefused(
            _("This decision is being notified: wait until its letter is sent.")
        )
