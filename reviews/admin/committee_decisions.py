"""Recording the committee's decisions: one dossier's (``decision``: record or
correct it, the envelope confirmed with a reason when the amount goes over),
or the same refusal for several dossiers (``decisions_bulk``: a confirmation
that names them, then all recorded in one transaction, or none).

Silent: no email and nothing the applicant sees until the decisions are
released; each decision stays editable until then.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin import messages

from applications.enums import ApplicationState
from applications.models import Application
from applications.selectors import version_on_record
from core.formatting import euros
from core.time import paris_datetime_short

from .. import services
from ..enums import DecisionOutcome
from ..exceptions import DecisionRefused, EnvelopeExceeded, ReviewError
from ..forms.committee import BulkRefusalForm, DecisionForm
from ..models import Committee, Decision
from ..selectors import envelope_for_call, ranking_for_call
from ..selectors.committee import abstentions_of, committees_of
from .committee_views import CommitteeCallView, envelope_lines
from .manager_common import application_or_404, form_errors_message, show_refusal
from .manager_dossier import decimal_text

NOT_SENT = _(
    "Nothing is sent: the applicant is told nothing until the call's decisions "
    "are released, and the decision can be corrected until then."
)


class DecisionView(CommitteeCallView):
    template_name = "reviews/committee/decision.html"
    header_icon = "doc-full-inverse"
    page_title = _("Decision")
    form_class = DecisionForm

    def setup_call(self):
        self.application = application_or_404(self.request.user, self.kwargs["pk"])
        self.call = self.application.call
        self.decision = (
            Decision.objects.filter(application=self.application)
            .prefetch_related("conditions")
            .first()
        )

    def get_page_subtitle(self):
        return f"{self.application.reference} — {self.application.title}"

    def get_breadcrumbs_items(self):
        return self.committee_crumbs(("", self.application.reference))

    def get_form(self, data=None):
        count = len(self.decision.conditions.all()) if self.decision else 0
        return self.form_class(
            data,
            committees=Committee.objects.filter(call=self.call),
            conditions_count=count,
            initial=self.form_class.initial_of(self.decision),
        )

    def refused_here(self) -> str:
        """Why no decision can be recorded on this page ("" when it can)."""
        if self.decision is not None and self.decision.is_released:
            return str(
                _("This decision is released: it can no longer be changed here.")
            )
        if self.application.state != ApplicationState.REVIEWED:
            return str(
                _("A decision is recorded on a dossier whose review is completed.")
            )
        return ""

    def render_page(self, form, **context):
        envelope = envelope_for_call(self.call)
        version = version_on_record(self.application)
        consolidation = getattr(self.application, "consolidation", None)
        recap = [
            (_("Dossier"), f"{self.application.reference} — {self.application.title}"),
            (_("Lead organisation"), self.application.organisation.name),
            (
                _("Consolidated score"),
                decimal_text(consolidation.score if consolidation else None),
            ),
            (
                _("Requested amount"),
                euros(version.requested_amount)
                if version and version.requested_amount is not None
                else "—",
            ),
        ]
        abstentions = abstentions_of([self.application], committees_of(self.call))(
            self.application, self.decision
        )
        if abstentions:
            recap.append(
                (_("Not taking part (conflict declared)"), ", ".join(abstentions))
            )
        if self.decision is not None:
            recap.append(
                (
                    _("Decision recorded at"),
                    paris_datetime_short(self.decision.recorded_at),
                )
            )
        return self.render_to_response(
            self.get_context_data(
                form=form,
                application=self.application,
                call=self.call,
                decision=self.decision,
                recap=recap,
                refused_here=self.refused_here(),
                envelope_lines=envelope_lines(envelope),
                envelope=envelope,
                cancel_url=reverse("reviews_admin:committee", args=[self.call.pk]),
                **context,
            )
        )

    def get(self, request, *args, **kwargs):
        self.setup_call()
        # A decision confirmed over the envelope: its confirmation shown again.
        over = self.decision is not None and bool(self.decision.over_envelope_reason)
        return self.render_page(self.get_form(), over_envelope=over)

    def post(self, request, *args, **kwargs):
        self.setup_call()
        form = self.get_form(request.POST)
        if self.refused_here():
            return self.render_page(form)
        if not form.is_valid():
            form_errors_message(request)
            return self.render_form(form)
        return self.record(form, form.cleaned_data)

    def record(self, form, data):
        request = self.request
        try:
            services.decision_record(
                application=self.application,
                user=request.user,
                outcome=data["outcome"],
                amount=data.get("amount"),
                motivation=data.get("motivation", ""),
                conditions=data["conditions"],
                committee=data.get("committee"),
                confirm_over_envelope=data.get("confirm_over_envelope", False),
                over_envelope_reason=data.get("over_envelope_reason", ""),
                duration_months=data.get("duration_months"),
                opinion=data.get("opinion", ""),
            )
        except ReviewError as error:
            return self.refused(form, error)
        messages_success(
            request,
            _("The decision on %(reference)s is recorded.")
            % {"reference": self.application.reference},
        )
        return redirect("reviews_admin:committee", call_pk=self.call.pk)

    def refused(self, form, error: ReviewError):
        """The form again with the service's refusal: over the envelope, its
        confirmation asked; a field's error on its field; else the message."""
        request = self.request
        if isinstance(error, EnvelopeExceeded):
            reasons = show_refusal(request, error)
            if form.cleaned_data.get("confirm_over_envelope"):
                form.add_error("over_envelope_reason", str(error.message))
            return self.render_form(
                form, over_envelope=True, refusal=error.message, reasons=reasons
            )
        if isinstance(error, DecisionRefused) and error.errors:
            form.add_service_errors(error.errors)
            form_errors_message(request)
            return self.render_form(form)
        reasons = show_refusal(request, error)
        return self.render_form(form, refusal=error.message, reasons=reasons)

    def render_form(self, form, *, over_envelope=None, **context):
        """The form again, with the confirmations it was shown with."""
        if over_envelope is None:
            over_envelope = self.asked_confirmation()
        return self.render_page(form, over_envelope=over_envelope, **context)

    def asked_confirmation(self) -> bool:
        return "confirm_over_envelope" in self.request.POST or bool(
            self.request.POST.get("over_envelope_reason")
        )


def messages_success(request, text) -> None:
    """The success message, saying the decision is not sent."""
    messages.success(request, f"{text} {NOT_SENT}")


@dataclass(frozen=True)
class BulkRefusal:
    application: Application
    message: str
    reasons: list


def undecided_reviewed(call) -> list[Application]:
    """The call's reviewed dossiers without a decision, in ranking order."""
    decided = set(
        Decision.objects.filter(application__call=call).values_list(
            "application_id", flat=True
        )
    )
    return [
        row.application
        for row in ranking_for_call(call)
        if row.application.state == ApplicationState.REVIEWED
        and row.application.pk not in decided
    ]


class DecisionsBulkView(CommitteeCallView):
    template_name = "reviews/committee/bulk.html"
    page_title = _("Refuse several dossiers")

    def get_breadcrumbs_items(self):
        return self.committee_crumbs(("", self.page_title))

    def get_form(self, data=None):
        dossiers = undecided_reviewed(self.call)
        order = {d.pk: i for i, d in enumerate(dossiers)}
        form = BulkRefusalForm(
            data,
            applications=Application.objects.filter(pk__in=list(order)),
            committees=Committee.objects.filter(call=self.call),
        )
        # In ranking order, as the agenda lists them.
        form.fields["applications"].choices = [
            (d.pk, f"{d.reference} — {d.title}") for d in dossiers
        ]
        self.order = order
        return form

    def render_page(self, form, **context):
        return self.render_to_response(
            self.get_context_data(
                form=form,
                call=self.call,
                action_url=self.request.path,
                cancel_url=reverse("reviews_admin:committee", args=[self.call.pk]),
                **context,
            )
        )

    def get(self, request, *args, **kwargs):
        self.setup_call()
        return self.render_page(self.get_form())

    def post(self, request, *args, **kwargs):
        self.setup_call()
        form = self.get_form(request.POST)
        if not form.is_valid():
            form_errors_message(request)
            return self.render_page(form)
        data = form.cleaned_data
        chosen = sorted(data["applications"], key=lambda a: self.order[a.pk])
        if "edit" in request.POST or not data["confirmed"]:
            committee = data.get("committee")
            return self.render_page(
                form,
                confirming="edit" not in request.POST,
                chosen=chosen,
                committee_label=form.fields["committee"].label_from_instance(committee)
                if committee
                else "",
            )
        refusals = self.refuse_all(chosen, data)
        if refusals:
            form_errors_message_bulk(request, len(refusals))
            return self.render_page(form, refusals=refusals)
        messages_success(
            self.request,
            ngettext(
                "%(count)d refusal is recorded.",
                "%(count)d refusals are recorded.",
                len(chosen),
            )
            % {"count": len(chosen)},
        )
        return redirect("reviews_admin:committee", call_pk=self.call.pk)

    def refuse_all(self, chosen, data) -> list[BulkRefusal]:
        """Every refusal in one transaction, rolled back if one is refused."""
        refusals = []
        with transaction.atomic():
            for application in chosen:
                try:
                    services.decision_record(
                        application=application,
                        user=self.request.user,
                        outcome=DecisionOutcome.REJECTED,
                        motivation=data["motivation"],
                        committee=data.get("committee"),
                    )
                except ReviewError as error:
                    field_messages = [
                        str(m)
                        for ms in getattr(error, "errors", {}).values()
                        for m in ms
                    ]
                    refusals.append(
                        BulkRefusal(
                            application=application,
                            message=str(error.message),
                            reasons=[str(r) for r in error.reasons] + field_messages,
                        )
                    )
            if refusals:
                transaction.set_rollback(True)
        return refusals


def form_errors_message_bulk(request, count: int) -> None:
    messages.error(
        request,
        ngettext(
            "No decision was recorded: %(count)d dossier was refused.",
            "No decision was recorded: %(count)d dossiers were refused.",
            count,
        )
        % {"count": count},
    )
