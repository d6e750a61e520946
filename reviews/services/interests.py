"""A reviewer's declaration of interests: the organisations they have ties with.

A declaration that makes one of the reviewer's current assignments conflicting
is flagged to the call's managers at once.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.enums import ApplicationState
from core.activity import activity_record

from .. import permissions
from ..conflicts import conflicts_between, dossier_entities, reviewer_ties, siren_of
from ..emails import managers_event_email
from ..enums import InterestNature
from ..exceptions import ReviewError, ReviewPermissionRefused
from ..models import Assignment, InterestDeclaration

FIELDS = ("organisation_name", "siren", "siret", "nature", "details", "since")


def can_declare_interests(user) -> bool:
    return permissions.is_reviewer(user)


def _digits(value) -> str:
    return "".join(ch for ch in str(value or "") if ch.isdigit())


def _identity(data: dict) -> tuple[str, str]:
    """``(siren, siret)``: a SIREN of 9 digits, or a SIRET of 14 whose first
    nine digits are the SIREN."""
    siret, siren = _digits(data.get("siret")), _digits(data.get("siren"))
    if siret:
        if len(siret) != 14:
            raise ReviewError(_("A SIRET is 14 digits."))
        if siren and siren != siret[:9]:
            raise ReviewError(
                _("The SIREN must be the first nine digits of the SIRET.")
            )
        siren = siren_of(siret)
    if len(siren) != 9:
        raise ReviewError(
            _("Give the organisation's SIREN (9 digits) or SIRET (14 digits).")
        )
    return siren, siret


def _normalised(fields: dict) -> dict:
    """The declaration's fields, checked (``ReviewError`` with a French message)."""
    data = {k: fields[k] for k in FIELDS if k in fields}
    data["siren"], data["siret"] = _identity(data)
    data["organisation_name"] = str(data.get("organisation_name") or "").strip()
    if not data["organisation_name"]:
        raise ReviewError(_("Give the organisation's name."))
    if data.get("nature") not in InterestNature.values:
        raise ReviewError(_("Choose the nature of the tie."))
    since = data.get("since")
    if not isinstance(since, datetime.date) or isinstance(since, datetime.datetime):
        raise ReviewError(_("Give the date the tie began."))
    if since > timezone.localdate():
        raise ReviewError(_("The date the tie began cannot be in the future."))
    data["details"] = str(data.get("details") or "").strip()
    return data


def _conflicts_by_assignment(user) -> dict:
    """``{assignment: [DetectedConflict]}`` of the reviewer's active assignments
    on dossiers under review."""
    ties = reviewer_ties(user)
    assignments = (
        Assignment.objects.active()
        .filter(reviewer=user, application__state=ApplicationState.UNDER_REVIEW)
        .select_related("application", "application__call", "application__organisation")
    )
    return {
        assignment: conflicts_between(ties, dossier_entities(assignment.application))
        for assignment in assignments
    }


def _flag_new_conflicts(user, before: dict) -> int:
    """Tell the managers of each active assignment that a change of the
    reviewer's declaration makes conflicting with an organisation it was not
    conflicting with before (once per assignment and organisation)."""
    flagged = 0
    for assignment, found in _conflicts_by_assignment(user).items():
        known = {c.siren for c in before.get(assignment, [])}
        new = [c for c in found if c.siren not in known]
        if not new:
            continue
        flagged += 1
        reasons = [c.reason for c in new]
        activity_record(
            actor=user,
            action="assignment.conflict_detected",
            target=assignment,
            scope=assignment.application,
            details={"reasons": reasons},
        )
        sirens = ",".join(sorted({c.siren for c in new}))
        managers_event_email(
            assignment=assignment,
            event="conflict_detected",
            context={"reasons": reasons},
            dedup_key=f"reviews.conflict_detected:{assignment.pk}:{sirens}",
        )
    return flagged


@transaction.atomic
def interest_declare(*, user, **fields) -> InterestDeclaration:
    """A reviewer declares a tie (``organisation_name``, ``siren`` and/or
    ``siret``, ``nature``, ``since``, ``details``); the managers of any of their
    assignments it makes conflicting are told."""
    if not can_declare_interests(user):
        raise ReviewPermissionRefused()
    data = _normalised(fields)
    before = _conflicts_by_assignment(user)
    declaration = InterestDeclaration.objects.create(reviewer=user, **data)
    activity_record(
        actor=user,
        action="interest.declared",
        target=declaration,
        scope=user,
        details={"siren": declaration.siren, "nature": declaration.nature},
    )
    _flag_new_conflicts(user, before)
    return declaration


@transaction.atomic
def interest_update(*, declaration: InterestDeclaration, user, **fields):
    """The reviewer changes one of their declarations (the fields given)."""
    if declaration.reviewer_id != user.pk or not can_declare_interests(user):
        raise ReviewPermissionRefused()
    current = {k: getattr(declaration, k) for k in FIELDS}
    if "siret" in fields and "siren" not in fields:
        current.pop("siren")  # a new SIRET brings its own SIREN
    data = _normalised({**current, **fields})
    before = _conflicts_by_assignment(user)
    for name, value in data.items():
        setattr(declaration, name, value)
    declaration.save()
    activity_record(
        actor=user,
        action="interest.changed",
        target=declaration,
        scope=user,
        details={"siren": declaration.siren, "nature": declaration.nature},
    )
    _flag_new_conflicts(user, before)
    return declaration


@transaction.atomic
def interest_delete(*, declaration: InterestDeclaration, user) -> None:
    """The reviewer withdraws one of their declarations."""
    if declaration.reviewer_id != user.pk or not can_declare_interests(user):
        raise ReviewPermissionRefused()
    activity_record(
        actor=user,
        action="interest.deleted",
        target=declaration,
        scope=user,
        details={
            "siren": declaration.siren,
            "organisation": declaration.organisation_name,
        },
    )
    declaration.delete()
