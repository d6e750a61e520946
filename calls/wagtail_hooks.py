"""The calls in the Wagtail admin: calls, authorities and territories."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .enums import CallStatus
from .forms import CallAdminForm
from .models import Authority, Call, Territory
from .permissions import authorities_for, call_permission_policy, calls_visible_to
from .publication import publication_problems
from .selectors import status_q


def _authorities_of_request(request):
    return authorities_for(request.user if request else None)


class CallFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=CallStatus.choices, method="filter_status"
    )
    authority = django_filters.ModelChoiceFilter(
        label=_("issuing authority"), queryset=_authorities_of_request
    )

    class Meta:
        model = Call
        fields = ["kind", "authority"]

    def filter_status(self, queryset, name, value):
        return queryset.filter(status_q(value))


class StatusColumn(Column):
    def get_value(self, instance):
        return instance.status().label


class PublicationColumn(Column):
    """Whether applicants are offered the call, and if not, why."""

    def get_value(self, instance):
        problems = publication_problems(instance)
        if not problems:
            return _("Published")
        return _("Not offered: %(problems)s") % {"problems": "; ".join(problems)}


class CallViewSet(SnippetViewSet):
    """Staff see and act on their own authorities' calls only; administrators on
    all (``calls.permissions``)."""

    model = Call
    icon = "form"
    permission_policy = call_permission_policy
    edit_view_class = admin_views.EditView
    copy_view_class = admin_views.CopyView
    delete_view_class = admin_views.DeleteView
    delete_template_name = "calls/admin/confirm_delete.html"
    usage_view_class = admin_views.UsageView
    history_view_class = admin_views.HistoryView
    inspect_view_class = admin_views.InspectView
    chooser_viewset_class = admin_views.CallChooserViewSet
    menu_label = _("Calls")
    list_display = [
        "reference",
        "title",
        "kind",
        "authority",
        StatusColumn("status", label=_("Status")),
        PublicationColumn("publication", label=_("Publication")),
        "closes_at",
    ]
    list_export = [
        "reference",
        "title",
        "kind",
        "authority",
        "opens_at",
        "closes_at",
        "envelope",
    ]
    filterset_class = CallFilterSet
    search_fields = ["title", "reference"]
    # The ORM's icontains: Wagtail's database search backend on SQLite fails on a
    # field-restricted search ("no such column: reference").
    search_backend_name = None
    ordering = ["-opens_at"]
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldRowPanel([FieldPanel("reference"), FieldPanel("kind")]),
                    FieldPanel("title"),
                    FieldPanel("authority", widget=forms.Select),
                    FieldPanel("summary"),
                    FieldRowPanel(
                        [FieldPanel("opens_at"), FieldPanel("closes_at")],
                        heading=_("Submission window (Europe/Paris)"),
                    ),
                    FieldPanel("confirm_closing"),
                    FieldRowPanel(
                        [FieldPanel("envelope"), FieldPanel("expected_laureates")]
                    ),
                    FieldPanel("territories"),
                ],
                heading=_("General"),
            ),
            ObjectList([FieldPanel("questionnaire")], heading=_("Questionnaire")),
            ObjectList(
                [InlinePanel("required_documents", label=_("Required documents"))],
                heading=_("Documents"),
            ),
            ObjectList(
                [
                    MultiFieldPanel(
                        [
                            FieldPanel("lead_categories"),
                            FieldPanel("steering_body_required"),
                        ],
                        heading=_("Lead and steering body"),
                    ),
                    InlinePanel("governance_rules", label=_("Partner rules")),
                ],
                heading=_("Governance"),
            ),
            ObjectList(
                [
                    FieldPanel("min_reviews"),
                    FieldPanel("spread_threshold"),
                    FieldPanel("peer_reviews_visible"),
                    FieldPanel("normalisation_min_reviews"),
                    InlinePanel("criteria", label=_("Criteria"), min_num=0),
                ],
                heading=_("Evaluation grid"),
            ),
            ObjectList(
                [
                    FieldRowPanel(
                        [
                            FieldPanel("retention_years_accepted"),
                            FieldPanel("retention_years_other"),
                        ]
                    ),
                ],
                heading=_("Retention"),
            ),
        ],
        base_form_class=CallAdminForm,
    )

    def get_queryset(self, request):
        return (
            calls_visible_to(request.user)
            .select_related("authority", "page")
            .prefetch_related("required_documents")
        )


class AuthorityViewSet(SnippetViewSet):
    model = Authority
    icon = "globe"
    menu_label = _("Authorities")
    list_display = ["name", "short_name", "region", "signatory_name"]
    search_fields = ["name", "short_name"]
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("short_name")]),
        FieldRowPanel([FieldPanel("slug"), FieldPanel("region")]),
        FieldPanel("siret"),
        FieldPanel("address"),
        FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
        FieldPanel("website"),
        FieldRowPanel([FieldPanel("signatory_name"), FieldPanel("signatory_title")]),
        FieldPanel("court"),
        FieldPanel("logo"),
        FieldPanel("staff"),
    ]

    def get_queryset(self, request):
        return Authority.objects.select_related("region")


class TerritoryFilterSet(WagtailFilterSet):
    class Meta:
        model = Territory
        fields = ["level", "parent"]


class TerritoryViewSet(SnippetViewSet):
    model = Territory
    icon = "site"
    menu_label = _("Territories")
    list_display = ["name", "code", "level", "parent"]
    filterset_class = TerritoryFilterSet
    search_fields = ["name", "code"]
    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("code"), FieldPanel("level")]),
        FieldPanel("parent"),
    ]

    def get_queryset(self, request):
        return Territory.objects.select_related("parent")


class CallsGroup(SnippetViewSetGroup):
    menu_label = _("Calls for applications")
    menu_icon = "form"
    menu_order = 200
    items = (CallViewSet, AuthorityViewSet, TerritoryViewSet)


register_snippet(CallsGroup)


# After Wagtail's own delete bulk action (registered later, at order 0), so that
# this one replaces it for calls.
hooks.register("register_bulk_action", admin_views.CallDeleteBulkAction, order=1)
