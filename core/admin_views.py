"""The outbox in the Wagtail admin: a read-only listing for managers and
administrators, and the administrators' « Renvoyer » on a failed email."""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.views.generic import IndexView

from .enums import OutboundEmailStatus
from .exceptions import OutboxError
from .models import OutboundEmail
from .outbox import email_requeue
from .permissions import can_resend_email, can_view_outbox
from .time import paris_datetime_short


class OutboundEmailFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=OutboundEmailStatus.choices
    )

    class Meta:
        model = OutboundEmail
        fields = ["status"]


class ResendColumn(Column):
    """A « Renvoyer » button on failed rows, for administrators."""

    cell_template_name = "core/admin/resend_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        context["can_resend"] = (
            request is not None
            and can_resend_email(request.user)
            and instance.status == OutboundEmailStatus.FAILED
        )
        if context["can_resend"]:
            # Cell templates are rendered without the request, so the token is
            # handed over for {% csrf_token %}.
            context["csrf_token"] = get_token(request)
            context["resend_url"] = reverse("outbox_admin:resend", args=[instance.pk])
        return context


class OutboundEmailIndexView(IndexView):
    model = OutboundEmail
    page_title = _("Outgoing emails")
    header_icon = "mail"
    index_url_name = "outbox_admin:index"
    index_results_url_name = "outbox_admin:index_results"
    filterset_class = OutboundEmailFilterSet
    search_fields = None
    default_ordering = "-created_at"
    paginate_by = 50
    any_permission_required = None

    def dispatch(self, request, *args, **kwargs):
        if not can_view_outbox(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        # Large text fields stay in the database: the table never shows them.
        return OutboundEmail.objects.defer("body", "body_html", "context_data")

    @cached_property
    def columns(self):
        return [
            Column(
                "created_at",
                label=_("Created (Paris)"),
                accessor=lambda email: paris_datetime_short(email.created_at),
                sort_key="created_at",
            ),
            Column("to", label=_("Recipients"), accessor=lambda e: ", ".join(e.to)),
            Column("subject", label=_("Subject")),
            Column("template", label=_("Template"), sort_key="template"),
            StatusTagColumn(
                "status",
                label=_("Status"),
                accessor="get_status_display",
                primary=lambda email: email.status == OutboundEmailStatus.FAILED,
                sort_key="status",
            ),
            Column("attempts", label=_("Attempts")),
            Column(
                "last_error",
                label=_("Last error"),
                accessor=lambda e: Truncator(e.last_error).chars(120),
            ),
            Column(
                "sent_at",
                label=_("Sent (Paris)"),
                accessor=lambda email: paris_datetime_short(email.sent_at),
                sort_key="sent_at",
            ),
            ResendColumn("resend", label=""),
        ]


class OutboundEmailResendView(View):
    """POST only: queue one more attempt of a failed email."""

    http_method_names = ["post"]

    def post(self, request, pk: int):
        if not can_resend_email(request.user):
            raise PermissionDenied
        try:
            email_requeue(email_id=pk, user=request.user)
        except OutboxError:
            messages.error(request, _("Only a failed email can be sent again."))
        else:
            messages.success(request, _("The email has been queued again."))
        return redirect("outbox_admin:index")
