"""Read queries on organisations and their members, with their prefetches."""

from __future__ import annotations

from django.db.models import Case, Count, OuterRef, Prefetch, QuerySet, Subquery, When
from django.db.models.functions import Coalesce

from .enums import MembershipRole, MembershipStatus
from .models import Membership, Organisation


def organisations_for_user(user) -> QuerySet[Organisation]:
    """The organisations the user is an active member of."""
    return Organisation.objects.filter(
        memberships__user_id=user.pk, memberships__status=MembershipStatus.ACTIVE
    ).distinct()


def memberships_for_user(user) -> QuerySet[Membership]:
    return Membership.objects.filter(user_id=user.pk).select_related("organisation")


def memberships_for_espace(user) -> QuerySet[Membership]:
    """The user's memberships, active and pending, by organisation name; each
    with ``pending_requests``, the number of requests to join that the user, as
    an active administrator of the organisation, has to handle (0 otherwise)."""
    pending = (
        Membership.objects.filter(
            organisation=OuterRef("organisation"), status=MembershipStatus.PENDING
        )
        .order_by()
        .values("organisation")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        memberships_for_user(user)
        .annotate(
            pending_requests=Case(
                When(
                    role=MembershipRole.ADMIN,
                    status=MembershipStatus.ACTIVE,
                    then=Coalesce(Subquery(pending), 0),
                ),
                default=0,
            )
        )
        .order_by("organisation__name", "pk")
    )


def organisation_for_member(user, pk: int) -> Organisation:
    """One organisation the user is an active member of, with its active members
    (``active_memberships``) and pending requests (``pending_memberships``);
    ``Organisation.DoesNotExist`` otherwise (views answer 404)."""
    members = Membership.objects.select_related("user").order_by(
        "user__last_name", "user__first_name", "user__username"
    )
    return (
        organisations_for_user(user)
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=members.filter(status=MembershipStatus.ACTIVE),
                to_attr="active_memberships",
            ),
            Prefetch(
                "memberships",
                queryset=members.filter(status=MembershipStatus.PENDING).order_by(
                    "created_at", "pk"
                ),
                to_attr="pending_memberships",
            ),
        )
        .get(pk=pk)
    )


def membership_of_organisation(organisation: Organisation, pk: int) -> Membership:
    """One membership (or request) of ``organisation``; ``Membership.DoesNotExist``
    otherwise."""
    return Membership.objects.select_related("user", "organisation").get(
        pk=pk, organisation=organisation
    )
