"""The committee: its sessions and its decisions, recorded silently (no email,
nothing the applicant sees) and correctable until they are released."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.enums import ApplicationState
from applications.models import Application
from core.activity import activity_record
from core.formatting import euros

from ..enums import (
    COMMITTEE_OUTCOMES,
    CommitteeRole,
    DecisionOutcome,
    ReleaseItemStatus,
)
from ..exceptions import DecisionRefused, EnvelopeExceeded, ReviewError
from ..models import Committee, CommitteeMember, Decision, DecisionCondition
from ..selectors.committee import awarded_for_call
from ._common import require_manager

# Committees ----------------------------------------------------------------------


def _member(item) -> dict:
    """``{"user", "name", "role", "organisation"}`` from a mapping or a
    ``(user or name, role)`` pair."""
    if isinstance(item, Mapping):
        data = dict(item)
    else:
        who, role = item
        data = {"role": role}
        if isinstance(who, str):
            data["name"] = who
        else:
            data["user"] = who
    user = data.get("user")
    name = (data.get("name") or "").strip()
    if not name and user is not None:
        name = user.get_full_name() or user.get_username()
    if not name:
        raise ReviewError(_("Give each member's name."))
    role = data.get("role") or CommitteeRole.MEMBER
    if role not in CommitteeRole.values:
        raise ReviewError(_("Choose each member's role."))
    return {
        "user": user,
        "name": name,
        "role": role,
        "organisation": (data.get("organisation") or "").strip(),
    }


@transaction.atomic
def committee_create(
    *, call, user, held_at: datetime.datetime, members: Iterable, place: str = ""
) -> Committee:
    """Record a committee session of ``call`` with the members present."""
    require_manager(user, call)
    if held_at is None:
        raise ReviewError(_("Give the date of the session."))
    members = [_member(item) for item in members]
    if not members:
        raise ReviewError(_("Name at least one member present."))
    users = [m["user"].pk for m in members if m["user"] is not None]
    if len(users) != len(set(users)):
        raise ReviewError(_("A member is named twice."))
    committee = Committee.objects.create(
        call=call, held_at=held_at, place=(place or "").strip(), created_by=user
    )
    CommitteeMember.objects.bulk_create(
        CommitteeMember(committee=committee, **member) for member in members
    )
    activity_record(
        actor=user,
        action="committee.created",
        target=committee,
        scope=call,
        details={"held_at": held_at.isoformat(), "members": len(members)},
    )
    return committee


# Decisions -----------------------------------------------------------------------


def _amount(outcome: str, amount) -> Decimal | None:
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


def _conditions(outcome: str, conditions: Iterable) -> list[dict]:
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


def _check_envelope(application, amount, confirm: bool, reason: str) -> str:
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


def _validated(
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
    value = _amount(outcome, amount)
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
    items = _conditions(outcome, conditions)
    if committee is not None and committee.call_id != application.call_id:
        raise DecisionRefused(_("This committee session is not of the dossier's call."))
    if duration_months is not None and not 1 <= int(duration_months) <= 120:
        raise DecisionRefused(
            errors={"duration_months": [_("Give a duration of 1 to 120 months.")]}
        )
    over_reason = _check_envelope(
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


def _store(application, decision, fields: dict, items: list[dict]) -> Decision:
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


def _details(fields: dict, items: list[dict]) -> dict:
    details = {
        "outcome": fields["outcome"],
        "amount": None if fields["amount"] is None else str(fields["amount"]),
        "conditions": len(items),
    }
    if fields["over_envelope_reason"]:
        details["over_envelope_reason"] = fields["over_envelope_reason"]
    return details


def _refuse_while_releasing(decision: Decision | None) -> None:
    if (
        decision is not None
        and decision.release_items.filter(status=ReleaseItemStatus.PENDING).exists()
    ):
        raise DecisionRefused(
            _("This decision is being notified: wait until its letter is sent.")
        )


@transaction.atomic
def decision_record(
    *,
    application: Application,
    user,
    outcome: str,
    amount=None,
    motivation: str = "",
    conditions: Iterable = (),
    committee: Committee | None = None,
    confirm_over_envelope: bool = False,
    over_envelope_reason: str = "",
    duration_months: int | None = None,
    opinion: str = "",
) -> Decision:
    """Record (or correct, until it is released) the committee's decision on a
    reviewed dossier. Silent: no email, no state the applicant sees.

    Refused, with a French message per field, when: the outcome is unknown; an
    acceptance has no positive amount or a refusal has one; a refusal or an
    acceptance with conditions has no reasons; an acceptance with conditions
    has none; the awards would go over the call's envelope without
    ``confirm_over_envelope`` and a reason.
    """
    require_manager(user, application.call)
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("call", "call__authority")
        .get(pk=application.pk)
    )
    if application.state != ApplicationState.REVIEWED:
        raise DecisionRefused(
            _("A decision is recorded on a dossier whose review is completed.")
        )
    fields, items = _validated(
        application,
        user,
        outcome=outcome,
        amount=amount,
        motivation=motivation,
        conditions=conditions,
        committee=committee,
        confirm_over_envelope=confirm_over_envelope,
        over_envelope_reason=over_envelope_reason,
        duration_months=duration_months,
        opinion=opinion,
    )
    decision = (
        Decision.objects.select_for_update().filter(application=application).first()
    )
    if decision is not None and decision.is_released:
        raise DecisionRefused(
            _("This decision is released: it can no longer be changed here.")
        )
    _refuse_while_releasing(decision)
    corrected = decision is not None
    decision = _store(application, decision, fields, items)
    activity_record(
        actor=user,
        action="decision.corrected" if corrected else "decision.recorded",
        target=decision,
        scope=application,
        details=_details(fields, items),
    )
    return decision
