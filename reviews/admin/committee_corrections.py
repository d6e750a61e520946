"""The correction of a released decision (``decision_correct``): the decision
as notified and its letters, the form (the decision's fields and the reason for
the correction), a recap to confirm, then a new letter superseding the earlier
one, notified at once; the manager is taken to that release's progress.

Taking back what an acceptance granted (CRPA L242-1) asks for one more
confirmation, ticked on the form.
"""

from __future__ import annotations

from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages

from core.formatting import euros

from .. import services
from ..enums import DecisionOutcome, ReleaseItemStatus
from ..exceptions import ReviewError
from ..forms.release import L242_1_WARNING, CorrectionForm
from ..selectors.notification import manager_decision_notice
from ..selectors.release import latest_release_of
from .committee_decisions import DecisionView
from .manager_common import form_errors_message


def outcome_summary(outcome: str, amount) -> str:
    """« Accepté — 40 000 € »: a decision's outcome and amount in a line."""
    label = DecisionOutcome(outcome).label
    return f"{label} — {euros(amount)}" if amount is not None else str(label)


class DecisionCorrectionView(DecisionView):
    template_name = "reviews/committee/correction.html"
    page_title = _("Correct a released decision")
    form_class = CorrectionForm

    def get_breadcrumbs_items(self):
        return self.committee_crumbs(
            ("", f"{self.application.reference} — {self.page_title}")
        )

    def refused_here(self) -> str:
        if self.decision is None or not self.decision.is_released:
            return str(
                _(
                    "This decision is not released yet: correct it on the "
                    "committee page."
                )
            )
        if self.decision.outcome == DecisionOutcome.INADMISSIBLE:
            return str(_("An inadmissibility is not corrected here."))
        if self.decision.release_items.filter(
            status=ReleaseItemStatus.PENDING
        ).exists():
            return str(
                _(
                    "This decision is being notified: wait for its letter to be "
                    "sent before correcting it."
                )
            )
        return ""

    def render_page(self, form, **context):
        notice = manager_decision_notice(self.application)
        return super().render_page(
            form,
            decision_notice=notice,
            current_letter=notice.current.letter if notice and notice.current else None,
            l242_1_warning=L242_1_WARNING,
            current_summary=outcome_summary(self.decision.outcome, self.decision.amount)
            if self.decision
            else "",
            **context,
        )

    def record(self, form, data):
        """The correction checked (CRPA L242-1 when it takes back what an
        acceptance granted), then its recap, then done once confirmed."""
        request = self.request
        withdraws = services.withdraws_a_benefit(
            self.decision, data["outcome"], data.get("amount")
        )
        if withdraws and not data["confirm_withdrawal"]:
            form.add_error(
                "confirm_withdrawal",
                gettext(
                    "This correction takes back what the acceptance granted: "
                    "tick the confirmation."
                ),
            )
            form_errors_message(request)
            return self.render_form(form)
        if "edit" in request.POST or not data["confirmed"]:
            return self.render_page(
                form,
                confirming="edit" not in request.POST,
                withdrawal=withdraws,
                before=outcome_summary(self.decision.outcome, self.decision.amount),
                after=outcome_summary(data["outcome"], data.get("amount")),
                over_envelope=self.asked_confirmation(),
            )
        return self.correct(form, data)

    def render_form(self, form, **context):
        """The form again, with the confirmations it was shown with."""
        return super().render_form(
            form,
            withdrawal="confirm_withdrawal" in form.errors
            or bool(form.data.get("confirm_withdrawal")),
            **context,
        )

    def correct(self, form, data):
        request = self.request
        try:
            decision = services.decision_correct(
                decision=self.decision,
                user=request.user,
                reason=data["reason"],
                outcome=data["outcome"],
                amount=data.get("amount"),
                motivation=data.get("motivation", ""),
                conditions=data["conditions"],
                confirm_over_envelope=data.get("confirm_over_envelope", False),
                over_envelope_reason=data.get("over_envelope_reason", ""),
                duration_months=data.get("duration_months"),
                opinion=data.get("opinion", ""),
                confirm_withdrawal=data.get("confirm_withdrawal", False),
            )
        except ReviewError as error:
            return self.refused(form, error)
        messages.success(
            request,
            _(
                "The decision on %(reference)s is corrected: its new letter is "
                "being sent to the applicant."
            )
            % {"reference": self.application.reference},
        )
        batch = latest_release_of(decision)
        return redirect(
            "reviews_admin:release_progress", call_pk=self.call.pk, batch_pk=batch.pk
        )
