"""The committee of a call, for its managers: the sessions recorded, the agenda
(the reviewed dossiers in ranking order, each with its decision if any), the
running total against the envelope; and the form recording a session.

Decisions are recorded and corrected on ``decision`` and refused in bulk on
``decisions_bulk`` (``committee_decisions``). Nothing here is sent: the
decisions stay silent until they are released (``release_views``); the page
lists the call's releases, and a released decision is corrected on
``decision_correct`` (``committee_corrections``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from applications.selectors import version_on_record
from core.formatting import euros
from core.time import paris_datetime_short

from .. import services
from ..enums import DecisionOutcome
from ..exceptions import ReviewError
from ..forms.committee import CommitteeForm
from ..selectors.committee import (
    abstentions_of,
    committees_of,
    envelope_for_call,
    reviewed_in_ranking_order,
)
from ..selectors.release import releases_of
from .manager_common import (
    ManagerSectionMixin,
    call_breadcrumbs,
    call_or_404,
    form_errors_message,
    show_refusal,
)
from .manager_dossier import decimal_text
from .manager_table import export_links


def envelope_lines(envelope) -> list[str]:
    """The running total in words: the amounts awarded against the envelope,
    the laureates against the number expected; « dépassement » stated."""
    lines = []
    if envelope.envelope is None:
        lines.append(
            gettext("Awarded: %(awarded)s (the call states no envelope).")
            % {"awarded": euros(envelope.awarded)}
        )
    elif envelope.exceeded:
        lines.append(
            gettext(
                "Awarded: %(awarded)s for an envelope of %(envelope)s: over the "
                "envelope by %(over)s."
            )
            % {
                "awarded": euros(envelope.awarded),
                "envelope": euros(envelope.envelope),
                "over": euros(-envelope.remaining),
            }
        )
    else:
        lines.append(
            gettext(
                "Awarded: %(awarded)s of an envelope of %(envelope)s; "
                "%(remaining)s remaining."
            )
            % {
                "awarded": euros(envelope.awarded),
                "envelope": euros(envelope.envelope),
                "remaining": euros(envelope.remaining),
            }
        )
    if envelope.expected_laureates is None:
        lines.append(
            ngettext(
                "%(count)d laureate (the call states no expected number).",
                "%(count)d laureates (the call states no expected number).",
                envelope.laureates,
            )
            % {"count": envelope.laureates}
        )
    else:
        text = ngettext(
            "%(count)d laureate of %(expected)d expected.",
            "%(count)d laureates of %(expected)d expected.",
            envelope.laureates,
        ) % {"count": envelope.laureates, "expected": envelope.expected_laureates}
        if envelope.laureates > envelope.expected_laureates:
            text += " " + gettext("More laureates than expected.")
        lines.append(text)
    return lines


@dataclass
class AgendaItem:
    application: object
    rank: int | None
    score: str
    requested: str
    decision: object = None
    conditions_count: int = 0
    abstentions: list = field(default_factory=list)  # members' names

    @property
    def decision_amount(self) -> str:
        if self.decision is None or self.decision.amount is None:
            return "—"
        return euros(self.decision.amount)


def agenda(call, committees) -> list[AgendaItem]:
    """The call's reviewed dossiers in ranking order, with their requested
    amount, their decision and the members who take no part in it (a conflict
    declared on the dossier). A fixed number of queries."""
    rows = reviewed_in_ranking_order(call)
    applications = [row.application for row in rows]
    abstentions = abstentions_of(applications, committees)
    items = []
    for row in rows:
        application = row.application
        decision = getattr(application, "decision", None)
        version = version_on_record(application)
        items.append(
            AgendaItem(
                application=application,
                rank=row.rank,
                score=decimal_text(row.score),
                requested=euros(version.requested_amount)
                if version and version.requested_amount is not None
                else "—",
                decision=decision,
                conditions_count=len(decision.conditions.all()) if decision else 0,
                abstentions=abstentions(application, decision),
            )
        )
    return items


class CommitteeCallView(ManagerSectionMixin, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "group"

    def setup_call(self):
        self.call = call_or_404(self.request.user, self.kwargs["call_pk"])

    def get_page_subtitle(self):
        return f"{self.call.reference} — {self.call.title}"

    def committee_crumbs(self, *tail):
        return [
            *self.breadcrumbs_items,
            *call_breadcrumbs(
                self.call,
                (
                    reverse("reviews_admin:committee", args=[self.call.pk]),
                    _("Committee"),
                ),
                *tail,
            ),
        ]


class CommitteeView(CommitteeCallView):
    template_name = "reviews/committee/committee.html"
    page_title = _("Committee and decisions")

    def get(self, request, *args, **kwargs):
        self.setup_call()
        return super().get(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            *call_breadcrumbs(self.call, ("", _("Committee"))),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        committees = committees_of(self.call)
        items = agenda(self.call, committees)
        envelope = envelope_for_call(self.call)
        context.update(
            call=self.call,
            export_links=export_links(self.call),
            committees=[(c, paris_datetime_short(c.held_at)) for c in committees],
            items=items,
            undecided=sum(1 for item in items if item.decision is None),
            envelope=envelope,
            envelope_lines=envelope_lines(envelope),
            rejected=DecisionOutcome.REJECTED,
            releases=releases_of(self.call),
        )
        return context


def authority_staff(call):
    """The active staff of the call's authority, by name."""
    return (
        get_user_model()
        .objects.filter(is_active=True, authorities=call.authority_id)
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


class CommitteeCreateView(CommitteeCallView):
    template_name = "reviews/committee/committee_form.html"
    page_title = _("Record a committee session")

    def get_breadcrumbs_items(self):
        return self.committee_crumbs(("", self.page_title))

    def get_form(self, data=None):
        return CommitteeForm(data, staff=authority_staff(self.call))

    def render_page(self, form, **context):
        return self.render_to_response(
            self.get_context_data(
                form=form,
                call=self.call,
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
        try:
            services.committee_create(
                call=self.call,
                user=request.user,
                held_at=data["held_at"],
                place=data.get("place", ""),
                members=data["members"],
            )
        except ReviewError as error:
            reasons = show_refusal(request, error)
            return self.render_page(form, refusal=error.message, reasons=reasons)
        messages.success(request, _("The committee session was recorded."))
        return redirect("reviews_admin:committee", call_pk=self.call.pk)
