"""The directory in the Wagtail admin: its services, listed, filtered, searched
and edited by the managers of their region (``directory.permissions``)."""

from __future__ import annotations

import django_filters
from django import forms
from django.urls import path
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from . import admin_views
from .admin_forms import ServiceAdminForm
from .enums import AgeGroup
from .models import Service
from .permissions import (
    can_import_finess,
    departements_for,
    filieres_for,
    service_permission_policy,
)


def _label(name: str):
    return capfirst(Service._meta.get_field(name).verbose_name)


def _user(request):
    return request.user if request else None


class ServiceFilterSet(WagtailFilterSet):
    departement = django_filters.ModelChoiceFilter(
        label=_("département"),
        queryset=lambda request: departements_for(_user(request)),
    )
    filiere = django_filters.ModelChoiceFilter(
        label=_("filière territory"),
        queryset=lambda request: filieres_for(_user(request)),
    )
    age_group = django_filters.ChoiceFilter(
        label=_("Age group"), choices=AgeGroup.choices, method="filter_age_group"
    )

    class Meta:
        model = Service
        fields = [
            "kind",
            "departement",
            "filiere",
            "published",
            "illustrative",
            "source",
        ]

    def filter_age_group(self, queryset, name, value):
        if value == AgeGroup.CHILDREN:
            return queryset.filter(serves_children=True)
        return queryset.filter(serves_adults=True)


class YesNoColumn(Column):
    """« Oui » or « Non » in words: nothing said by an icon's colour alone."""

    def get_value(self, instance):
        return _("Yes") if super().get_value(instance) else _("No")


class FiliereColumn(Column):
    def get_value(self, instance):
        return instance.filiere or "—"


class ServiceViewSet(ModelViewSet):
    """Managers see and edit the services of their region only; administrators
    all; reviewers none (they hold no permission on services)."""

    model = Service
    icon = "list-ul"
    menu_label = _("Services")
    permission_policy = service_permission_policy
    index_view_class = admin_views.IndexView
    edit_view_class = admin_views.EditView
    delete_view_class = admin_views.DeleteView
    history_view_class = admin_views.HistoryView
    usage_view_class = admin_views.UsageView
    copy_view_enabled = False
    list_display = [
        "name",
        "kind",
        "commune",
        "departement",
        FiliereColumn("filiere", label=_label("filiere")),
        YesNoColumn("published", label=_label("published")),
        YesNoColumn("illustrative", label=_label("illustrative")),
        "source",
    ]
    filterset_class = ServiceFilterSet
    search_fields = ["search_key"]
    search_backend_name = None
    list_per_page = 50
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("name"), FieldPanel("kind")]),
                    FieldPanel("description"),
                    FieldRowPanel(
                        [FieldPanel("published"), FieldPanel("illustrative")]
                    ),
                ],
                heading=_("Service"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("organisation_name"),
                    FieldRowPanel(
                        [
                            FieldPanel("finess_et"),
                            FieldPanel("finess_ej"),
                            FieldPanel("siret"),
                        ]
                    ),
                ],
                heading=_("Establishment"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("address"),
                    FieldRowPanel([FieldPanel("postcode"), FieldPanel("commune")]),
                    FieldRowPanel(
                        [
                            FieldPanel("departement", widget=forms.Select),
                            FieldPanel("filiere", widget=forms.Select),
                        ]
                    ),
                ],
                heading=_("Place"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
                    FieldPanel("website"),
                ],
                heading=_("Contact"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [FieldPanel("serves_adults"), FieldPanel("serves_children")],
                        heading=_("Age groups served"),
                    ),
                    FieldPanel("beds"),
                ],
                heading=_("Public"),
            ),
            MultiFieldPanel(
                [FieldPanel("hours"), FieldPanel("out_of_hours")],
                heading=_("Hours"),
            ),
        ],
        base_form_class=ServiceAdminForm,
    )


class FinessImportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_import_finess(request.user)


class FinessImportViewSet(ViewSet):
    """« Importer un fichier FINESS »: the command's work from the admin."""

    name = "directory_finess"
    url_prefix = "annuaire/import-finess"
    icon = "upload"
    menu_label = _("Import a FINESS file")
    menu_item_class = FinessImportMenuItem

    def get_urlpatterns(self):
        return [path("", admin_views.FinessImportView.as_view(), name="import")]


class DirectoryGroup(ViewSetGroup):
    menu_label = _("Directory")
    menu_icon = "list-ul"
    menu_order = 250
    items = (
        ServiceViewSet("directory_services", url_prefix="annuaire"),
        FinessImportViewSet(),
    )


@hooks.register("register_admin_viewset")
def register_directory():
    return DirectoryGroup()
