"""The services' admin views, scoped to the user's regions.

The listing shows the services the permission policy lets the user see
(``directory.permissions.ServicePermissionPolicy``); Wagtail's generic edit,
delete, history and usage views fetch the object by its id and check the
model-wide permission only, so these also check the instance against the
policy, as the calls' views do (``calls.admin_views.InstancePermissionMixin``).
"""

from __future__ import annotations

from functools import reduce

from django.db.models import Q
from wagtail.admin.views.generic import history, models, usage

from calls.admin_views import InstancePermissionMixin
from core.search import search_terms

from .permissions import services_visible_to


class IndexView(models.IndexView):
    def get_base_queryset(self):
        return services_visible_to(self.request.user).select_related(
            "departement", "filiere"
        )

    def search_queryset(self, queryset):
        """Every term in the folded text the public search reads: accents, case
        and spacing ignored, identifiers typed with spaces found."""
        if not self.is_searching:
            return queryset
        terms = search_terms(self.search_query)
        return queryset.filter(
            reduce(Q.__and__, (Q(search_key__contains=term) for term in terms), Q())
        )


class EditView(InstancePermissionMixin, models.EditView):
    pass


class DeleteView(InstancePermissionMixin, models.DeleteView):
    pass


class HistoryView(InstancePermissionMixin, history.HistoryView):
    pass


class UsageView(InstancePermissionMixin, usage.UsageView):
    pass
