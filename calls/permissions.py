"""Who may act on which call: staff act on the calls of the authorities they
belong to (``Authority.staff``), administrators (superusers) on every call.

``CallPermissionPolicy`` carries the rule into the Wagtail admin: the call
snippet's views, listing and chooser ask it for the instances a user may act on;
the call pages ask :func:`may_act_for_authority` (``cms.permissions``).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from wagtail.permission_policies import ModelPermissionPolicy

from .models import Authority, Call

_CACHE = "_sillon_authority_ids"


def authority_ids_of(user) -> frozenset[int]:
    """The ids of the authorities ``user`` is staff of (cached on the user
    object, which lives for one request)."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, _CACHE, None)
    if cached is None:
        cached = frozenset(
            Authority.staff.through.objects.filter(user_id=user.pk).values_list(
                "authority_id", flat=True
            )
        )
        setattr(user, _CACHE, cached)
    return cached


def may_act_for_authority(user, authority_id: int | None) -> bool:
    """An active administrator, or an active staff member of that authority."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or authority_id in authority_ids_of(user)


def authorities_for(user) -> QuerySet[Authority]:
    """The authorities ``user`` may issue calls for."""
    if not (user is not None and user.is_authenticated and user.is_active):
        return Authority.objects.none()
    if user.is_superuser:
        return Authority.objects.all()
    return Authority.objects.filter(pk__in=authority_ids_of(user))


class CallPermissionPolicy(ModelPermissionPolicy):
    """The model-wide permissions of the staff groups, narrowed to the calls of
    the user's authorities."""

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and may_act_for_authority(
            user, instance.authority_id
        )

    def instances_user_has_any_permission_for(self, user, actions):
        calls = super().instances_user_has_any_permission_for(user, actions)
        if user.is_active and user.is_superuser:
            return calls
        return calls.filter(authority_id__in=authority_ids_of(user))

    def users_with_any_permission_for_instance(self, actions, instance):
        users = super().users_with_any_permission_for_instance(actions, instance)
        return users.filter(
            Q(is_superuser=True) | Q(authorities=instance.authority_id)
        ).distinct()


#: Every action that lets a user see a call in the admin.
ANY_ACTION = ["add", "change", "delete", "view"]


call_permission_policy = CallPermissionPolicy(Call)


def calls_visible_to(user) -> QuerySet[Call]:
    """The calls ``user`` may see in the admin (listing, chooser)."""
    if user is None:
        return Call.objects.none()
    return call_permission_policy.instances_user_has_any_permission_for(
        user, ANY_ACTION
    )
