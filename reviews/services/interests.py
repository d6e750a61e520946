"""A reviewer's declaration of interests: the organisations they have ties with.

A declaration that makes one of the reviewer's current assignments conflicting
is flagged to the call's managers at once.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from applications.enums import ApplicationState
from core.activity import activity_record

from .. import permissions
from ..conflicts import conflicts_between, dossier_entities, reviewer_ties, siren_of
from ..emails import managers_event_email
from ..exceptions import ReviewError, ReviewPermissionRefused
from ..models import Assignment, InterestDeclaration

FIELDS = ("organisation_name", "siren", "siret", "nature", "details", "since")


def can_declare_interests(user) -> bool:
    return permissions.is_reviewer(user)


def _normalised(fields: dict) -> dict:
    data = {k: fields[k] for k in FIELDS if k in fields}
    siret = "".join(ch for ch in str(data.get("siret") or "") if ch.isdigit())
    siren = "".join(ch for ch in str(data.get("siren") or "") if ch.isdigit())
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
    data["siren"], data["siret"] = siren, siret
    data["organisation_name"] = str(data.get("organisation_name") or "").strip()
    if not data["organisation_name"]:
        raise ReviewError(_("Give the organisation's name."))
    return data


def _flag_conflicts(user) -> int:
    """Tell the managers of each current assignment that is now conflicting."""
    ties = reviewer_ties(user)
    flagged = 0
    assignments = (
        Assignment.objects.active()
        .filter(reviewer=user, application__state=ApplicationState.UNDER_REVIEW)
        .select_related("application", "application__call", "application__organisation")
    )
    for assignment in assignments:
        found = conflicts_between(ties, dossier_entities(assignment.application))
        if found and not assignment.conflict_override_reason:
            flagged += 1
            activity_record(
                actor=user,
                action="assignment.conflict_detected",
                target=assignment,
                scope=assignment.application,
                details={"reasons": [c.reason for c in found]},
            )
            managers_event_email(
                assignment=assignment,
                event="conflict_detected",
                context={"reasons": [c.reason for c in found]},
            )
    return flagged


@transaction.atomic
def interest_declare(*, user, **fields) -> InterestDeclaration:
    if not can_declare_interests(user):
        raise ReviewPermissionRefused()
    declaration = InterestDeclaration.objects.create(
        reviewer=user, **_normalised(fields)
    )
    activity_record(
        actor=user,
        action="interest.declared",
        target=declaration,
        scope=user,
        details={"siren": declaration.siren, "nature": declaration.nature},
    )
    _flag_conflicts(user)
    return declaration


@transaction.atomic
def interest_update(*, declaration: InterestDeclaration, user, **fields):
    if declaration.reviewer_id != user.pk or not can_declare_interests(user):
        raise ReviewPermissionRefused()
    data = _normalised({**{k: getattr(declaration, k) for k in FIELDS}, **fields})
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
    _flag_conflicts(user)
    return declaration


@transaction.atomic
def interest_delete(*, declaration: InterestDeclaration, user) -> None:
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
