"""Who may maintain which services of the directory in the Wagtail admin.

Managers (« Gestionnaires ») hold the model permissions on services; they act
on the services of the départements of their authorities' regions only.
Administrators (superusers) act on all; reviewers hold no permission on
services. ``ServicePermissionPolicy`` carries the rule into the admin: the
listing asks it for the services a user may see, the edit, delete, history and
usage views for the one they open, the forms for the territories they offer.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from wagtail.permission_policies import ModelPermissionPolicy

from calls.enums import TerritoryLevel
from calls.models import Authority, Territory
from calls.permissions import authority_ids_of

from .models import Service

_CACHE = "_sillon_region_ids"

#: Every action that lets a user see a service in the admin.
ANY_ACTION = ["add", "change", "delete", "view"]


def region_ids_of(user) -> frozenset[int]:
    """The regions of the authorities ``user`` is staff of (cached on the user
    object, which lives for one request)."""
    if not hasattr(user, _CACHE):
        authorities = authority_ids_of(user)
        regions = Authority.objects.filter(pk__in=authorities).values_list(
            "region_id", flat=True
        )
        setattr(user, _CACHE, frozenset(regions) if authorities else frozenset())
    return getattr(user, _CACHE)


def _is_administrator(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_superuser


def may_act_in_region(user, region_id: int | None) -> bool:
    """An active administrator, or an active staff member of an authority of that
    region."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or region_id in region_ids_of(user)


class ServicePermissionPolicy(ModelPermissionPolicy):
    """The model-wide permissions of the staff groups, narrowed to the services
    of the user's regions (a service's region is its département's parent)."""

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and may_act_in_region(
            user, instance.departement.parent_id
        )

    def instances_user_has_any_permission_for(self, user, actions):
        services = super().instances_user_has_any_permission_for(user, actions)
        if _is_administrator(user):
            return services
        return services.filter(departement__parent_id__in=region_ids_of(user))

    def users_with_any_permission_for_instance(self, actions, instance):
        users = super().users_with_any_permission_for_instance(actions, instance)
        return users.filter(
            Q(is_superuser=True)
            | Q(authorities__region_id=instance.departement.parent_id)
        ).distinct()


service_permission_policy = ServicePermissionPolicy(Service)


def services_visible_to(user) -> QuerySet[Service]:
    """The services ``user`` may see in the admin."""
    return service_permission_policy.instances_user_has_any_permission_for(
        user, ANY_ACTION
    )


def departements_for(user) -> QuerySet[Territory]:
    """The départements ``user`` may place a service in."""
    departements = Territory.objects.filter(level=TerritoryLevel.DEPARTEMENT)
    if _is_administrator(user):
        return departements
    return departements.filter(parent_id__in=region_ids_of(user))


def filieres_for(user) -> QuerySet[Territory]:
    """The filière territories of ``user``'s regions (a filière hangs from its
    region or from one of its départements)."""
    filieres = Territory.objects.filter(level=TerritoryLevel.FILIERE)
    if _is_administrator(user):
        return filieres
    regions = region_ids_of(user)
    return filieres.filter(Q(parent_id__in=regions) | Q(parent__parent_id__in=regions))


def regions_for(user) -> QuerySet[Territory]:
    """The regions ``user`` may import FINESS records into."""
    regions = Territory.objects.filter(level=TerritoryLevel.REGION)
    if _is_administrator(user):
        return regions
    return regions.filter(pk__in=region_ids_of(user))


def can_import_finess(user) -> bool:
    """Who may add and change services, for a region at least."""
    return (
        service_permission_policy.user_has_permission(user, "add")
        and service_permission_policy.user_has_permission(user, "change")
        and (_is_administrator(user) or bool(region_ids_of(user)))
    )


def region_id_of(territory: Territory) -> int | None:
    """The region a département or a filière belongs to."""
    if territory.level == TerritoryLevel.DEPARTEMENT:
        return territory.parent_id
    if territory.parent is None:
        return None
    if territory.parent.level == TerritoryLevel.REGION:
        return territory.parent_id
    return territory.parent.parent_id
