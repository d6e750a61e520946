"""The committee: its sessions and its decisions, recorded silently (no email,
nothing the applicant sees) and correctable until they are released."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.db import transaction
from django.utils.translation import gettext as _

from applications.enums import ApplicationState
from applications.models import Application
from core.activity import activity_record

from ..enums import (
    CommitteeRole,
)
from ..exceptions import DecisionRefused, ReviewError
from ..models import Committee, CommitteeMember, Decision
from ._common import require_manager
from .decision_fields import (
    decision_details,
    decision_store,
    decision_validated,
    refuse_while_releasing,
)

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
    fields, items = decision_validated(
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
    refuse_while_releasing(decision)
    corrected = decision is not None
    decision = decision_store(application, decision, fields, items)
    activity_record(
        actor=user,
        action="decision.corrected" if corrected else "decision.recorded",
        target=decision,
        scope=application,
        details=decision_details(fields, items),
    )
    return decision
