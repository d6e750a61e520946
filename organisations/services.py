"""Use cases on organisations and their members: the only writers of both.

Each is keyword-only and atomic, and when it refuses it raises an
``OrganisationError`` with a message for the user and changes nothing.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.activity import activity_record

from . import permissions
from .emails import answer_email_enqueue, request_email_enqueue
from .enums import MembershipRole, MembershipStatus
from .exceptions import (
    OrganisationError,
    OrganisationExists,
    OrganisationNotFound,
    OrganisationPermissionRefused,
)
from .identifiers import (
    normalise_finess,
    normalise_siret,
    validate_finess,
    validate_siret,
)
from .models import Membership, Organisation


def _checked(value: str, validate) -> str:
    try:
        validate(value)
    except ValidationError as error:
        raise OrganisationError(error.messages[0]) from None
    return value


def _organisation_with(siret: str) -> Organisation | None:
    return Organisation.objects.filter(siret=siret).first()


def _membership_of(user, organisation: Organisation) -> Membership | None:
    return organisation.memberships.filter(user_id=user.pk).first()


def _refuse_existing(user, organisation: Organisation):
    membership = _membership_of(user, organisation)
    if membership is None:
        return OrganisationExists(
            _(
                "The organisation %(name)s is already registered with this SIRET "
                "number. Ask to join it instead of creating it again."
            )
            % {"name": organisation.name},
            organisation=organisation,
        )
    if membership.status == MembershipStatus.ACTIVE:
        return OrganisationError(
            _("You are already a member of the organisation %(name)s.")
            % {"name": organisation.name}
        )
    return OrganisationError(
        _(
            "You have already asked to join the organisation %(name)s: your request "
            "is awaiting approval by its administrators."
        )
        % {"name": organisation.name}
    )


@transaction.atomic
def organisation_create(
    *,
    user,
    name: str,
    siret: str,
    finess: str = "",
    legal_status: str = "",
    address: str = "",
    legal_representative: str = "",
) -> Organisation:
    """Register an organisation; its creator becomes its first administrator."""
    if not user.is_authenticated:
        raise OrganisationPermissionRefused(_("Sign in to register an organisation."))
    name = (name or "").strip()
    if not name:
        raise OrganisationError(_("Give the name of the organisation."))
    siret = _checked(normalise_siret(siret), validate_siret)
    finess = normalise_finess(finess)
    if finess:
        _checked(finess, validate_finess)
    existing = _organisation_with(siret)
    if existing is not None:
        raise _refuse_existing(user, existing)
    try:
        # A savepoint, so that losing a race on the SIRET leaves the outer
        # transaction usable.
        with transaction.atomic():
            organisation = Organisation.objects.create(
                name=name[:255],
                siret=siret,
                finess=finess,
                legal_status=(legal_status or "").strip()[:120],
                address=(address or "").strip(),
                legal_representative=(legal_representative or "").strip()[:200],
            )
    except IntegrityError:
        raise _refuse_existing(user, Organisation.objects.get(siret=siret)) from None
    Membership.objects.create(
        user=user,
        organisation=organisation,
        role=MembershipRole.ADMIN,
        status=MembershipStatus.ACTIVE,
    )
    return organisation


@transaction.atomic
def membership_request(*, user, siret: str) -> Membership:
    """Ask to join the organisation registered with ``siret``: a pending membership
    that one of its administrators approves or rejects. Its administrators are
    emailed the request."""
    if not user.is_authenticated:
        raise OrganisationPermissionRefused(_("Sign in to join an organisation."))
    siret = _checked(normalise_siret(siret), validate_siret)
    organisation = _organisation_with(siret)
    if organisation is None:
        raise OrganisationNotFound(
            _(
                "No organisation is registered with this SIRET number yet. "
                "You can register it yourself."
            )
        )
    if _membership_of(user, organisation) is not None:
        raise _refuse_existing(user, organisation)
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                user=user,
                organisation=organisation,
                role=MembershipRole.MEMBER,
                status=MembershipStatus.PENDING,
            )
    except IntegrityError:
        raise _refuse_existing(user, organisation) from None
    activity_record(
        actor=user,
        action="membership.requested",
        target=membership,
        scope=organisation,
        details={"member": user.get_username()},
    )
    request_email_enqueue(membership)
    return membership


def _lock_pending(membership: Membership, user) -> Membership:
    locked = (
        Membership.objects.select_for_update()
        .select_related("organisation", "user")
        .get(pk=membership.pk)
    )
    if not permissions.is_organisation_admin(user, locked.organisation):
        raise OrganisationPermissionRefused(
            _("Only the administrators of the organisation can handle its requests.")
        )
    if locked.status != MembershipStatus.PENDING:
        raise OrganisationError(_("This request has already been handled."))
    return locked


@transaction.atomic
def membership_approve(*, membership: Membership, user) -> Membership:
    """An administrator of the organisation accepts a pending request; the person
    who asked is emailed."""
    try:
        locked = _lock_pending(membership, user)
    except Membership.DoesNotExist:
        raise OrganisationError(_("This request has already been handled.")) from None
    locked.status = MembershipStatus.ACTIVE
    locked.save(update_fields=["status"])
    activity_record(
        actor=user,
        action="membership.approved",
        target=locked,
        scope=locked.organisation,
        details={"member": locked.user.get_username()},
    )
    answer_email_enqueue(locked, approved=True)
    return locked


@transaction.atomic
def membership_reject(*, membership: Membership, user) -> None:
    """An administrator of the organisation turns a pending request down; the
    person who asked is emailed, and the request is deleted, so that they may
    ask again later."""
    try:
        locked = _lock_pending(membership, user)
    except Membership.DoesNotExist:
        raise OrganisationError(_("This request has already been handled.")) from None
    activity_record(
        actor=user,
        action="membership.rejected",
        target=locked,
        scope=locked.organisation,
        details={"member": locked.user.get_username()},
    )
    answer_email_enqueue(locked, approved=False)
    locked.delete()
