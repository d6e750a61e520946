"""The calls in the Wagtail admin: calls, authorities and territories."""

import django_filters
from django.utils.translation import gettext_lazy as _
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

from .enums import CallStatus
from .forms import CallAdminForm
from .models import Authority, Call, Territory
from .publication import publication_problems
from .selectors import status_q


class CallFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=CallStatus.choices, method="filter_status"
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
    model = Call
    icon = "form"
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
    ordering = ["-opens_at"]
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldRowPanel([FieldPanel("reference"), FieldPanel("kind")]),
                    FieldPanel("title"),
                    FieldPanel("authority"),
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
                    InlinePanel("criteria", label=_("Criteria"), min_num=0),
                ],
                heading=_("Evaluation grid"),
            ),
        ],
        base_form_class=CallAdminForm,
    )

    def get_queryset(self, request):
        return Call.objects.select_related("authority", "page").prefetch_related(
            "required_documents"
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
