"""The "Dossiers" listing: submitted dossiers of the calls the manager acts on."""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic import IndexView

from core.time import paris_datetime_short

from ..enums import ApplicationState
from ..models import Application
from .selectors import (
    applications_managed_by,
    applications_matching,
    calls_managed_by,
    is_manager,
)

LISTED_STATES = [
    (value, label)
    for value, label in ApplicationState.choices
    if value != ApplicationState.DRAFT
]


def _calls(request):
    return calls_managed_by(request.user)


class DossierFilterSet(WagtailFilterSet):
    call = django_filters.ModelChoiceFilter(label=_("Call"), queryset=_calls)
    state = django_filters.ChoiceFilter(label=_("State"), choices=LISTED_STATES)

    class Meta:
        model = Application
        fields = ["call", "state"]


class ManagerRequiredMixin:
    """Managers (group « Gestionnaires ») and superusers only; the data they see is
    then scoped to their authorities by the selectors."""

    def dispatch(self, request, *args, **kwargs):
        if not is_manager(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def dossier_url(application: Application) -> str:
    return reverse("dossiers_admin:detail", args=[application.pk])


class DossierIndexView(ManagerRequiredMixin, IndexView):
    model = Application
    page_title = _("Dossiers")
    header_icon = "folder-open-inverse"
    index_url_name = "dossiers_admin:index"
    index_results_url_name = "dossiers_admin:index_results"
    filterset_class = DossierFilterSet
    # Searched by ``applications_matching`` (accents, SIRET, SIREN, FINESS).
    search_fields = ["reference", "title", "organisation__name"]
    search_backend_name = None
    default_ordering = "-submitted_at"
    paginate_by = 50
    any_permission_required = None

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "reference",
                label=_("Reference"),
                sort_key="reference",
                get_url=dossier_url,
            ),
            Column("title", label=_("Title"), sort_key="title"),
            Column(
                "organisation", label=_("Organisation"), accessor="organisation.name"
            ),
            Column("call", label=_("Call"), accessor="call.reference"),
            StatusTagColumn(
                "state",
                label=_("State"),
                accessor="get_state_display",
                primary=lambda application: (
                    application.state == ApplicationState.SUBMITTED
                ),
            ),
            Column(
                "submitted_at",
                label=_("Submitted at (Paris)"),
                accessor=lambda row: paris_datetime_short(row.submitted_at),
                sort_key="submitted_at",
            ),
            Column(
                "version_number",
                label=_("Version on record"),
                accessor="version_number",
            ),
        ]

    def get_base_queryset(self):
        return applications_managed_by(self.request.user)

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return applications_matching(queryset, self.search_query)
